"""The peak resident memory of a process and its children, sampled in a thread."""

import contextlib
import threading

from portal.bench.dependencies import require_psutil


class PeakMemory:
    """Sample the summed RSS of a process tree and keep the highest value."""

    def __init__(self, pid: int, *, interval: float = 0.1):
        psutil = require_psutil()
        self._process = psutil.Process(pid)
        self._errors = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)
        self._interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._peak = self._overall = 0

    def __enter__(self):
        self._record()
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self._record()

    @property
    def peak_mb(self) -> float:
        """Return the peak since the last `reset()`, in MiB."""
        with self._lock:
            return self._peak / 2**20

    @property
    def overall_mb(self) -> float:
        with self._lock:
            return self._overall / 2**20

    def reset(self) -> None:
        """Start a new window: the peak becomes the current value."""
        current = self._current()
        with self._lock:
            self._peak = current

    def _sample(self) -> None:
        while not self._stop.wait(self._interval):
            self._record()

    def _record(self) -> None:
        current = self._current()
        with self._lock:
            self._peak = max(self._peak, current)
            self._overall = max(self._overall, current)

    def _current(self) -> int:
        try:
            processes = [self._process, *self._process.children(recursive=True)]
        except self._errors:
            return 0
        total = 0
        for process in processes:
            # A worker that has just exited holds no memory.
            with contextlib.suppress(*self._errors):
                total += process.memory_info().rss
        return total
