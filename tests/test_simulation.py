"""Six weeks of programme for seven patient profiles, on the real services (SQLite, the
recording transport, the clock stepped on a five-minute grid): the rules that matter hold
for every text, call and alert."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from coach.alerts.models import Alert
from coach.cli import app
from coach.content.loader import get_library
from coach.settings import load_settings
from coach.simulation import checks, engine
from coach.simulation.profiles import PROFILES

# Monday 21 September 2026: Auckland moves to summer time on the 27th, Madrid back to winter
# time on 25 October and New York on 1 November, all inside the six weeks.
START = datetime(2026, 9, 21, 14, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def six_weeks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[engine.Result]:
    workdir: Path = tmp_path_factory.mktemp("simulation")
    result = engine.run(
        profiles=PROFILES,
        weeks=6,
        start=START,
        library=get_library(),
        settings=load_settings(_env_file=None, clinic_name="Riverside Physio"),
        workdir=workdir,
    )
    yield result
    result.engine.dispose()


def test_the_seven_profiles_break_no_rule(six_weeks: engine.Result) -> None:
    assert checks.check(six_weeks, get_library()) == []


def test_every_red_flag_category_alerts_minutes_after_another(six_weeks: engine.Result) -> None:
    pid = six_weeks.patient_ids["chicago"]
    with Session(six_weeks.engine) as session:
        alerts = session.exec(
            select(Alert)
            .where(Alert.patient_id == pid)
            .where(Alert.kind == "red_flag")
            .order_by(col(Alert.created_at))
        ).all()
    assert [a.category for a in alerts] == ["cardiac", "stroke", "self_harm", "airway"]
    gaps = [(b.created_at - a.created_at).seconds for a, b in pairwise(alerts)]
    assert gaps == [900, 900, 900]


def test_a_voice_only_patient_is_called_and_never_texted(six_weeks: engine.Result) -> None:
    phone = next(p.phone for p in PROFILES if p.key == "los-angeles")
    sent = [item for item in six_weeks.transport.sent if item.to == phone]
    assert sent and all(item.kind == "call" for item in sent)


def test_nothing_reaches_a_patient_after_opt_out_or_unenrollment(six_weeks) -> None:
    patients = engine.patients_of(six_weeks)
    assert patients["opt-out"].status == "opted_out"
    assert patients["unenrolled"].status == "unenrolled"


def test_the_cli_prints_a_readable_timeline_for_one_profile() -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--weeks", "1", "--profile", "madrid", "--start", "2026-09-21"]
    )
    out = result.output
    assert "== madrid" in out and "Mon 21 Sep 2026" in out
    assert "-> sent      [welcome]" in out
    assert "<- patient" in out and "checks:" in out


def test_the_cli_names_an_unknown_profile() -> None:
    result = CliRunner().invoke(app, ["simulate", "--weeks", "1", "--profile", "mars"])
    assert result.exit_code == 1
    assert "no profile 'mars'" in result.output and "new-york" in result.output


def test_every_programme_ends_with_one_closing_text(six_weeks: engine.Result) -> None:
    patients = engine.patients_of(six_weeks)
    for key in ("new-york", "madrid", "auckland", "chicago", "los-angeles"):
        assert patients[key].status == "completed", key
    texts = [e for e in six_weeks.events if e.what == "sent" and e.text.startswith("[closing]")]
    assert sorted(e.profile for e in texts) == ["auckland", "chicago", "madrid", "new-york"]
    madrid = next(e for e in texts if e.profile == "madrid")
    assert "Dolor medio: 7 la 1a semana, 4 la ultima" in madrid.text
