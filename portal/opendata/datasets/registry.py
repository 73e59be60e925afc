"""Entities, authorities and regions (portal.registry) as datasets."""

from django.utils.translation import gettext_lazy as _

from portal.opendata.columns import Column, from_model
from portal.opendata.computed import PublicName, former_names, plain_uscc
from portal.opendata.datasets.base import Dataset
from portal.opendata.labels import labelled, region_name
from portal.opendata.shared_columns import id_column, page_column
from portal.registry.models import Authority, Entity, Region

ENTITIES = Dataset(
    name="entities",
    title=_("Entities"),
    description=_(
        "Organisations, individual businesses and natural persons that records "
        "and list entries are about."
    ),
    model=Entity,
    public=Entity.objects.all,
    columns=labelled(
        id_column(Entity),
        from_model(
            Entity,
            "key",
            required=True,
            description=_(
                "The key in the address of the entity's page: its unified social "
                "credit code, or an opaque key for a person or an entity without one."
            ),
        ),
        page_column(Entity, "entities:detail", "key", source="key"),
        Column(
            name="name",
            sources=("name", "category"),
            title=_("name"),
            description=_("A natural person's given name is hidden (张*)."),
            compute=PublicName(),
            required=True,
        ),
        from_model(
            Entity,
            "category",
            description=_(
                "Kind of counterpart (行政相对人类别): organisation, individual "
                "business or natural person."
            ),
        ),
        Column(
            name="uscc",
            sources=("uscc",),
            title=_("unified social credit code"),
            description=_("Empty for natural persons and for the placeholder code."),
            compute=plain_uscc,
        ),
        from_model(
            Entity,
            "business_registration_number",
            description=_(
                "Business registration number (工商注册号), for entities known by it."
            ),
        ),
        from_model(
            Entity,
            "organisation_code",
            description=_("Organisation code (组织机构代码), the older national code."),
        ),
        from_model(
            Entity,
            "legal_representative",
            description=_("Legal representative of an organisation, as registered."),
        ),
        from_model(
            Entity,
            "id_type",
            description=_("Kind of identity document of a natural person."),
        ),
        from_model(
            Entity,
            "id_masked",
            name="id_number_masked",
            description=_("Only the masked form is ever published."),
        ),
        from_model(
            Entity,
            "region__code",
            name="region_code",
            required=False,
            description=_("GB/T 2260 code of the region the entity is registered in."),
        ),
        region_name("region__name"),
        Column(
            name="former_names",
            sources=("former_names", "category"),
            type="list",
            title=_("former names"),
            description=_("Earlier names of organisations (none for persons)."),
            compute=former_names,
        ),
        from_model(
            Entity,
            "updated_at",
            description=_(
                "When the row last changed on the portal, in Beijing time (+08:00)."
            ),
        ),
    ),
)

# The department's public contact point for appeals, never a person's own.
_CONTACT_COLUMNS = (
    from_model(
        Authority,
        "contact_office",
        description=_(
            "The unit that handles objections and credit repair at the "
            "department, e.g. 信用修复受理窗口 or 法制科; empty where none is "
            "published."
        ),
    ),
    from_model(
        Authority,
        "contact_phone",
        description=_(
            "Phone number of that unit as the department publishes it, "
            "an extension after 转 or ext. A government body's contact point, "
            "not personal data."
        ),
    ),
    from_model(
        Authority,
        "contact_email",
        description=_("Email address of that unit, a public contact point."),
    ),
    from_model(
        Authority,
        "contact_address",
        description=_(
            "Postal address for letters and for handing in documents in person."
        ),
    ),
    from_model(
        Authority,
        "contact_hours",
        description=_("When the unit receives callers, as short free text."),
    ),
)

AUTHORITIES = Dataset(
    name="authorities",
    title=_("Authorities"),
    description=_("Government departments that decide permits, penalties or listings."),
    model=Authority,
    public=Authority.objects.all,
    columns=labelled(
        id_column(Authority),
        page_column(Authority, "authorities:detail", "pk"),
        from_model(Authority, "name", description=_("Full name of the department.")),
        from_model(
            Authority,
            "uscc",
            description=_(
                "The department's unified social credit code; government "
                "bodies' codes start with 11."
            ),
        ),
        from_model(
            Authority,
            "region__code",
            name="region_code",
            description=_("GB/T 2260 code of the region the department serves."),
        ),
        region_name("region__name"),
        from_model(
            Authority,
            "level",
            description=_("Level of government the department belongs to."),
        ),
        from_model(
            Authority,
            "kind",
            description=_("What the department regulates (its line of work)."),
        ),
        *_CONTACT_COLUMNS,
    ),
)

REGIONS = Dataset(
    name="regions",
    title=_("Regions"),
    description=_("Administrative divisions with their GB/T 2260 codes."),
    model=Region,
    public=Region.objects.all,
    columns=labelled(
        id_column(Region),
        from_model(Region, "code"),
        from_model(
            Region,
            "name",
            description=_("Full name in Chinese, as GB/T 2260 gives it."),
        ),
        from_model(
            Region,
            "name_en",
            description=_("Name in English (pinyin), where known."),
        ),
        from_model(
            Region,
            "level",
            description=_("Province, prefecture-level city, or county or district."),
        ),
        from_model(
            Region,
            "parent__code",
            name="parent_code",
            title=_("parent region code"),
            required=False,
            description=_("Code of the region this one lies in; empty for a province."),
        ),
        region_name(
            "parent__name",
            name="parent_name",
            title=_("parent region name"),
            description=_("Full name of the region this one lies in."),
        ),
    ),
)
