class BenchError(Exception):
    """A benchmark could not be prepared or run; the message says why."""
