"""What one subject published in one period, counted so that periods add up."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    """Counts from which every measure of a city or an authority is derived.

    Delays are kept as a histogram (working days → records), so that the
    median of a year, or of a city made of several authorities, is exact.
    """

    permits: int = 0
    penalties: int = 0
    on_time: int = 0
    complete: int = 0
    delays: Counter = field(default_factory=Counter)
    missing: Counter = field(default_factory=Counter)
    entries_added: int = 0
    entries_removed: int = 0
    appeals_received: int = 0
    appeals_resolved: int = 0
    appeals_in_time: int = 0
    repairs_granted: int = 0
    # Resolved appeals by handling time (working days → appeals), as `delays`.
    handling: Counter = field(default_factory=Counter)
    provisional: bool = False
    # Random inspections (statistics/inspections.py): plans of a lead
    # authority, the entities drawn and their pools, the results it published.
    plans_committed: int = 0
    plans_drawn: int = 0
    entities_drawn: int = 0
    entities_in_pools: int = 0
    inspection_results: int = 0
    inspection_results_on_time: int = 0
    inspection_findings: int = 0
    inspection_categories: Counter = field(default_factory=Counter)

    @property
    def records(self) -> int:
        return self.permits + self.penalties

    def add(self, other: "Tally") -> None:
        """Add another tally's counts to this one."""
        self.permits += other.permits
        self.penalties += other.penalties
        self.on_time += other.on_time
        self.complete += other.complete
        self.delays.update(other.delays)
        self.missing.update(other.missing)
        self.entries_added += other.entries_added
        self.entries_removed += other.entries_removed
        self.appeals_received += other.appeals_received
        self.appeals_resolved += other.appeals_resolved
        self.appeals_in_time += other.appeals_in_time
        self.repairs_granted += other.repairs_granted
        self.handling.update(other.handling)
        self.provisional = self.provisional or other.provisional
        self.plans_committed += other.plans_committed
        self.plans_drawn += other.plans_drawn
        self.entities_drawn += other.entities_drawn
        self.entities_in_pools += other.entities_in_pools
        self.inspection_results += other.inspection_results
        self.inspection_results_on_time += other.inspection_results_on_time
        self.inspection_findings += other.inspection_findings
        self.inspection_categories.update(other.inspection_categories)

    def columns(self) -> dict:
        """Return the values of `Summary`'s measure columns."""
        records = self.records
        return {
            "permits": self.permits,
            "penalties": self.penalties,
            "records": records,
            "on_time": self.on_time,
            "complete": self.complete,
            # JSON object keys are strings; sorted so the stored text is stable.
            "delays": {str(days): n for days, n in sorted(self.delays.items())},
            "missing": dict(sorted(self.missing.items())),
            "entries_added": self.entries_added,
            "entries_removed": self.entries_removed,
            "on_time_share": self.on_time / records if records else None,
            "median_delay": median(self.delays),
            "complete_share": self.complete / records if records else None,
            "appeals_received": self.appeals_received,
            "appeals_resolved": self.appeals_resolved,
            "appeals_in_time": self.appeals_in_time,
            "repairs_granted": self.repairs_granted,
            "handling_days": {
                str(days): n for days, n in sorted(self.handling.items())
            },
            "median_handling_days": median(self.handling),
            "appeals_in_time_share": (
                self.appeals_in_time / self.appeals_resolved
                if self.appeals_resolved
                else None
            ),
            "provisional": self.provisional,
            "plans_committed": self.plans_committed,
            "plans_drawn": self.plans_drawn,
            "entities_drawn": self.entities_drawn,
            "entities_in_pools": self.entities_in_pools,
            "inspection_results": self.inspection_results,
            "inspection_results_on_time": self.inspection_results_on_time,
            "inspection_findings": self.inspection_findings,
            "inspection_categories": dict(sorted(self.inspection_categories.items())),
        }


def median(histogram: Counter) -> float | None:
    """Return the median of values given as {value: how many}, or None if empty."""
    total = sum(histogram.values())
    if not total:
        return None
    # The middle rank, or the two middle ranks of an even count (1-based).
    low_rank, high_rank = (total + 1) // 2, total // 2 + 1
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen >= low_rank:
            low = value
        if seen >= high_rank:
            high = value
            break
    if total % 2:
        return float(low)
    return (low + high) / 2
