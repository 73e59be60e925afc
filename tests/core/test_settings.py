"""Settings read from the environment fail closed, and say how to fix it."""

import os
import subprocess
import sys

from django.conf import settings


def test_a_missing_secret_outside_development_names_the_fix():
    # A fresh clone has no .env; the real environment wins over one anyway.
    environment = os.environ | {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    assert "make install" in result.stderr
