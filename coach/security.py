"""HTTP hardening: security headers on every response, and a limit on repeated bad API keys.

The headers suit a JSON API: nothing may be framed, sniffed, cached (under `/v1`) or
loaded by a response. `/docs` and `/redoc` load Swagger UI and ReDoc from a CDN with inline
scripts, so they get no Content-Security-Policy (they hold no patient data).
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from fastapi import FastAPI, Request
from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Field, Session, SQLModel, col
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Charts (matplotlib SVG) style themselves inline.
SVG_CSP = API_CSP + "; style-src 'unsafe-inline'"
DOCS_PATHS = ("/docs", "/redoc")
_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware) adding headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_headers(list(message.get("headers", [])), path)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_headers(headers: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    out = [h for h in headers if not (path.startswith("/v1") and h[0].lower() == b"cache-control")]
    out += [h for h in _COMMON if h[0] not in present]
    if not path.startswith(DOCS_PATHS) and b"content-security-policy" not in present:
        svg = any(n.lower() == b"content-type" and b"svg" in v for n, v in headers)
        out.append((b"content-security-policy", (SVG_CSP if svg else API_CSP).encode()))
    if path.startswith("/v1"):
        out.append((b"cache-control", b"no-store"))  # patient data: never in a cache
    return out


class AuthFailure(SQLModel, table=True):
    """One bad API key, by client address: shared by every web process through the database."""

    __tablename__ = "auth_failure"

    id: int | None = Field(default=None, primary_key=True)
    client: str = Field(max_length=64, index=True)
    at: float = Field(index=True)  # seconds since the epoch (the limiter's clock)


class AuthLimiter:
    """Counts bad API keys per client address; past `limit` in `window` seconds, refuses.

    A sliding window: a client blocked after `limit` failures may try again once its oldest
    failure is `window` seconds old. Given the request's session, failures are counted in
    the database, so `--workers N` or several hosts share one count; without one (tests of
    the arithmetic), in this process, bounded to `max_clients` addresses.
    """

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 60.0,
        clock: Callable[[], float] = time.time,
        max_clients: int = 10_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str, session: Session | None = None) -> int | None:
        """Seconds until `client` may try a key again, or None when it may now."""
        if session is not None:
            return self._retry_after_shared(session, client)
        with self._lock:
            failures = self._recent(client)
            if failures is None or len(failures) < self.limit:
                return None
            return self._wait(failures[0])

    def failed(self, client: str, session: Session | None = None) -> None:
        """Record one bad key from `client` (committed at once, whatever the request does)."""
        if session is not None:
            self._failed_shared(session, client)
            return
        with self._lock:
            failures = self._recent(client)
            if failures is None:
                failures = self._failures[client] = deque(maxlen=self.limit)
                while len(self._failures) > self.max_clients:
                    self._failures.popitem(last=False)
            self._failures.move_to_end(client)
            failures.append(self.clock())

    def _wait(self, oldest: float) -> int:
        return max(1, math.ceil(oldest + self.window - self.clock()))

    def _retry_after_shared(self, session: Session, client: str) -> int | None:
        since = self.clock() - self.window
        count, oldest = session.execute(
            sa_select(func.count(), func.min(col(AuthFailure.at)))
            .where(col(AuthFailure.client) == client[:64])
            .where(col(AuthFailure.at) > since)
        ).one()
        if count < self.limit or oldest is None:
            return None
        # The oldest failure that keeps the count at the limit decides the wait.
        nth = session.execute(
            sa_select(col(AuthFailure.at))
            .where(col(AuthFailure.client) == client[:64])
            .where(col(AuthFailure.at) > since)
            .order_by(col(AuthFailure.at).desc())
            .offset(self.limit - 1)
            .limit(1)
        ).scalar_one()
        return self._wait(float(nth))

    def _failed_shared(self, session: Session, client: str) -> None:
        now = self.clock()
        # Its own short transaction: the request's own is rolled back on the 401.
        with Session(session.get_bind()) as own:
            own.add(AuthFailure(client=client[:64], at=now))
            own.execute(delete(AuthFailure).where(col(AuthFailure.at) <= now - self.window))
            own.commit()

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        cutoff = self.clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures


def install(app: FastAPI, *, trusted_proxies: str = "") -> None:
    """Add the header middleware, a fresh bad-key limiter and the trusted proxies to `app`."""
    app.add_middleware(SecurityHeaders)
    app.state.auth_limiter = AuthLimiter()
    app.state.trusted_proxies = parse_networks(trusted_proxies)


def auth_limiter(request: Request) -> AuthLimiter:
    """The app's bad-key limiter (one per app, made by `install`)."""
    limiter: AuthLimiter = request.app.state.auth_limiter
    return limiter


def client_address(request: Request) -> str:
    """The caller's address, for limits.

    The socket's peer, unless the peer is a trusted proxy (`COACH_TRUSTED_PROXIES`): then
    X-Forwarded-For is read from the right, past every trusted hop, and the first address
    no trusted proxy vouches for is the client. A client can put anything in the header;
    only what our own proxies appended is believed.
    """
    peer = request.client.host if request.client else "unknown"
    trusted: tuple[IPNetwork, ...] = getattr(request.app.state, "trusted_proxies", ())
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([h for h in hops if h]):
        if not _within(hop, trusted):
            return hop
    return peer


IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: str) -> tuple[IPNetwork, ...]:
    """Comma-separated addresses or CIDR blocks; ValueError naming a bad one."""
    networks = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(f"{part!r} is not an IP address or CIDR block") from None
    return tuple(networks)


def _within(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
