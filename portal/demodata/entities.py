"""Fictitious counterparts: companies, social organisations, shops and people."""

import bisect
import datetime
import itertools
import random
from array import array

from portal.core.identifiers import USCC_PLACEHOLDER, IdType
from portal.demodata import codes, names
from portal.demodata.authorities import MUNICIPALITIES, place_name
from portal.registry.models import CounterpartCategory, Entity, Region

ORGANISATION = CounterpartCategory.ORGANISATION
INDIVIDUAL_BUSINESS = CounterpartCategory.INDIVIDUAL_BUSINESS
NATURAL_PERSON = CounterpartCategory.NATURAL_PERSON
# Shares of counterparts: organisations, individual businesses, natural persons.
CATEGORY_SHARES = {ORGANISATION: 0.80, INDIVIDUAL_BUSINESS: 0.12, NATURAL_PERSON: 0.08}
# Organisations by registration kind (USCC positions 1-2): enterprises,
# farmers' cooperatives, private non-enterprise units, social associations and
# public institutions.
_ORGANISATION_KINDS = ("91", "93", "52", "51", "12")
_ORGANISATION_WEIGHTS = tuple(itertools.accumulate((90, 2, 3, 2, 3)))
_REGION_WEIGHTS = {Region.Level.PREFECTURE: 4, Region.Level.COUNTY: 2}
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


