"""Several web processes on one port, with Nagle's algorithm off on every connection.

`uvicorn --workers N` binds its listening socket with the protocol number left at 0, and
asyncio turns on TCP_NODELAY only for sockets that say IPPROTO_TCP; every connection the
workers accept then keeps Nagle's algorithm, and a keep-alive client waits for its own
delayed ACK (~40 ms on Linux) before each response's body arrives (uvicorn issue #3149).
Two processes answered a bare endpoint at ~360 requests a second, all of them 44 ms late.
One process is unaffected (asyncio builds that socket itself).

    python -m coach.webserver coach.main:app --host 0.0.0.0 --port 8000 --workers 2

is `uvicorn APP --workers N --no-proxy-headers --no-access-log` with the socket fixed.
"""

from __future__ import annotations

import argparse
import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

_TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


class TcpConfig(uvicorn.Config):
    """uvicorn's configuration, binding a TCP socket that says it is TCP."""

    def bind_socket(self) -> socket.socket:
        """uvicorn's socket, its descriptor re-wrapped with `proto=IPPROTO_TCP` (which the
        accepted connections inherit, and asyncio reads before setting TCP_NODELAY)."""
        sock = super().bind_socket()
        if sock.family not in _TCP_FAMILIES or sock.proto == socket.IPPROTO_TCP:
            return sock
        family, kind = sock.family, sock.type
        tcp = socket.socket(family, kind, socket.IPPROTO_TCP, fileno=sock.detach())
        tcp.set_inheritable(True)
        return tcp


def serve(app: str, *, host: str, port: int, workers: int, log_level: str = "warning") -> None:
    """Run `app` (an import string) in `workers` processes sharing one listening socket.

    Like the Procfile's uvicorn: no proxy headers (the app decides which proxies to
    believe, `COACH_TRUSTED_PROXIES`) and no access log (client addresses, query strings).
    """
    config = TcpConfig(
        app,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        log_config=None,
        access_log=False,
        proxy_headers=False,
    )
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    uvicorn.Server(config).run()


def main(argv: list[str] | None = None) -> None:
    """`python -m coach.webserver APP [--host H] [--port P] [--workers N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("app", help="the ASGI app as module:attribute, e.g. coach.main:app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    serve(args.app, host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)


if __name__ == "__main__":
    main()
