"""The client, as the portal's one reverse proxy passes it on.

A TLS-terminating proxy (nginx with `proxy_add_x_forwarded_for`) reaches
gunicorn over plain HTTP on loopback, passes the Host the browser asked for,
appends the address the request came from to X-Forwarded-For and sends
X-Forwarded-Proto: https. The tests play that proxy: each Client is one
browser at one address, with its cookies, and may add hops of its own in
front, as any client can.
"""

import itertools
import re
import threading
import uuid

import requests

# The name the site is served under; DJANGO_ALLOWED_HOSTS holds only this.
HOST = "portal.test"
ORIGIN = f"https://{HOST}"
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
_numbers = itertools.count(1)
_lock = threading.Lock()


def new_address() -> str:
    """Return a client address that no other client of the session has had.

    Every limit counts by address, so each test's clients start afresh.
    """
    with _lock:
        n = next(_numbers)
    return f"198.{18 + n // 65536}.{n // 256 % 256}.{n % 256}"  # 198.18.0.0/15


class Client:
    """One browser at one address, behind the proxy."""

    def __init__(self, base_url: str, address: str, *, timeout: float = 60):
        self.base_url = base_url
        self.address = address
        self.timeout = timeout
        self.session = requests.Session()

    def request(
        self, method: str, path: str, *, hops=(), headers=None, timeout=None, **kwargs
    ) -> requests.Response:
        """Send the request as the proxy would; `hops` are what the client wrote
        into X-Forwarded-For itself, in front of the address the proxy adds."""
        sent = {
            "Host": HOST,
            "X-Forwarded-For": ", ".join([*hops, self.address]),
            "X-Forwarded-Proto": "https",
            # Names the request in the access log (tests/system/topology.py).
            "X-Request-Id": uuid.uuid4().hex,
        }
        if method == "POST":
            sent["Origin"] = ORIGIN  # what a browser sends with a form
        sent.update(headers or {})
        response = self.session.request(
            method,
            self.base_url + path,
            headers=sent,
            allow_redirects=False,
            timeout=timeout or self.timeout,
            **kwargs,
        )
        response.request_id = sent["X-Request-Id"]
        # The browser spoke HTTPS, to the proxy: it sends Secure cookies back,
        # which a cookie jar would not over the plain HTTP of this hop.
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> requests.Response:
        return self.request("POST", path, data=data, **kwargs)

    def form(self, path: str) -> dict[str, str]:
        """Open a form page; return its hidden fields (the CSRF token among them)."""
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return dict(_HIDDEN.findall(response.text))

    def close(self) -> None:
        self.session.close()
