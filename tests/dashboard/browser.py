"""Run `coach serve` on a real port and drive Debian's Chromium with Playwright.

Nothing is downloaded: Playwright launches /usr/bin/chromium (installed by .ci/run). A missing
Chromium skips the browser tests with a reason; under COACH_REQUIRE_BROWSER=1 (.ci/run) it
fails them instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Browser, sync_playwright
from twilio.request_validator import RequestValidator

from tests.services import ROOT, free_port, unavailable

CHROMIUM = Path("/usr/bin/chromium")
BROWSER = "COACH_REQUIRE_BROWSER"
TWILIO_TOKEN = "browser-test-auth-token-0123"
SECRET_KEY = "browser-test-secret-key-0123456789abcdefgh"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Server:
    """A running `coach serve`: its base URL and the environment its CLI calls need."""

    url: str
    env: dict[str, str]
    database_url: str

    def text_from(self, phone: str, body: str, sid: str) -> None:
        """A patient's SMS, posted to the webhook and signed as Twilio would."""
        params = {"MessageSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
                  "To": "+15005550006", "Body": body}  # fmt: skip
        url = f"{self.url}/twilio/sms"
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
        # The first text loads the triage model: on a loaded machine that can take a while.
        response = httpx.post(
            url, data=params, headers={"X-Twilio-Signature": signature}, timeout=60
        )
        assert response.status_code == 200, response.text

    def coach(self, *args: str) -> str:
        """Run a `coach` command against this server's database; its standard output."""
        done = subprocess.run(
            [*_command(), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


def _command() -> list[str]:
    coach = ROOT / ".venv" / "bin" / "coach"
    return [str(coach)] if coach.exists() else [sys.executable, "-m", "coach"]


@contextmanager
def coach_server(tmp_path: Path) -> Iterator[Server]:
    """`coach serve` (web and worker, console transport) on a fresh SQLite file."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = f"sqlite:///{tmp_path / 'coach.db'}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWILIO_", "COACH_", "DATABASE_URL"))
    }
    env |= {
        "DATABASE_URL": database_url,
        "COACH_PUBLIC_URL": url,
        "COACH_TRANSPORT": "console",
        "COACH_CLINIC_NAME": "Riverside Physio",
        "COACH_CLINIC_PHONE": "+1 212 555 0100",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,  # webhooks are signed; sends still go to the console
        "COACH_SECRET_KEY": SECRET_KEY,  # seals TOTP secrets (two-step sign-in needs it)
    }
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [*_command(), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "coach serve did not start in 60 s"
            time.sleep(0.2)
        yield Server(url=url, env=env, database_url=database_url)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium browser (Playwright's Browser)."""
    if not CHROMIUM.exists():
        unavailable(
            f"{CHROMIUM} not found: apt-get install chromium (as .ci/run does)", variable=BROWSER
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Zones spread round the clock: at any moment one of them is in the working day.
_ZONES = (
    "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Europe/London",
    "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Auckland",
)  # fmt: skip


def daytime_zone() -> str:
    """A time zone where it is now 10:00-17:59, so a patient enrolled there gets their texts
    now, not after the default quiet hours (21:00-08:00)."""
    now = datetime.now(UTC)
    for zone in _ZONES:
        if 10 <= now.astimezone(ZoneInfo(zone)).hour < 18:
            return zone
    raise AssertionError(f"no zone in {_ZONES} is in the working day at {now:%H:%M} UTC")
