import os
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from coach import __version__, cli
from tests.services import ROOT, free_port


def test_version():
    result = CliRunner().invoke(cli.app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"coach {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["serve"],
        ["worker"],
        ["db", "upgrade"],
        ["clinicians", "create"],
        ["clinicians", "rotate-key"],
    ],
)
def test_every_command_explains_itself(args):
    result = CliRunner().invoke(cli.app, [*args, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.split("Options")[0].strip()) > len(" ".join(args)) + 20


def test_serve_answers_healthz_on_a_new_sqlite_file(tmp_path):
    """`coach serve` migrates a fresh SQLite file, says it uses the console transport, serves."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWILIO_", "COACH_", "DATABASE_URL"))
    }
    coach = ROOT / ".venv" / "bin" / "coach"
    command = [str(coach)] if coach.exists() else [sys.executable, "-m", "coach"]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline and status != 200:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
            except httpx.TransportError:
                time.sleep(0.2)
        assert status == 200
        assert (tmp_path / "coach.db").exists()
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert "transport: console" in output
    assert process.returncode in (0, -15)
