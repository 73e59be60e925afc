"""`manage.py bench` on PostgreSQL with Redis, as production runs: the
harness builds its dataset in a database of its own and serves the mixed
public traffic from gunicorn without an error. No timing is asserted."""

import json
import uuid
from urllib.parse import urlsplit

import psycopg
import pytest

from portal.bench.runner import Options, run_benchmark
from tests.system import topology

pytestmark = pytest.mark.system


@pytest.fixture
def bench_database(postgres_server):
    """Return the URL of a database for the bench to build; drop it afterwards."""
    url = f"{postgres_server}/portal_bench_system_{uuid.uuid4().hex[:8]}"
    yield url
    parts = urlsplit(url)
    with psycopg.connect(
        dbname="postgres",
        user=parts.username,
        password=parts.password,
        host=parts.hostname,
        port=parts.port,
        autocommit=True,
    ) as database:
        database.execute(f'DROP DATABASE IF EXISTS "{parts.path[1:]}" WITH (FORCE)')


@pytest.fixture
def redis(tmp_path, redis_server_installed):
    server = topology.Redis(tmp_path).start()
    yield server
    server.stop()


def test_the_bench_serves_mixed_traffic_from_postgresql_with_redis(
    tmp_path, bench_database, redis, django_db_blocker, monkeypatch
):
    # The manifest that DEBUG=false needs, collected apart from var/.
    monkeypatch.setenv("STATIC_ROOT", str(tmp_path / "static"))
    with django_db_blocker.unblock():
        document, path = run_benchmark(
            size="tiny",
            directory=tmp_path,
            names=["public-mix"],
            options=Options(requests=60, concurrency=8, time_limit=120),
            workers=2,
            database_url=bench_database,
            cache_url=redis.url,
            quiet=True,
            log=lambda message: None,
        )

    assert json.loads(path.read_text()) == document
    assert document["environment"]["database"].startswith("PostgreSQL ")
    assert document["environment"]["cache"] == "redis"
    assert document["dataset"]["counts"]["registry.entity"] == 200
    [row] = document["scenarios"]
    assert row["statuses"] == {"200": 60}, row
    assert redis.keys(), "the server should have cached pages in Redis"
