"""The red and black lists, their measures and entries (portal.creditlists)."""

from django.utils.translation import gettext_lazy as _

from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.opendata.columns import Column, from_model
from portal.opendata.computed import entry_status
from portal.opendata.datasets.base import Dataset
from portal.opendata.labels import labelled, region_name
from portal.opendata.shared_columns import (
    authority_columns,
    entity_columns,
    id_column,
    page_column,
)

LISTS = Dataset(
    name="lists",
    title=_("Red and black lists"),
    description=_("The lists, their legal basis, criteria and removal rules."),
    model=CreditList,
    public=CreditList.objects.all,
    columns=labelled(
        id_column(CreditList),
        from_model(
            CreditList,
            "slug",
            description=_("Short name of the list in addresses and in `list_slug`."),
        ),
        page_column(CreditList, "lists:detail", "slug", source="slug"),
        from_model(CreditList, "name", description=_("Official name of the list.")),
        from_model(
            CreditList, "name_en", description=_("Name of the list in English.")
        ),
        from_model(
            CreditList,
            "colour",
            description=_(
                "Red list (good credit), black list (serious dishonesty) or watch list."
            ),
        ),
        from_model(CreditList, "keeper"),
        from_model(
            CreditList,
            "legal_basis",
            description=_("The documents that set up the list."),
        ),
        from_model(
            CreditList,
            "criteria",
            description=_("What puts an entity on the list."),
        ),
        from_model(CreditList, "duration"),
        from_model(CreditList, "duration_months"),
        from_model(
            CreditList,
            "removal_rules",
            description=_("When and how an entry leaves the list."),
        ),
        from_model(
            CreditList,
            "repair_rules",
            description=_("How an entity listed may repair its credit."),
        ),
        from_model(CreditList, "lists_minors"),
    ),
)

MEASURES = Dataset(
    name="measures",
    title=_("Measures"),
    description=_("Joint rewards and punishments attached to each list."),
    model=Measure,
    public=Measure.objects.all,
    columns=labelled(
        id_column(Measure),
        from_model(
            Measure,
            "credit_list__slug",
            name="list_slug",
            description=_("The list the measure belongs to (`slug` of lists)."),
        ),
        from_model(
            Measure,
            "credit_list__name",
            name="list_name",
            title=_("list name"),
            description=_("Official name of that list."),
        ),
        from_model(
            Measure,
            "kind",
            description=_("A reward (incentive) or a punishment (restriction)."),
        ),
        from_model(Measure, "title", description=_("The measure in a few words.")),
        from_model(
            Measure,
            "description",
            description=_("What the measure does, in full."),
        ),
        from_model(
            Measure,
            "implementing_department",
            description=_("The department that applies the measure."),
        ),
        from_model(
            Measure,
            "legal_basis",
            description=_("The documents the measure rests on."),
        ),
        from_model(Measure, "applies_to_representatives"),
        from_model(
            Measure,
            "order",
            description=_("Position of the measure on the list's page."),
        ),
    ),
)

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
    columns=labelled(
        id_column(ListEntry),
        from_model(
            ListEntry,
            "credit_list__slug",
            name="list_slug",
            description=_("The list the entry is on (`slug` of lists)."),
        ),
        from_model(
            ListEntry,
            "credit_list__name",
            name="list_name",
            title=_("list name"),
            description=_("Official name of that list."),
        ),
        *entity_columns(ListEntry),
        *authority_columns(ListEntry),
        from_model(
            ListEntry,
            "authority__region__code",
            name="region_code",
            description=_("GB/T 2260 code of the listing authority's region."),
        ),
        region_name("authority__region__name"),
        from_model(
            ListEntry,
            "reason",
            description=_("Why the entity was listed, as the decision says."),
        ),
        from_model(
            ListEntry,
            "document_number",
            description=_("Number of the document that listed the entity."),
        ),
        from_model(ListEntry, "listed_on", description=_("First day on the list.")),
        from_model(
            ListEntry,
            "expires_on",
            description=_("Last day of the listing period; empty if open-ended."),
        ),
        from_model(
            ListEntry,
            "removed_on",
            description=_("Day the entry was removed early; empty if it was not."),
        ),
        from_model(
            ListEntry,
            "removal_reason",
            description=_("Why it was removed; empty if it was not."),
        ),
        from_model(
            ListEntry,
            "removal_note",
            description=_("What the authority added about the removal."),
        ),
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
            compute=entry_status,
            required=True,
        ),
        from_model(
            ListEntry,
            "updated_at",
            description=_(
                "When the row last changed on the portal, in Beijing time (+08:00)."
            ),
        ),
    ),
)
