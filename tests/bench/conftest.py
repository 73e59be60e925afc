import pytest
from django.core.management import get_commands

from portal.bench import datasets


@pytest.fixture(scope="session")
def bench_directory(tmp_path_factory):
    """A folder standing in for var/bench/, so tests leave var/ alone."""
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="session")
def tiny_dataset(bench_directory, django_db_blocker):
    """The tiny dataset, built once per session by the real demo_data command."""
    if "demo_data" not in get_commands():
        # The suite turns the development tools on (pyproject.toml's pytest
        # env); the bench's tests must fail without them, never skip.
        pytest.fail("demo_data is missing: run the suite with DJANGO_DEV_TOOLS=true")
    with django_db_blocker.unblock():
        return datasets.ensure_dataset(
            "tiny", directory=bench_directory, quiet=True, log=lambda message: None
        )


@pytest.fixture
def bench_db(django_db_blocker):
    """Let the harness open the dataset's database, which is not a test database."""
    with django_db_blocker.unblock():
        yield
