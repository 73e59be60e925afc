"""One export-row definition per dataset, shared by the API, downloads and bulk files.

Every public surface that writes rows (API items, CSV / JSON Lines / XLSX
downloads, snapshot and delta files) reads these columns, so the columns and
the masking are the same everywhere. Personal data appears exactly as the pages
show it: a natural person's name with the given name hidden, ID numbers masked,
never the numbers themselves.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.dates import local_today
from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.disclosures.models import Penalty, Permit
from portal.opendata.columns import Column, Plan, from_model
from portal.registry.models import Authority, CounterpartCategory, Entity, Region

# Raised whenever a column is added, removed or changes meaning; the manifest,
# the Table Schemas and every file say which version they follow. 1.1: an
# empty enumeration (id_type, removal_reason...) is null in JSON, not "".
SCHEMA_VERSION = "1.1"


@dataclass(frozen=True)
class Dataset:
    name: str  # in URLs and file names: "penalties"
    title: str
    description: str
    model: type
    public: Callable[[], QuerySet]  # the visibility rule: what snapshots hold
    columns: tuple[Column, ...]
    collection: Callable[[], QuerySet] | None = None  # what its page lists

    def __str__(self):
        return self.name

    def base(self) -> QuerySet:
        """Return what the collection page and the API list, before filters."""
        return (self.collection or self.public)()

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def plan(self, names=None) -> Plan:
        """Return the reading plan of all columns, or of the named ones in order."""
        if not names:
            return _full_plan(self)
        return Plan.of(self.column(name) for name in names)


@functools.cache
def _full_plan(dataset: Dataset) -> Plan:
    return Plan.of(dataset.columns)


@functools.cache
def _url_pattern(name: str, kwarg: str) -> str:
    # Reversed once: a reverse() per row would cost more than the row itself.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs={kwarg: "0"}).rsplit("0", 1)[0]


class PageUrl:
    """A page's address from the value in it: in Python, or as SQL for CSV."""

    def __init__(self, name: str, kwarg: str):
        self.name, self.kwarg = name, kwarg
        self._prefix = ""

    def prefix(self) -> str:
        # Found on first use, once the URLconf is loaded; then a plain string.
        self._prefix = self._prefix or _url_pattern(self.name, self.kwarg)
        return self._prefix

    def __call__(self, value) -> str:
        return f"{self.prefix()}{value}/"

    def sql_text(self, path: str):
        """Return an expression giving the same text (see opendata.sqltext)."""
        return Concat(
            Value(self.prefix()),
            Cast(F(path), output_field=CharField()),
            Value("/"),
            output_field=CharField(),
        )


def page_url(name: str, kwarg: str) -> Callable:
    return PageUrl(name, kwarg)


class _PublicName:
    """A counterpart's name as the pages show it: a natural person's masked."""

    def __call__(self, name: str, category: str) -> str:
        if category == CounterpartCategory.NATURAL_PERSON:
            return identifiers.mask_person_name(name)
        return name

    def sql_text(self, name: str, category: str):
        return Case(
            When(
                Q(**{category: CounterpartCategory.NATURAL_PERSON}),
                then=identifiers.MaskedPersonName(F(name)),
            ),
            default=F(name),
            output_field=CharField(),
        )


class _Code:
    """The code the entity list shows: masked ID, USCC or registration number."""

    def __call__(self, uscc: str, id_masked: str, registration_number: str) -> str:
        if id_masked:
            return id_masked
        if uscc and uscc != identifiers.USCC_PLACEHOLDER:
            return uscc
        return registration_number

    def sql_text(self, uscc: str, id_masked: str, registration_number: str):
        # The fields are NOT NULL: "not empty" is all Python's truth test means.
        return Case(
            When(~Q(**{id_masked: ""}), then=F(id_masked)),
            When(
                ~Q(**{uscc: ""}) & ~Q(**{uscc: identifiers.USCC_PLACEHOLDER}),
                then=F(uscc),
            ),
            default=F(registration_number),
            output_field=CharField(),
        )


