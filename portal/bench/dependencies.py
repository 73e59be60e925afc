"""psutil, which the bench needs and a production install leaves out.

The bench measures memory with psutil, which comes with the `dev` extra
(`pip install -e '.[dev]'`; `make bench` and `make test` install it), not with
`pip install .`. Without it the bench says how to get it instead of failing on
an import.
"""

from portal.bench.exceptions import BenchError

try:
    import psutil
except ImportError:  # a production install: no extras
    psutil = None

MISSING_PSUTIL = (
    "The bench needs psutil, which a production install leaves out: install "
    "the development extra with `pip install -e '.[dev]'` (`make bench` does)."
)


def require_psutil():
    """Return the psutil module, or raise a BenchError that says how to get it."""
    if psutil is None:
        raise BenchError(MISSING_PSUTIL)
    return psutil
