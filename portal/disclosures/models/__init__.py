from portal.disclosures.models.penalty import Penalty
from portal.disclosures.models.permit import Permit

__all__ = ["Penalty", "Permit"]
