"""The API's one error shape, as every test of a refusal checks it."""


def api_error(response, status: int) -> dict:
    """Assert the answer is the error shape with this status; return its body."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    return body["error"]
