"""Development tools stay out of production.

The bench, the appeals load check, demo data and demo officials are apps a
production install leaves out: with DJANGO_DEV_TOOLS off (its default when
DJANGO_DEBUG is off) they are not installed and their commands do not exist.
Each test starts `manage.py` as a deployment would, with production settings.
"""

import os
import secrets

import pytest
from django.apps import apps

from tests import processes

DEV_COMMANDS = {"bench", "appeals_loadcheck", "demo_data", "demo_officials"}
DEV_APPS = ("portal.bench", "portal.demodata")


def _production_env(**overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEV_TOOLS"}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        IDENTITY_HASH_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="credit.example.org",
    )
    env.update(overrides)
    return env


def _commands(env) -> set[str]:
    return set(processes.manage(env, "help", "--commands").split())


def _installed(env) -> str:
    """Return what the process prints: whether each of DEV_APPS is installed."""
    code = (
        "import django; django.setup()\n"
        "from django.apps import apps\n"
        f"print([apps.is_installed(name) for name in {DEV_APPS!r}])"
    )
    return processes.python(env, code).stdout.strip()


@pytest.mark.parametrize(
    "overrides",
    [{}, {"DJANGO_DEV_TOOLS": "false"}],
    ids=["production-default", "turned-off"],
)
def test_production_settings_have_no_dev_tools(overrides):
    env = _production_env(**overrides)
    assert _installed(env) == "[False, False]"
    commands = _commands(env)
    assert not DEV_COMMANDS & commands
    assert "migrate" in commands  # the list itself is complete


def test_dev_tools_can_be_turned_on_for_one_command():
    """The bench and the system tests seed production-like sites this way."""
    env = _production_env(DJANGO_DEV_TOOLS="true")
    assert _installed(env) == "[True, True]"
    assert _commands(env) >= DEV_COMMANDS


def test_the_suite_has_them():
    assert all(apps.is_installed(name) for name in DEV_APPS)


def _without_psutil(command: list[str]) -> str:
    """Return code that runs `manage.py <command>` as if psutil were not installed."""
    return (
        "import sys\n"
        "sys.modules['psutil'] = None  # importing it fails, as without the extra\n"
        "from django.core.management import execute_from_command_line\n"
        f"execute_from_command_line(['manage.py', *{command!r}])\n"
    )


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["bench", "--size", "tiny"], "The bench needs psutil"),
        # The load check measures no memory: it runs without psutil.
        (["appeals_loadcheck"], "This creates real cases"),
    ],
    ids=["bench", "appeals_loadcheck"],
)
def test_without_psutil_the_dev_tools_say_what_is_missing(command, message):
    env = _production_env(DJANGO_DEV_TOOLS="true")
    result = processes.python(env, _without_psutil(command), check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"CommandError: {message}" in result.stderr
    assert "Traceback" not in result.stderr
