"""Bodies are bounded while streaming, and a keyless admin request is refused unread."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from coach.body_limit import BodyLimit
from tests import factories

CHUNK = 64 * 1024


class Stream:
    """An ASGI `receive` that hands out `total` bytes in chunks and counts what was read."""

    def __init__(self, total: int) -> None:
        self.left = total
        self.read = 0

    async def __call__(self) -> dict[str, Any]:
        size = min(CHUNK, self.left)
        self.left -= size
        self.read += size
        return {"type": "http.request", "body": b"x" * size, "more_body": self.left > 0}


def run(app: BodyLimit, headers: list[tuple[bytes, bytes]], stream: Stream) -> dict[str, Any]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/patients", "headers": headers}
    asyncio.run(app(scope, stream, send))  # type: ignore[arg-type]
    start, body = sent[0], sent[1]
    return {"status": start["status"], "json": json.loads(body["body"])}


async def reads_everything(scope: Any, receive: Any, send: Any) -> None:
    """An app that reads the whole body before answering, as a JSON route does."""
    del scope
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def test_an_oversize_body_without_content_length_is_cut_off_at_the_limit() -> None:
    app = BodyLimit(reads_everything, limit=1024 * 1024)
    stream = Stream(40 * 1024 * 1024)
    answer = run(app, [(b"authorization", b"Bearer nck_x")], stream)
    assert answer["status"] == 413
    assert answer["json"]["error"]["code"] == "too_large"
    assert stream.read <= 1024 * 1024 + CHUNK  # stopped reading at the limit, not 40 MB


def test_a_keyless_admin_request_is_refused_before_its_body_is_read() -> None:
    stream = Stream(40 * 1024 * 1024)
    answer = run(BodyLimit(reads_everything, limit=1024 * 1024), [], stream)
    assert answer["status"] == 401
    assert "Bearer" in answer["json"]["error"]["message"]
    assert stream.read == 0


def test_an_announced_oversize_body_is_refused_at_once() -> None:
    stream = Stream(5 * 1024 * 1024)
    headers = [(b"authorization", b"Bearer k"), (b"content-length", str(5 * 1024 * 1024).encode())]
    assert run(BodyLimit(reads_everything, limit=1024 * 1024), headers, stream)["status"] == 413
    assert stream.read == 0


def test_the_api_answers_413_in_the_error_shape_and_small_bodies_pass(client, owner) -> None:
    huge = {"phone": "+12125550123", "first_name": "x" * (2 * 1024 * 1024)}
    response = client.post("/v1/patients", json=huge, headers=owner.headers)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    ok = client.post("/v1/patients", json=factories.enrollment(), headers=owner.headers)
    assert ok.status_code == 201


def test_keyless_posts_get_401_with_the_challenge(client) -> None:
    response = client.post("/v1/patients", content=b"{" * 10_000)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
