"""The deployed topology, started once per session, and the checks every test gets.

Two sites, each from the project's own commands as the README tells an
operator (`migrate`, `demo_data`, `collectstatic`, `gunicorn portal.wsgi`,
`db_worker`), under production settings behind one reverse proxy:

- `postgres_site`: PostgreSQL (a fresh database, dropped at the end), a Redis
  of its own as the cache, gunicorn with 3 workers, one `db_worker`;
- `sqlite_site`: the embedded default, a SQLite file whose state database
  holds the cache and the limits, gunicorn with 3 workers.

Without redis-server or PostgreSQL the tests that need them skip, saying
why, unless REQUIRE_SYSTEM_TESTS=1 (as in CI), when they fail instead.
After every test, the servers' logs since it began must show no 500, no
traceback and no worker timeout.
"""

import contextlib
import os

import psycopg
import pytest
from django.db import connections

from tests import processes
from tests.system import topology

DEMO_ENTITIES = "200"
_SITES = ("postgres_site", "sqlite_site")


def _unavailable(reason: str):
    """Skip, or fail where the system tests are required (CI)."""
    if os.environ.get("REQUIRE_SYSTEM_TESTS") == "1":
        pytest.fail(f"{reason} (REQUIRE_SYSTEM_TESTS=1)", pytrace=False)
    pytest.skip(reason)


def _postgres_server() -> str:
    """Return the PostgreSQL server to use: the suite's own, or the local one."""
    database = connections.settings["default"]
    if "postgresql" in database["ENGINE"]:
        user = database["USER"] or "postgres"
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        return (
            f"postgres://{user}{password}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}"
        )
    return "postgres://postgres@127.0.0.1:5432"


def _reachable(database: topology.Postgres) -> bool:
    try:
        with psycopg.connect(dbname="postgres", connect_timeout=3, **database.server):
            return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Collect the static files once: the manifest storage of DEBUG=false needs it."""
    root = tmp_path_factory.mktemp("static")
    env = topology.site_env(topology.Sqlite(root), root, root)
    processes.manage(env, "collectstatic", "--noinput", "-v0")
    return root


@contextlib.contextmanager
def _site(database, directory, static_root, **env):
    site = topology.Site(
        directory=directory,
        database=database,
        env=topology.site_env(database, directory, static_root, **env),
    )
    database.create()
    try:
        site.manage("migrate", "--noinput", "-v0")
        # demo_data is a development tool, which production settings leave
        # out (DJANGO_DEV_TOOLS): on for this command only, never the servers.
        site.manage(
            "demo_data",
            *("--entities", DEMO_ENTITIES, "--seed", "1", "-v0"),
            env={"DJANGO_DEV_TOOLS": "true"},
        )
        site.manage("search_index", "rebuild")
        yield site
    finally:
        site.stop()
        database.drop()


@pytest.fixture(scope="session")
def redis_server_installed():
    if not topology.redis_installed():
        _unavailable(
            "redis-server is not installed (apt-get install redis-server; CI "
            "installs it): the system tests run a Redis of their own"
        )


@pytest.fixture(scope="session")
def postgres_server(redis_server_installed) -> str:
    """Return the URL of the PostgreSQL server the system tests use."""
    server = _postgres_server()
    database = topology.Postgres(server)
    if not _reachable(database):
        _unavailable(
            f"no PostgreSQL answers at {database.server['host']}:"
            f"{database.server['port']} (user {database.server['user']}): the "
            "system tests create databases of their own there"
        )
    return server


@pytest.fixture(scope="session")
def postgres_site(tmp_path_factory, static_root, postgres_server):
    """PostgreSQL, Redis, gunicorn with 3 workers and a db_worker."""
    directory = tmp_path_factory.mktemp("postgres-site")
    database = topology.Postgres(postgres_server)
    redis = topology.Redis(directory)
    with _site(database, directory, static_root, CACHE_URL=redis.url) as site:
        site.redis = redis
        site.processes.append(redis)
        redis.start()
        site.start_worker()
        site.web = site.start_web(workers=3)
        yield site


@pytest.fixture(scope="session")
def sqlite_site(tmp_path_factory, static_root):
    """The embedded default: SQLite, no Redis, gunicorn with 3 workers."""
    directory = tmp_path_factory.mktemp("sqlite-site")
    with _site(topology.Sqlite(directory), directory, static_root) as site:
        site.web = site.start_web(workers=3)
        yield site


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Fail a test after which a server logged a 500, a traceback or a timeout."""
    sites = [
        request.getfixturevalue(name) for name in _SITES if name in request.fixturenames
    ]
    marks = [(site, site.marks()) for site in sites]
    yield
    errors = [error for site, mark in marks for error in site.server_errors(mark)]
    if errors:
        pytest.fail("The servers logged errors:\n" + "\n\n".join(errors))