def _short(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class Pools:
    """Entity ids by category with their region indexes, in compact arrays,
    and the name and legal representative a record about each one gives."""

    def __init__(self):
        self.ids = {category: array("q") for category in CATEGORY_SHARES}
        self.regions = {category: array("H") for category in CATEGORY_SHARES}
        self.details: dict[str, list[tuple[str, str]]] = {
            category: [] for category in CATEGORY_SHARES
        }

    def add(self, entity, region_index: int) -> None:
        category = entity.category
        self.ids[category].append(entity.pk)
        self.regions[category].append(region_index)
        self.details[category].append((entity.name, entity.legal_representative))


class EntityMaker:
    """Make unsaved, unvalidated entities spread over the given regions."""

    def __init__(
        self,
        *,
        rng: random.Random,
        regions: list[Region],
        today: datetime.date,
        first_serial: int,
    ):
        self.rng = rng
        self.regions = regions
        self.serial = first_serial
        self._cum_weights = list(
            itertools.accumulate(
                3 if r.parent.code in MUNICIPALITIES else _REGION_WEIGHTS[r.level]
                for r in regions
            )
        )
        self._places = [self._place_names(region) for region in regions]
        counties = [r.code for r in regions if r.level == Region.Level.COUNTY]
        # ID numbers carry a county-level code: the nearest generated one.
        self._area_codes = [
            tuple(c for c in counties if c[:4] == r.code[:4])
            or tuple(c for c in counties if c[:2] == r.code[:2])
            or tuple(counties)
            for r in regions
        ]
        # Everyone is an adult at any date the demo data covers.
        self._people = codes.PersonIdentities(
            years_before(today, 80), years_before(today, 24)
        )
        self._rep_birth_from = years_before(today, 65)
        self._rep_birth_days = (years_before(today, 25) - self._rep_birth_from).days

    @staticmethod
    def _place_names(region: Region) -> tuple[str, str, str]:
        """Return the short, full and province names used in entity names."""
        parent = region.parent
        city = parent if parent.code in MUNICIPALITIES else region
        province = parent if parent.level == Region.Level.PROVINCE else parent.parent
        return _short(city.name), place_name(region), _short(province.name)

    def make(self) -> tuple[Entity, int]:
        """Return a new entity and the index of its region."""
        rng = self.rng
        index = bisect.bisect(self._cum_weights, rng.random() * self._cum_weights[-1])
        serial, self.serial = self.serial, self.serial + 1
        roll = rng.random()
        if roll < CATEGORY_SHARES[ORGANISATION]:
            entity = self._organisation(index, serial)
        elif roll < 1 - CATEGORY_SHARES[NATURAL_PERSON]:
            entity = self._individual_business(index, serial)
        else:
            entity = self._person(index, serial)
        entity.region_id = self.regions[index].pk
        return entity, index

    def _organisation(self, index: int, serial: int) -> Entity:
        rng, region = self.rng, self.regions[index]
        short, full, province = self._places[index]
        kind = _ORGANISATION_KINDS[
            bisect.bisect(_ORGANISATION_WEIGHTS, rng.random() * 100)
        ]
        entity = Entity(category=ORGANISATION, legal_representative=names.person(rng))
        legacy = kind in ("91", "12") and rng.random() < 0.45
        prefix = "" if legacy else {"12": "MB", "51": "MJ", "52": "MJ"}.get(kind, "MA")
        org_code = codes.organisation_code(serial, prefix=prefix)
        entity.uscc = codes.social_credit_code(kind, region.code, org_code)
        if kind == "91":
            place = province if rng.random() < 0.1 else short
            entity.name = names.company(rng, place)
            if legacy and rng.random() < 0.4:
                entity.business_registration_number = (
                    codes.business_registration_number(region.code, serial)
                )
                entity.tax_registration_number = region.code + org_code
        elif kind == "93":
            entity.name = names.cooperative(rng, full)
        elif kind == "52":
            entity.name = names.private_non_enterprise(rng, full)
        elif kind == "51":
            entity.name = names.association(rng, full)
            if rng.random() < 0.4:
                entity.social_organisation_number = (
                    f"{short}民证字第{serial % 9973:04d}号"
                )
        else:
            entity.name = names.institution(rng, full)
            entity.institution_certificate_number = (
                f"事证第1{region.code}{serial % 100000:05d}号"
            )
        if rng.random() < 0.7:
            entity.organisation_code = org_code
        if rng.random() < 0.6:
            entity.legal_rep_id_type = IdType.RESIDENT_ID
            entity.legal_rep_id_number = self._representative_id(index)
        return entity

    def _individual_business(self, index: int, serial: int) -> Entity:
        rng, region = self.rng, self.regions[index]
        entity = Entity(
            category=INDIVIDUAL_BUSINESS,
            name=names.shop(rng, self._places[index][1]),
            legal_representative=names.person(rng),
        )
        registration = codes.business_registration_number(region.code, serial)
        if rng.random() < 0.25:
            entity.uscc = USCC_PLACEHOLDER
            entity.business_registration_number = registration
            entity.key = self._opaque_key()
        else:
            org_code = codes.organisation_code(serial, prefix="MA")
            entity.uscc = codes.social_credit_code("92", region.code, org_code)
            if rng.random() < 0.2:
                entity.business_registration_number = registration
        if rng.random() < 0.3:
            entity.legal_rep_id_type = IdType.RESIDENT_ID
            entity.legal_rep_id_number = self._representative_id(index)
        return entity

    def _person(self, index: int, serial: int) -> Entity:
        rng = self.rng
        birth, sequence = self._people(serial)
        area = rng.choice(self._area_codes[index])
        return Entity(
            category=NATURAL_PERSON,
            name=names.person(rng, male=sequence % 2 == 1),
            id_type=IdType.RESIDENT_ID,
            id_number=codes.resident_id(area, birth, sequence),
            key=self._opaque_key(),
        )

    def _representative_id(self, index: int) -> str:
        rng = self.rng
        birth = self._rep_birth_from + datetime.timedelta(
            days=rng.randrange(self._rep_birth_days)
        )
        area = rng.choice(self._area_codes[index])
        return codes.resident_id(area, birth, rng.randrange(1000))

    def _opaque_key(self) -> str:
        # Drawn from the seeded generator, not `secrets`, so runs repeat.
        return f"p{self.rng.getrandbits(64):016x}"
