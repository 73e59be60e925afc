"""Rank cities by one measure: best first, ties in name order, small samples last."""

from dataclasses import dataclass

from portal.cities import measures
from portal.cities.measures import Measure


@dataclass(frozen=True)
class Candidate:
    name: str
    value: float | None
    sample: int | None = None  # what a share or median is computed from
    code: str = ""


@dataclass(frozen=True)
class Ranked:
    name: str
    value: float
    sample: int | None
    rank: int | None  # None: a small sample, shown but not ranked
    code: str = ""

    @property
    def small(self) -> bool:
        return self.rank is None


def rank(candidates, measure: Measure) -> list[Ranked]:
    """Return the candidates with a value, ranked by `measure`.

    Equal values share a rank (1, 1, 3) and keep name order. Figures from
    fewer than `measures.MIN_SAMPLE` records follow the ranked ones, in the
    same order, without a rank.
    """
    sign = 1 if measure.lower_is_better else -1
    known = sorted(
        (c for c in candidates if c.value is not None),
        key=lambda c: (sign * c.value, c.name, c.code),
    )
    ranked, small = [], []
    for candidate in known:
        if measure.sample and measures.small_sample(candidate.sample):
            small.append(candidate)
        else:
            ranked.append(candidate)
    result, previous = [], None
    for position, candidate in enumerate(ranked, start=1):
        if previous is None or candidate.value != previous.value:
            place = position
        result.append(_ranked(candidate, place))
        previous = candidate
    return result + [_ranked(candidate, None) for candidate in small]


def _ranked(candidate: Candidate, place: int | None) -> Ranked:
    return Ranked(
        name=candidate.name,
        value=candidate.value,
        sample=candidate.sample,
        rank=place,
        code=candidate.code,
    )
