"""What the inspection services tell the apps above them.

Search, the open-data files and the statistics sit above this app in the
layers, so the services announce their writes and those apps listen
(portal/search/apps.py and others connect receivers in `ready()`).

- `results_changed(ids)`: results were published, corrected or withdrawn.
- `plan_changed(plan)`: a plan was committed, drawn or closed.

Both are sent inside the service's transaction; a receiver that does work
outside the database defers it with `transaction.on_commit`.
"""

from django.dispatch import Signal

results_changed = Signal()
plan_changed = Signal()
