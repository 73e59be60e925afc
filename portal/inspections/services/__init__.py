"""Writes of random inspections: plans, inspectors, the draw, and results.

Every function is keyword-only and atomic, takes the acting official's
authority (and user, for the change log), refuses a plan of another
authority, validates, writes and records a `ChangeLogEntry`.
"""

from portal.inspections.services.draws import (
    enter_public_value_and_draw,
    freeze_and_commit,
)
from portal.inspections.services.people import (
    add_inspector,
    deactivate_inspector,
    declare_conflict,
    reactivate_inspector,
)
from portal.inspections.services.plans import (
    add_item,
    close_plan,
    create_plan,
    set_sample_sizes,
)
from portal.inspections.services.results import (
    correct_result,
    publish_result,
    record_result,
    withdraw_result,
)

__all__ = [
    "add_inspector",
    "add_item",
    "close_plan",
    "correct_result",
    "create_plan",
    "deactivate_inspector",
    "declare_conflict",
    "enter_public_value_and_draw",
    "freeze_and_commit",
    "publish_result",
    "reactivate_inspector",
    "record_result",
    "set_sample_sizes",
    "withdraw_result",
]
