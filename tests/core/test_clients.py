"""The client's address: the one rule every limit counts by."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from portal.core.clients import client_address, client_network


def _request(forwarded=None, peer="10.0.0.9"):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = 0
    # A header anyone can send changes nothing.
    assert client_address(_request("198.51.100.7")) == "10.0.0.9"


@pytest.mark.parametrize(
    ("trusted", "forwarded", "client"),
    [
        # One proxy appended what it saw; the rest is the client's own text.
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (1, "invented, 5.6.7.8,198.51.100.7", "198.51.100.7"),
        # Two proxies (a CDN, then nginx): the second from the right.
        (2, "198.51.100.7, 203.0.113.5", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 203.0.113.5", "198.51.100.7"),
    ],
)
def test_the_nth_hop_from_the_right_is_the_client(settings, trusted, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    assert client_address(_request(forwarded)) == client


@pytest.mark.parametrize("forwarded", [None, "", " , ", "198.51.100.7"])
def test_fewer_hops_than_proxies_fall_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXIES = 2
    assert client_address(_request(forwarded)) == "10.0.0.9"


def test_addresses_are_written_one_way(settings):
    settings.TRUSTED_PROXIES = 1
    assert client_address(_request("2001:0DB8:0:0::1")) == "2001:db8::1"
    assert client_address(_request("::ffff:198.51.100.7")) == "198.51.100.7"


def test_an_ipv6_client_is_limited_by_its_64_network(settings):
    settings.TRUSTED_PROXIES = 1
    first = client_network(_request("2001:db8:1:2::1"))
    assert first == client_network(_request("2001:db8:1:2:ffff::9"))
    assert first != client_network(_request("2001:db8:1:3::1"))
    assert client_network(_request("198.51.100.7")) == "198.51.100.7"


def _settings_in_a_process(**env) -> str:
    script = (
        "from django.conf import settings; "
        "print(settings.TRUSTED_PROXIES, settings.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=settings.BASE_DIR,
        env={**_environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def _environment() -> dict:
    names = {"DJANGO_TRUSTED_PROXIES", "DJANGO_BEHIND_PROXY"}
    return {key: value for key, value in os.environ.items() if key not in names}


def test_one_setting_says_how_many_proxies_stand_in_front():
    assert _settings_in_a_process() == "0 None"
    proxied = "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert _settings_in_a_process(DJANGO_TRUSTED_PROXIES="2") == f"2 {proxied}"
    # The older setting still means one proxy.
    assert _settings_in_a_process(DJANGO_BEHIND_PROXY="true") == f"1 {proxied}"
