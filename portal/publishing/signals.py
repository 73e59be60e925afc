"""What the officials' area tells apps that build on it.

`records_published` is sent, inside the transaction, after an authority's
records were published in bulk (an import, or records pushed through the
API), with `authorities` (their ids): portal.cities refreshes those
authorities' figures once the transaction commits.

`working_days_changed` is sent, inside the transaction, after a calendar
override was saved or removed and the records' own deadlines were
recomputed, with `days` (the dates whose status changed), `reason` (for the
change log) and `actor`. A receiver moves the deadlines it owns that were
counted across those days and returns how many it moved: portal.appeals does
so for open cases, without this app importing it (apps build on publishing,
never the other way).
"""

from django.dispatch import Signal

records_published = Signal()
working_days_changed = Signal()
