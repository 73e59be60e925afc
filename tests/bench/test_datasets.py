"""Where a dataset may be built: a SQLite file, or a PostgreSQL database named
for the bench (it is dropped and created again). The PostgreSQL build itself
runs in tests/system/test_bench.py."""

import pytest

from portal.bench import datasets
from portal.bench.exceptions import BenchError


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://postgres@127.0.0.1:5432/portal", "name it for the bench"),
        ("sqlite:///var/bench/tiny.sqlite3", "takes a PostgreSQL URL"),
    ],
)
def test_a_database_the_bench_may_not_drop_is_refused(tmp_path, url, message):
    with pytest.raises(BenchError, match=message):
        datasets.ensure_dataset("tiny", directory=tmp_path, database_url=url)
    assert list(tmp_path.iterdir()) == []