def id_column(model) -> Column:
    return Column(
        name="id",
        sources=("pk",),
        type="integer",
        title=_("ID"),
        description=_("Stable identifier of the row; never reused."),
        required=True,
    )


def _page(model, url_name: str, kwarg: str, source: str = "pk") -> Column:
    return Column(
        name="url",
        sources=(source,),
        title=_("page"),
        description=_("Address of its page on this portal, from the site's root."),
        compute=page_url(url_name, kwarg),
        required=True,
    )


def _entity_columns(
    model, prefix: str = "entity", *, as_decided: bool = False
) -> tuple[Column, ...]:
    """Columns naming the counterpart of a record or the entity on a list.

    A record (`as_decided`) names the counterpart as its decision does; the
    entity's current name is on its own row of the entities dataset.
    """
    if as_decided:
        name_source = "counterpart_name"
        name_description = _(
            "As the decision names the counterpart, whatever it is called now. "
            "A natural person's given name is hidden (张*)."
        )
    else:
        name_source = f"{prefix}__name"
        name_description = _("A natural person's given name is hidden (张*).")
    return (
        Column(
            name="entity_id",
            sources=(f"{prefix}_id",),
            type="integer",
            title=_("entity ID"),
            required=True,
        ),
        Column(
            name="entity_key",
            sources=(f"{prefix}__key",),
            title=_("entity key"),
            description=_(
                "The entity's unified social credit code, or an opaque key when it "
                "has none to show."
            ),
            required=True,
        ),
        Column(
            name="entity_name",
            sources=(name_source, f"{prefix}__category"),
            title=_("counterpart name"),
            description=name_description,
            compute=_PublicName(),
            required=True,
        ),
        from_model(model, f"{prefix}__category", name="entity_category"),
        Column(
            name="entity_code",
            sources=(
                f"{prefix}__uscc",
                f"{prefix}__id_masked",
                f"{prefix}__business_registration_number",
            ),
            title=_("counterpart code"),
            description=_(
                "Unified social credit code; for a natural person the masked ID "
                "number; for an individual business without a code its business "
                "registration number."
            ),
            compute=_Code(),
        ),
        Column(
            name="entity_url",
            sources=(f"{prefix}__key",),
            title=_("counterpart page"),
            compute=page_url("entities:detail", "key"),
        ),
    )


def authority_columns(model, prefix: str = "authority") -> tuple[Column, ...]:
    return (
        Column(
            name="authority_id",
            sources=(f"{prefix}_id",),
            type="integer",
            title=_("authority ID"),
            required=True,
        ),
        from_model(model, f"{prefix}__name", name="authority_name"),
    )


def _record_columns(model) -> tuple[Column, ...]:
    """The lifecycle and provenance columns permits and penalties share."""
    return (
        from_model(model, "state"),
        from_model(model, "version"),
        from_model(model, "published_at"),
        from_model(model, "publication_deadline", required=True),
        from_model(model, "data_source_name"),
        from_model(model, "data_source_uscc"),
        from_model(model, "remarks"),
        from_model(model, "updated_at"),
    )


def _former_names(names, category) -> list:
    # A person's former names would show the given name the page hides.
    if category == CounterpartCategory.NATURAL_PERSON:
        return []
    return list(names or [])


def _plain_uscc(value: str) -> str:
    return "" if value == identifiers.USCC_PLACEHOLDER else value


