"""The database backend's index: one row per `Document`, plus its exact codes.

The full-text part lives beside these tables, created by migration 0002: an
FTS5 table kept in sync by triggers on SQLite, a GIN expression index on
PostgreSQL. Both read `tokens`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    key = models.CharField(_("key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16)
    object_id = models.BigIntegerField(_("object id"))
    title = models.TextField(_("title"))
    text = models.TextField(_("text"))
    tokens = models.TextField(_("tokens"))
    # Space-joined, for display and the check; lookups go through SearchCode.
    codes = models.TextField(_("codes"), blank=True)
    url = models.CharField(_("URL"), max_length=255)
    date = models.DateField(_("date"), null=True)
    year = models.SmallIntegerField(_("year"), null=True)
    region_code = models.CharField(_("region code"), max_length=6, blank=True)
    province_code = models.CharField(_("province code"), max_length=6, blank=True)
    # A plain number: the index must not hold up deleting an authority.
    authority_id = models.BigIntegerField(_("authority id"), null=True)
    authority_name = models.CharField(_("authority"), max_length=255, blank=True)
    categories = models.CharField(_("categories"), max_length=255, blank=True)
    list_slug = models.CharField(_("list"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated"), null=True)

    class Meta:
        verbose_name = _("search document")
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["region_code"]),
            models.Index(fields=["authority_id"]),
            models.Index(fields=["list_slug"]),
            models.Index(fields=["year"]),
        ]

    def __str__(self):
        return self.key


class SearchCode(models.Model):
    """One exact code of a document (USCC, decision number, ID hash), indexed.

    A separate table rather than a LIKE on `codes`: an equality lookup on an
    indexed column is fast on both engines, where '% code %' scans every row.
    """

    # DO_NOTHING: the backend deletes codes itself, in one statement per batch,
    # instead of Django collecting every document first.
    document = models.ForeignKey(
        SearchDocument, on_delete=models.DO_NOTHING, related_name="+"
    )
    code = models.CharField(_("code"), max_length=128, db_index=True)

    class Meta:
        verbose_name = _("search code")

    def __str__(self):
        return self.code
