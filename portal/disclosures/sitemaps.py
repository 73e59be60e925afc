from django.contrib.sitemaps import Sitemap

from portal.disclosures.models import Penalty, Permit


class _RecordSitemap(Sitemap):
    i18n = True
    limit = 20000

    def lastmod(self, record):
        return record.updated_at


class PermitSitemap(_RecordSitemap):
    def items(self):
        return Permit.objects.public().only("pk", "updated_at").order_by("pk")


class PenaltySitemap(_RecordSitemap):
    def items(self):
        return Penalty.objects.public().only("pk", "updated_at").order_by("pk")