ENTITIES = Dataset(
    name="entities",
    title=_("Entities"),
    description=_(
        "Organisations, individual businesses and natural persons that records "
        "and list entries are about."
    ),
    model=Entity,
    public=Entity.objects.all,
    columns=(
        id_column(Entity),
        from_model(Entity, "key", required=True),
        _page(Entity, "entities:detail", "key", source="key"),
        Column(
            name="name",
            sources=("name", "category"),
            title=_("name"),
            description=_("A natural person's given name is hidden (张*)."),
            compute=_PublicName(),
            required=True,
        ),
        from_model(Entity, "category"),
        Column(
            name="uscc",
            sources=("uscc",),
            title=_("unified social credit code"),
            description=_("Empty for natural persons and for the placeholder code."),
            compute=_plain_uscc,
        ),
        from_model(Entity, "business_registration_number"),
        from_model(Entity, "organisation_code"),
        from_model(Entity, "legal_representative"),
        from_model(Entity, "id_type"),
        from_model(
            Entity,
            "id_masked",
            name="id_number_masked",
            description=_("Only the masked form is ever published."),
        ),
        from_model(Entity, "region__code", name="region_code", required=False),
        from_model(Entity, "region__name", name="region_name", required=False),
        Column(
            name="former_names",
            sources=("former_names", "category"),
            type="list",
            title=_("former names"),
            description=_("Earlier names of organisations (none for persons)."),
            compute=_former_names,
        ),
        from_model(Entity, "updated_at"),
    ),
)

AUTHORITIES = Dataset(
    name="authorities",
    title=_("Authorities"),
    description=_("Government departments that decide permits, penalties or listings."),
    model=Authority,
    public=Authority.objects.all,
    columns=(
        id_column(Authority),
        _page(Authority, "authorities:detail", "pk"),
        from_model(Authority, "name"),
        from_model(Authority, "uscc"),
        from_model(Authority, "region__code", name="region_code"),
        from_model(Authority, "region__name", name="region_name"),
        from_model(Authority, "level"),
        from_model(Authority, "kind"),
    ),
)

REGIONS = Dataset(
    name="regions",
    title=_("Regions"),
    description=_("Administrative divisions with their GB/T 2260 codes."),
    model=Region,
    public=Region.objects.all,
    columns=(
        id_column(Region),
        from_model(Region, "code"),
        from_model(Region, "name"),
        from_model(Region, "name_en"),
        from_model(Region, "level"),
        from_model(
            Region,
            "parent__code",
            name="parent_code",
            title=_("parent region code"),
            required=False,
        ),
    ),
)

LISTS = Dataset(
    name="lists",
    title=_("Red and black lists"),
    description=_("The lists, their legal basis, criteria and removal rules."),
    model=CreditList,
    public=CreditList.objects.all,
    columns=(
        id_column(CreditList),
        from_model(CreditList, "slug"),
        _page(CreditList, "lists:detail", "slug", source="slug"),
        from_model(CreditList, "name"),
        from_model(CreditList, "name_en"),
        from_model(CreditList, "colour"),
        from_model(CreditList, "keeper"),
        from_model(CreditList, "legal_basis"),
        from_model(CreditList, "criteria"),
        from_model(CreditList, "duration"),
        from_model(CreditList, "duration_months"),
        from_model(CreditList, "removal_rules"),
        from_model(CreditList, "repair_rules"),
        from_model(CreditList, "lists_minors"),
    ),
)

MEASURES = Dataset(
    name="measures",
    title=_("Measures"),
    description=_("Joint rewards and punishments attached to each list."),
    model=Measure,
    public=Measure.objects.all,
    columns=(
        id_column(Measure),
        from_model(Measure, "credit_list__slug", name="list_slug"),
        from_model(Measure, "kind"),
        from_model(Measure, "title"),
        from_model(Measure, "description"),
        from_model(Measure, "implementing_department"),
        from_model(Measure, "legal_basis"),
        from_model(Measure, "applies_to_representatives"),
        from_model(Measure, "order"),
    ),
)


def _entry_status(removed_on, expires_on, listed_on) -> str:
    today = local_today()
    if removed_on is not None:
        return "removed"
    if listed_on > today or (expires_on is not None and expires_on < today):
        return "expired"
    return "current"


