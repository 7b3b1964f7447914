"""The database goes away for a while: web and worker keep running and nothing is lost.

A real web process (uvicorn) and a real `coach worker` reach PostgreSQL through a TCP proxy
the test cuts (open connections closed, new ones refused) and restores. While it is cut,
200 more texts fall due (written straight to the server, past the proxy). A server that
accepts connections and then never answers makes a connection attempt fail after
`connect_timeout`, rather than hang a job (and every later run of it) for good.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from coach.db import POSTGRES_CONNECT_ARGS, make_engine, ping
from tests.fake_twilio import fake_twilio
from tests.reliability.tcp_proxy import tcp_proxy
from tests.reliability.workers import (
    PATIENTS,
    add_messages,
    coach_env,
    counts,
    seed_patients,
    start_process,
    start_worker,
    stop,
    wait_until,
)
from tests.services import free_port, fresh_postgres_database

pytestmark = pytest.mark.postgres


def health(port: int) -> int | None:
    """The status /healthz answers, or None when the web process does not answer."""
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code
    except httpx.HTTPError:
        return None


def tail(path: Path) -> str:
    return path.read_text()[-3000:] if path.exists() else ""


def test_web_and_worker_ride_out_a_database_outage(tmp_path):
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    with (
        fresh_postgres_database() as url,
        fake_twilio() as twilio,
        tcp_proxy(make_url(url).host or "127.0.0.1", make_url(url).port or 5432) as proxy,
    ):
        seed_patients(url)
        add_messages(url, per_patient=1, prefix="before")
        proxied = make_url(url).set(host="127.0.0.1", port=proxy.port)
        env = coach_env(proxied.render_as_string(hide_password=False), twilio.url)
        port = free_port()
        web = start_process(
            ["-m", "uvicorn", "coach.main:app", "--host", "127.0.0.1", "--port", str(port)],
            env,
            web_log,
        )
        worker = start_worker(env["DATABASE_URL"], twilio.url, log=worker_log)
        processes = (web, worker)
        try:
            assert wait_until(lambda: health(port) == 200, 60), tail(web_log)
            assert wait_until(lambda: counts(url).get("sent") == PATIENTS, 60), tail(worker_log)

            proxy.cut()
            cut_at = time.monotonic()
            add_messages(url, per_patient=1, prefix="during")  # due while the database is away
            assert wait_until(lambda: health(port) == 503, 15), tail(web_log)
            # The worker meets the outage: its jobs fail, it says so once, and they run again.
            assert wait_until(lambda: "database unreachable" in worker_log.read_text(), 20), tail(
                worker_log
            )
            time.sleep(11)  # at least one more dispatch run inside the outage
            assert [p.poll() for p in processes] == [None, None]
            proxy.restore()
            outage = time.monotonic() - cut_at

            assert wait_until(lambda: health(port) == 200, 30), tail(web_log)
            assert wait_until(lambda: counts(url).get("sent") == 2 * PATIENTS, 60), (
                counts(url),
                tail(worker_log),
            )
            assert [p.poll() for p in processes] == [None, None]
            assert wait_until(lambda: "reachable again" in worker_log.read_text(), 30)
            # One line per outage, not a failure (with a traceback) every 10 s.
            worker_lines = worker_log.read_text()
            assert worker_lines.count("database unreachable") == 1, tail(worker_log)
            assert "job dispatch failed" not in worker_lines, tail(worker_log)
            assert "Traceback" not in worker_lines, tail(worker_log)
        finally:
            for process in processes:
                stop(process)
        final = counts(url)
        accepted = twilio.bodies()
    print(  # noqa: T201 (the figures for the README)
        f"\ndb outage: {outage:.1f} s cut, final {final}, {len(accepted)} accepted, "
        f"exit codes {[p.returncode for p in processes]}"
    )
    assert final == {"sent": 2 * PATIENTS}  # nothing lost
    assert Counter(accepted).most_common(1)[0][1] == 1  # nothing sent twice
    assert len(accepted) == 2 * PATIENTS
    # uvicorn shuts down cleanly, then re-raises SIGTERM so its exit status reports it.
    assert "Finished server process" in web_log.read_text(), tail(web_log)
    assert web.returncode in (0, -signal.SIGTERM), tail(web_log)
    assert worker.returncode == 0, tail(worker_log)


def test_a_hung_database_fails_fast_instead_of_hanging():
    timeout = POSTGRES_CONNECT_ARGS["connect_timeout"]
    with fresh_postgres_database() as url, tcp_proxy("127.0.0.1", 5432) as proxy:
        proxied = make_url(url).set(host="127.0.0.1", port=proxy.port)
        engine = make_engine(proxied.render_as_string(hide_password=False))
        ping(engine)
        proxy.stall()
        pool = ThreadPoolExecutor(max_workers=1)
        started = time.monotonic()
        attempt = pool.submit(ping, engine)
        try:
            # A regression would hang here forever; restoring the proxy below frees it.
            with pytest.raises(OperationalError, match="timeout"):
                attempt.result(timeout=timeout + 10)
            waited = time.monotonic() - started
        finally:
            proxy.restore()
            pool.shutdown(wait=True)
        ping(engine)  # and the pool reconnects once the server answers again
        engine.dispose()
    assert timeout - 1 <= waited <= timeout + 5
