"""A small fake of Twilio's Messages and Calls endpoints that records every request.

Ours, for tests and benchmarks that need what the mock cannot give: a record of what was
sent, unique SIDs, latency and injected faults.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


@dataclass
class Faults:
    """Rates (0..1) of each fault, and the delay of every answer in seconds."""

    delay: float = 0.0
    error_500: float = 0.0
    error_503: float = 0.0
    error_429: float = 0.0
    slow: float = 0.0  # answer after `slow_seconds` (past the client's timeout), but accept
    slow_seconds: float = 2.0
    drop: float = 0.0  # close the connection without answering (after accepting)
    seed: int = 7


@dataclass
class FakeTwilio:
    """The server's record: accepted messages (To, Body, Sid) and every request seen."""

    faults: Faults = field(default_factory=Faults)
    accepted: list[dict[str, str]] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def bodies(self) -> list[str]:
        with self.lock:
            return [m["Body"] for m in self.accepted]

    def in_flight(self) -> int:
        """Requests read and not yet answered (with no error faults: those still in `delay`)."""
        with self.lock:
            return self.requests - len(self.accepted)


def _handler(state: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    counter = itertools.count(1)
    rng = random.Random(state.faults.seed)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # one response, no 40 ms delayed-ACK stall

        def log_message(self, *_args: object) -> None:  # keep test output quiet
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            data = self.rfile.read(length)
            if len(data) < length:
                # The client died mid-request (a killed worker): like Twilio, take nothing.
                self.close_connection = True
                return None
            form = dict(parse_qsl(data.decode()))
            faults = state.faults
            with state.lock:
                state.requests += 1
                roll = rng.random()
            if faults.delay:
                time.sleep(faults.delay)
            edges = itertools.accumulate(
                [faults.error_500, faults.error_503, faults.error_429, faults.slow, faults.drop]
            )
            e500, e503, e429, slow, drop = edges
            if roll < e500:
                return self._json(500, {"code": 20500, "message": "Internal error", "status": 500})
            if roll < e503:
                return self._json(503, {"code": 20503, "message": "Unavailable", "status": 503})
            if roll < e429:
                return self._json(
                    429, {"code": 20429, "message": "Too many", "status": 429}, {"Retry-After": "1"}
                )
            kind = "CA" if self.path.endswith("/Calls.json") else "SM"
            sid = f"{kind}{next(counter):032x}"
            with state.lock:
                state.accepted.append(
                    {"To": form.get("To", ""), "Body": form.get("Body", ""), "Sid": sid}
                )
            if roll < slow:
                time.sleep(faults.slow_seconds)
            if roll < drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            return self._json(201, {"sid": sid, "status": "queued", "to": form.get("To")})

        def _json(
            self, status: int, body: dict[str, object], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def fake_twilio(faults: Faults | None = None) -> Iterator[FakeTwilio]:
    """Run the fake on a free loopback port for the duration of the block."""
    state = FakeTwilio(faults=faults or Faults())
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """Serve the fake in the foreground: `python -m tests.fake_twilio PORT [DELAY]`.

    GET /stats answers {"accepted": N, "times": [...]} (monotonic arrival times).
    """
    import sys

    port = int(sys.argv[1])
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    state = FakeTwilio(faults=Faults(delay=delay))
    handler = _handler(state)
    times: list[float] = []

    class WithStats(handler):  # type: ignore[valid-type,misc]
        def do_GET(self) -> None:
            with state.lock:
                body = {"accepted": len(state.accepted), "times": list(times)}
            self._json(200, body)

        def do_POST(self) -> None:
            with state.lock:
                times.append(time.monotonic())
            super().do_POST()

    server = ThreadingHTTPServer(("127.0.0.1", port), WithStats)
    server.daemon_threads = True
    print(f"http://127.0.0.1:{port}", flush=True)  # noqa: T201 (tells the parent it is up)
    server.serve_forever()


if __name__ == "__main__":
    main()
