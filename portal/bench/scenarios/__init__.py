"""Every scenario `manage.py bench` knows, one module per area.

To add one, write a function decorated with `@scenario` (or `@timed`) in the
module of its area and import that module here; see docs/performance.md.
"""

# Scenarios run in the order they are registered: the cheapest first.
from portal.bench.scenarios import core  # isort: split

from portal.bench.scenarios import public  # isort: split

from portal.bench.scenarios import search  # isort: split

from portal.bench.scenarios import cities  # isort: split

from portal.bench.scenarios import admin  # isort: split

from portal.bench.scenarios import api  # isort: split

from portal.bench.scenarios import publishing  # isort: split

from portal.bench.scenarios import appeals  # isort: split

from portal.bench.scenarios import mixed

__all__ = [
    "admin",
    "api",
    "appeals",
    "cities",
    "core",
    "mixed",
    "public",
    "publishing",
    "search",
]
