"""The inbound SMS webhook answered before the app's routing (the hot path of the web process).

A pure ASGI middleware, the innermost: the body limit, the security headers and the server
error handling around it still apply; it takes `POST /twilio/sms` past the exception
middleware, the router and FastAPI's request handling (about a tenth of a text's CPU in
`benchmarks.webhook`), calls the same endpoint the route does, and turns an exception into
a response with the app's own handlers, as the exception middleware would. Everything else
goes on to the app.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from coach.replies.router import SMS_PATH, inbound_sms

Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


class SmsFastPath:
    """Answer `POST /twilio/sms` directly; pass every other request on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The endpoint for the webhook, the app for the rest."""
        if scope["type"] != "http" or scope["path"] != SMS_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await inbound_sms(request)
        except Exception as exc:
            handler = _handler_for(scope, exc)
            if handler is None:
                raise  # the server error middleware's 500, as for any route
            answer = (
                await handler(request, exc)
                if inspect.iscoroutinefunction(handler)
                else await run_in_threadpool(handler, request, exc)
            )
            response = cast(Response, answer)
        await response(scope, receive, send)


def _handler_for(scope: Scope, exc: Exception) -> Handler | None:
    """The app's exception handler for `exc` (the nearest class in its MRO), if any."""
    handlers: dict[object, Handler] = scope["app"].exception_handlers
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None
