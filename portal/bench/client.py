"""A minimal HTTP/1.1 client holding one persistent connection to loopback."""

import http.client
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# What a failed exchange raises: refused, reset, timed out, malformed.
FAILURES = (OSError, http.client.HTTPException)


@dataclass(frozen=True)
class Request:
    """One request a scenario asks for."""

    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


class Client:
    """Send requests over one connection, reopened when the server closes it."""

    def __init__(self, base_url: str, *, timeout: float = 60.0):
        url = urlsplit(base_url)
        self._connection = http.client.HTTPConnection(
            url.hostname, url.port, timeout=timeout
        )

    def send(self, request: Request) -> Response:
        try:
            self._connection.request(
                request.method,
                request.path,
                body=request.body,
                headers=request.headers,
            )
            response = self._connection.getresponse()
            return Response(response.status, response.headers, response.read())
        except FAILURES:
            # A half-read exchange leaves the connection unusable.
            self._connection.close()
            raise

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.send(Request(path, headers=headers or {}))

    def close(self) -> None:
        self._connection.close()