LIST_ENTRIES = Dataset(
    name="list-entries",
    title=_("List entries"),
    description=_(
        "Entities' memberships of the lists. The bulk files hold the entries in "
        "force; the API and the list pages also show removed ones."
    ),
    model=ListEntry,
    public=ListEntry.objects.current,
    collection=ListEntry.objects.all,
    columns=(
        id_column(ListEntry),
        from_model(ListEntry, "credit_list__slug", name="list_slug"),
        from_model(ListEntry, "credit_list__name", name="list_name"),
        *_entity_columns(ListEntry),
        *authority_columns(ListEntry),
        from_model(ListEntry, "authority__region__code", name="region_code"),
        from_model(ListEntry, "reason"),
        from_model(ListEntry, "document_number"),
        from_model(ListEntry, "listed_on"),
        from_model(ListEntry, "expires_on"),
        from_model(ListEntry, "removed_on"),
        from_model(ListEntry, "removal_reason"),
        from_model(ListEntry, "removal_note"),
        Column(
            name="status",
            sources=("removed_on", "expires_on", "listed_on"),
            title=_("status"),
            description=_("Whether the entry is in force today."),
            choices=(
                ("current", _("Currently listed")),
                ("removed", _("Removed")),
                ("expired", _("Listing period ended")),
            ),
            compute=_entry_status,
            required=True,
        ),
        from_model(ListEntry, "updated_at"),
    ),
)

PERMITS = Dataset(
    name="permits",
    title=_("Administrative permits"),
    description=_(
        "Permit decisions under dual public disclosure (national format XK)."
    ),
    model=Permit,
    public=Permit.objects.public,
    columns=(
        id_column(Permit),
        _page(Permit, "permits:detail", "pk"),
        from_model(Permit, "decision_number"),
        from_model(Permit, "document_title"),
        *_entity_columns(Permit, as_decided=True),
        *authority_columns(Permit),
        from_model(Permit, "region_code", required=True),
        from_model(Permit, "category"),
        from_model(Permit, "category_other"),
        from_model(Permit, "certificate_name"),
        from_model(Permit, "certificate_number"),
        from_model(Permit, "content"),
        from_model(Permit, "decided_on"),
        from_model(Permit, "valid_from"),
        from_model(Permit, "valid_until"),
        from_model(Permit, "permit_status"),
        *_record_columns(Permit),
    ),
)

PENALTIES = Dataset(
    name="penalties",
    title=_("Administrative penalties"),
    description=_(
        "Penalty decisions in their publicity period (national format CF). Fines "
        "are in units of 10,000 yuan, as the national format counts them."
    ),
    model=Penalty,
    public=Penalty.objects.public,
    columns=(
        id_column(Penalty),
        _page(Penalty, "penalties:detail", "pk"),
        from_model(Penalty, "decision_number"),
        *_entity_columns(Penalty, as_decided=True),
        *authority_columns(Penalty),
        from_model(Penalty, "region_code", required=True),
        from_model(Penalty, "violation_type"),
        from_model(Penalty, "facts"),
        from_model(Penalty, "legal_basis"),
        from_model(Penalty, "categories"),
        from_model(Penalty, "content"),
        from_model(Penalty, "fine_amount"),
        from_model(Penalty, "confiscated_amount"),
        from_model(Penalty, "licence_affected"),
        from_model(Penalty, "decided_on"),
        from_model(Penalty, "effect_until"),
        from_model(Penalty, "severity"),
        from_model(Penalty, "public_until", required=True),
        from_model(Penalty, "repair_from", required=True),
        from_model(Penalty, "publicity_rule"),
        *_record_columns(Penalty),
    ),
)

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        ENTITIES,
        PERMITS,
        PENALTIES,
        LISTS,
        LIST_ENTRIES,
        MEASURES,
        AUTHORITIES,
        REGIONS,
    )
}


def get(name: str) -> Dataset:
    return DATASETS[name]
