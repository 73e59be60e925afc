"""Templates of permits and penalties: the wording real decisions use.

Penalties give the violation, facts, legal basis and usual sanctions.

Facts are format strings; `records.py` fills {date}, {item}, {n}, {value},
{gain} and {workers}. Fines are ranges in yuan as the cited article allows
them; `categories` lists the usual combinations of sanctions. Counterparts:
o organisation, b individual business, p natural person.
"""

from portal.demodata.texts import penalties_market, penalties_other
from portal.demodata.texts.permits import PERMITS

PENALTIES = penalties_market.PENALTIES + penalties_other.PENALTIES

__all__ = ["PENALTIES", "PERMITS"]
