"""Re-running a plan's draw from its published files, in the reader's language.

The page, the API and the standalone script run the same checks
(verify_draw.py); this module only feeds them the files, the stored ones or a
reader's own copies, and words their steps for the page.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.inspections import verify_draw
from portal.inspections.choices import PlanState
from portal.inspections.models import InspectionPlan

# Files a reader may send to be checked instead of the stored ones.
CHECKABLE_FILES = (
    "plan.json",
    *verify_draw.POOL_FILES,
    "draw.json",
    "drawn.csv",
    "teams.csv",
)
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Line:
    key: str
    text: str  # In the reader's language.
    english: str  # As verify_draw.py prints it.


@dataclass
class Report:
    """The outcome of a check: every step that passed, then the problem if any."""

    plan: InspectionPlan
    drawn: bool  # False: only the pools could be checked (no draw yet).
    replaced: list[str] = field(default_factory=list)
    steps: list[Line] = field(default_factory=list)
    problem: Line | None = None

    @property
    def matches(self) -> bool:
        return self.problem is None

    def as_dict(self) -> dict:
        return {
            "plan": self.plan.pk,
            "matches": self.matches,
            "drawn": self.drawn,
            "checked_your_files": self.replaced,
            "steps": [
                {"check": line.key, "message": line.text, "english": line.english}
                for line in self.steps
            ],
            "problem": (
                None
                if self.problem is None
                else {
                    "check": self.problem.key,
                    "message": self.problem.text,
                    "english": self.problem.english,
                }
            ),
        }


def _worded(key: str, facts: dict, english: str, *, passed: bool) -> str:
    name = facts.get("name", "")
    if passed:
        texts = {
            "hash": lambda: (
                _("%(name)s: its SHA-256 is the one plan.json published.")
                % {"name": name}
            ),
            "commitment": lambda: _(
                "draw.json: the secret matches the commitment published before "
                "the draw."
            ),
            "seed": lambda: (
                _(
                    "draw.json: seed %(seed)s derives from the secret and the public "
                    "value “%(value)s”."
                )
                % {"seed": facts["seed"], "value": facts["public_value"]}
            ),
            "recomputed": lambda: (
                _("%(name)s: the draw, re-run, gives the same %(rows)d rows.")
                % {"name": name, "rows": facts["rows"]}
            ),
        }
    else:
        texts = {
            "missing": lambda: _("%(name)s is missing.") % {"name": name},
            "json": lambda: (
                _("%(name)s is not a version 1 JSON file.") % {"name": name}
            ),
            "format": lambda: (
                _("%(name)s is not in the canonical form the specification sets.")
                % {"name": name or _("A pool file")}
            ),
            "hash": lambda: (
                _(
                    "%(name)s: its SHA-256 differs from the one plan.json published: "
                    "this is not the pool that was committed."
                )
                % {"name": name}
            ),
            "commitment": lambda: _(
                "draw.json: the secret does not match the commitment published "
                "before the draw."
            ),
            "seed": lambda: _(
                "draw.json: the seed is not the one derived from the secret and "
                "the public value."
            ),
            "cannot_draw": lambda: _("The draw cannot be made from these pools."),
            "line": lambda: (
                _(
                    "%(name)s: line %(line)d differs from the draw re-run from the "
                    "pools and the seed."
                )
                % {"name": name, "line": facts["line"]}
            ),
            "length": lambda: (
                _("%(name)s: it has a different number of rows from the draw re-run.")
                % {"name": name}
            ),
        }
    maker = texts.get(key)
    return maker() if maker else english


def stored_files(plan: InspectionPlan) -> dict[str, bytes]:
    """Return the plan's published files by name."""
    if plan.state == PlanState.DRAFT:
        return {}
    return {file.name: bytes(file.content) for file in plan.files.all()}


def check_plan(
    plan: InspectionPlan, replacements: dict[str, bytes] | None = None
) -> Report:
    """Re-run the checks of verify_draw.py on the plan's files.

    `replacements` are a reader's own copies of some files (say plan.json as
    downloaded before the draw): they are checked instead of the stored ones,
    which is how a reader shows the portal has not changed them since.
    """
    replacements = {
        name: content
        for name, content in (replacements or {}).items()
        if name in CHECKABLE_FILES
    }
    files = {**stored_files(plan), **replacements}
    drawn = plan.state in (PlanState.DRAWN, PlanState.CLOSED)
    report = Report(plan=plan, drawn=drawn, replaced=sorted(replacements))

    def say(step):
        key = getattr(step, "key", "other")
        facts = getattr(step, "facts", {})
        report.steps.append(
            Line(key, _worded(key, facts, str(step), passed=True), str(step))
        )

    try:
        if drawn:
            verify_draw.verify_files(files, say)
        else:
            verify_draw.verify_pools(files, say)
    except verify_draw.Mismatch as mismatch:
        report.problem = Line(
            mismatch.key,
            _worded(mismatch.key, mismatch.facts, str(mismatch), passed=False),
            str(mismatch),
        )
    return report
