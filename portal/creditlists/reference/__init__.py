"""The national credit lists of DOMAIN.md §4 and their measures, as data."""

from portal.creditlists.reference import court_measures, other_measures
from portal.creditlists.reference.lists import LISTS

# List slug → {"kind", "legal_basis", "items"}; see the measure modules.
MEASURES = {
    "dishonest-judgment-debtors": court_measures.DISHONEST,
    "consumption-restriction": court_measures.CONSUMPTION,
    "serious-illegal-dishonest": other_measures.SERIOUS_ILLEGAL,
    "abnormal-operations": other_measures.ABNORMAL,
    "major-tax-violations": other_measures.TAX_VIOLATIONS,
    "procurement-dishonesty": other_measures.PROCUREMENT,
    "a-grade-taxpayers": other_measures.A_GRADE,
    "customs-aeo-advanced": other_measures.CUSTOMS_AEO,
}

__all__ = ["LISTS", "MEASURES"]
