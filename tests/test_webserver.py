"""The multi-process launcher's socket: connections it accepts have Nagle's algorithm off."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from coach.webserver import TcpConfig


async def _accepted_nodelay(listener: socket.socket) -> int:
    """TCP_NODELAY of a connection accepted by an asyncio server on `listener`."""
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    port = listener.getsockname()[1]
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        return await asyncio.wait_for(seen, 10)
    finally:
        writer.close()
        server.close()
        await server.wait_closed()


def test_connections_get_tcp_nodelay() -> None:
    listener = TcpConfig("coach.main:app", host="127.0.0.1", port=0).bind_socket()
    assert listener.proto == socket.IPPROTO_TCP
    assert listener.get_inheritable()
    assert asyncio.run(_accepted_nodelay(listener)) != 0


def test_uvicorns_own_socket_is_what_it_fixes() -> None:
    """uvicorn's socket leaves Nagle on (if a release fixes this, the launcher can go)."""
    listener = uvicorn.Config("coach.main:app", host="127.0.0.1", port=0).bind_socket()
    assert asyncio.run(_accepted_nodelay(listener)) == 0
