"""benchmarks/scale.py runs end to end at a tiny size, so the script cannot rot.

Nothing here is timed: the figures are only checked to exist and to be coherent (every
text sent once, no webhook errors, the database dropped afterwards).
"""

import json
import subprocess
import sys
import uuid

import pytest

from tests.services import POSTGRES, ROOT, postgres_admin_url, unavailable

pytestmark = pytest.mark.postgres


def test_scale_benchmark_runs_end_to_end_at_200_patients():
    import psycopg

    admin = postgres_admin_url()
    try:
        psycopg.connect(admin, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL not reachable: {exc}", variable=POSTGRES)
    name = f"coach_scale_test_{uuid.uuid4().hex[:10]}"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.scale",
            "--sizes",
            "200",
            "--url",
            admin,
            "--database",
            name,
            "--messages",
            "60",
            "--rate",
            "20",
            "--rate-seconds",
            "1",
            "--concurrency",
            "4",
            "--batch",
            "4",
            "--webhook-seconds",
            "1",
            "--connections",
            "4",
            "--processes",
            "1,2",  # first planning twice on the same patients (too few to split: 1 each)
            "--no-chart",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(next(x for x in run.stdout.splitlines() if x.startswith("{")))
    assert result["patients"] == 200
    # Every patient gets the next 48 hours: a few texts a day each.
    assert 200 * 4 <= result["plan_rows"] <= 200 * 12
    assert result["idle_cycle_seconds"] >= 0
    # A steady cycle re-plans the patients whose own minute of the day came round in the
    # 15 minutes (about 1/96 of them: 2.1 of 200, 1 to 4 by the time of day): nothing they
    # already have, at most the texts of the 15 minutes the horizon moved on.
    assert 1 <= result["steady_patients"] <= 4
    assert 0 <= result["steady_rows"] <= 2 * result["steady_patients"]
    assert sum(result["dispatch_split"]) + result["dispatch_not_sent"] == 60
    assert result["dispatch_per_second"] > 0
    assert result["rate_per_second"] > 0
    assert result["webhook_errors"] == 0
    assert result["webhook_per_second"] > 0
    assert len(result["web_peak_rss_mib"]) == 2
    assert result["plan_peak_rss_mib"] > 0
    assert "| first planning (s) |" in run.stdout
    with psycopg.connect(admin) as conn:
        left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchall()
    assert left == []
