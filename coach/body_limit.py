"""Request bodies are bounded while they stream in, before anything parses them.

Content-Length is not trusted (it may be absent or lie): the bytes are counted as they
arrive and the request is refused with 413 the moment it passes the limit, so a client can
never make the service buffer more than the limit. An admin-API request that carries no
API key at all is refused with 401 before its body is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MISSING_KEY = "missing API key: send Authorization: Bearer <key>"
_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# An HTML page answering a too-large body on this path, or None for the JSON error.
TooLargePage = Callable[[str], tuple[bytes, list[tuple[bytes, bytes]]] | None]


class BodyTooLarge(HTTPException):
    """The request body passed its limit (raised from `receive`, answered as 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit:,} bytes")


class BodyLimit:
    """Pure ASGI middleware: a byte limit on every request body, larger for some paths."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        larger: dict[str, int] | None = None,
        page: TooLargePage | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger or {}
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse at once on a missing key or an announced oversize body; count the rest."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.larger.get(path, self.limit)
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        if (
            path.startswith("/v1/")
            and scope.get("method") in _WITH_BODY
            and b"authorization" not in headers
        ):
            await _answer(send, 401, "unauthorized", MISSING_KEY, challenge=True)
            return
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._too_large(send, path, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except BodyTooLarge:  # read outside a route's error handling
            if started:
                raise
            await self._too_large(send, path, limit)

    async def _too_large(self, send: Send, path: str, limit: int) -> None:
        """413: the JSON error, or the page `page` gives for this path (a browser's form)."""
        shown = self.page(path) if self.page else None
        if shown is None:
            await _answer(send, 413, "too_large", BodyTooLarge(limit).detail)
            return
        body, extra = shown
        headers = [
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *extra,
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _answer(
    send: Send, status: int, code: str, message: str, *, challenge: bool = False
) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if challenge:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
