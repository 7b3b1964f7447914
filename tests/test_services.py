"""The README's test command passes from a plain clone, locally and under CI=true."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.services import ROOT

SHARED_SUITES = ["tests/messaging/test_transport_mock_twilio.py", "tests/voice/test_mock_twilio.py"]
POSTGRES_SUITE = ["tests/db/test_migrations.py", "-k", "postgres"]


def _plain_clone(tmp_path):
    """The tests and pytest's configuration in a directory with no ../shared beside it."""
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(ROOT / "tests", clone / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", clone / "pyproject.toml")
    assert not (tmp_path / "shared").exists()
    return clone


def _pytest(clone, args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("COACH_REQUIRE_")}
    base["COACH_TEST_POSTGRES_URL"] = "postgresql://nobody@127.0.0.1:1/postgres"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=clone,
        env={**base, "CI": "true", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("suite", [SHARED_SUITES, POSTGRES_SUITE], ids=["shared", "postgres"])
def test_ci_true_without_the_services_passes_with_skips(tmp_path, suite):
    result = _pytest(_plain_clone(tmp_path), suite)
    assert result.returncode == 0, result.stdout[-2000:]
    assert " skipped" in result.stdout and " failed," not in result.stdout
    reason = "../shared" if suite is SHARED_SUITES else "PostgreSQL not reachable"
    assert reason in result.stdout


@pytest.mark.parametrize(
    ("suite", "variable"),
    [(SHARED_SUITES, "COACH_REQUIRE_SHARED"), (POSTGRES_SUITE, "COACH_REQUIRE_POSTGRES")],
    ids=["shared", "postgres"],
)
def test_ci_run_makes_a_missing_service_a_failure(tmp_path, suite, variable):
    result = _pytest(_plain_clone(tmp_path), suite, **{variable: "1"})
    assert result.returncode == 1, result.stdout[-2000:]
    assert f"required ({variable}=1)" in result.stdout


def test_ci_run_asks_for_both_services():
    script = (ROOT / ".ci" / "run").read_text()
    assert "export COACH_REQUIRE_POSTGRES=1" in script
    assert "export COACH_REQUIRE_SHARED=1" in script
