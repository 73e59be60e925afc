"""The scenario registry: `@scenario` for load over HTTP, `@timed` for jobs.

An HTTP scenario is a function that takes a `Context` and returns or yields
`Request`s; the runner sends them in turn (cycling when there are fewer than
asked for). A timed scenario returns one `Job`, which is run once and timed.
Scenarios themselves live in `portal.bench.scenarios`.
"""

import enum
import importlib
import random
import re
from base64 import b32decode
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.urls import reverse
from django_otp.oath import TOTP

from portal.bench import datasets
from portal.bench.client import Client, Request
from portal.bench.exceptions import BenchError

__all__ = ["Context", "Job", "Kind", "Request", "Scenario", "scenario", "timed"]


class Kind(enum.StrEnum):
    HTTP = "http"
    TIMED = "timed"


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: Kind
    description: str
    func: Callable


@dataclass(frozen=True)
class Job:
    """The work a timed scenario measures.

    Either a management command (`command`, run in a subprocess against the
    dataset) or a Python callable (`call`, run in the bench process). `items`
    is what throughput counts; `writes` runs it on a throwaway copy of the
    dataset; a command still running after `timeout` seconds is killed.
    """

    command: tuple[str, ...] = ()
    call: Callable[[], object] | None = None
    items: int | None = None
    writes: bool = False
    timeout: float = 3600.0


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, *, description: str = "", kind: Kind = Kind.HTTP):
    """Register the decorated function as the scenario `name`."""

    def register(func):
        if name in SCENARIOS:
            raise ValueError(f"A scenario named {name!r} is already registered.")
        summary = description or (func.__doc__ or "").strip().split("\n")[0]
        SCENARIOS[name] = Scenario(name, kind, summary, func)
        return func

    return register


def timed(name: str, *, description: str = ""):
    """Register the decorated function as a timed scenario returning a `Job`."""
    return scenario(name, description=description, kind=Kind.TIMED)


def get_scenarios(names=None) -> list[Scenario]:
    """Return the scenarios with these names, or all of them, in order."""
    importlib.import_module("portal.bench.scenarios")
    if not names:
        return list(SCENARIOS.values())
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        raise BenchError(
            f"Unknown scenario(s): {', '.join(unknown)}. Known: {', '.join(SCENARIOS)}."
        )
    return [SCENARIOS[name] for name in dict.fromkeys(names)]


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Context:
    """What a scenario function gets.

    The default database is the dataset's while scenarios run, so the ORM
    picks samples; `rng` is seeded per scenario, so samples are the same on
    every run of the same dataset.
    """

    dataset: datasets.Dataset
    base_url: str
    rng: random.Random
    _cookies: dict[str, str] | None = field(default=None, repr=False)

    def sample(self, queryset, k: int) -> list:
        """Return up to k rows of the queryset, chosen with the seeded RNG."""
        pks = list(queryset.order_by("pk").values_list("pk", flat=True))
        chosen = self.rng.sample(pks, min(k, len(pks)))
        rows = queryset.in_bulk(chosen)
        return [rows[pk] for pk in chosen]

    def login(self) -> dict[str, str]:
        """Sign in as the bench superuser and return the headers that carry it."""
        if self._cookies is None:
            self._cookies = self._sign_in()
        cookie = "; ".join(f"{name}={value}" for name, value in self._cookies.items())
        return {"Cookie": cookie}

    def command(self, *args: str, items=None, writes=False, timeout=3600.0) -> Job:
        """Return a job running `manage.py <args>` against the dataset."""
        return Job(command=args, items=items, writes=writes, timeout=timeout)

    def _totp_device(self) -> tuple[str, str]:
        """Give the bench superuser a new authenticator device (the admin asks
        for a code); return the device's id and its current code."""
        device, secret = datasets.manage(
            "admin_totp",
            self.dataset.meta["superuser"]["username"],
            "--replace",
            "--for-script",
            dataset=self.dataset,
            quiet=True,
        ).stdout.split()
        return device, f"{TOTP(b32decode(secret)).token():06d}"

    def _sign_in(self) -> dict[str, str]:
        device, code = self._totp_device()
        client = Client(self.base_url)
        try:
            path = reverse("admin:login")
            form = client.get(path)
            cookies = _cookies(form)
            token = _CSRF_INPUT.search(form.body)
            if form.status != 200 or not token or "csrftoken" not in cookies:
                raise BenchError(f"The login page answered {form.status}.")
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1).decode(),
                    "username": self.dataset.meta["superuser"]["username"],
                    "password": self.dataset.password,
                    "otp_device": device,
                    "otp_token": code,
                    "next": reverse("admin:index"),
                }
            ).encode()
            answer = client.send(
                Request(
                    path,
                    method="POST",
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={cookies['csrftoken']}",
                    },
                )
            )
            cookies.update(_cookies(answer))
            if answer.status != 302 or "sessionid" not in cookies:
                raise BenchError(
                    f"Signing in as the bench superuser failed ({answer.status})."
                )
            return cookies
        finally:
            client.close()


def _cookies(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or ():
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}
