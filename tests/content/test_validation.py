"""Each validation rule has a broken fixture file; the shipped content is clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.content import gsm
from coach.content.loader import check_library, load_library
from coach.content.models import ContentError, Problem
from coach.patients.texts import render, values_for
from coach.settings import load_settings
from tests.content.conftest import FIXTURES


def _problems_with(fixture: str, target: Path, schedules: Path, content: Path) -> list[Problem]:
    shutil.copy(FIXTURES / fixture, target / fixture)
    return check_library(content, schedules)


def test_shipped_content_has_no_problems() -> None:
    assert check_library() == []


@pytest.mark.parametrize(
    ("fixture", "key", "message"),
    [
        ("unknown_key.toml", "fixture.unknown_key.colour", "unknown key"),
        ("missing_spanish.toml", "fixture.missing_spanish.es", "missing es text"),
        ("two_segments.toml", "fixture.too_long.en", "over one GSM-7 segment"),
        ("ucs2.toml", "fixture.ucs2.en", "force UCS-2"),
        ("ucs2.toml", "fixture.ucs2.es", "force UCS-2"),
        ("unknown_placeholder.toml", "fixture.placeholder.en", "unknown placeholder {doctor_name}"),
        ("hard_coded_number.toml", "fixture.hard_coded.en", "hard-coded emergency"),
        ("missing_variant.toml", "fixture.crisis", "fixture.crisis.no_crisis_line"),
        ("missing_variant.toml", "fixture.urgent.no_nonurgent_line", "uses it"),
    ],
)
def test_broken_content_file_is_named(
    dirs: tuple[Path, Path], fixture: str, key: str, message: str
) -> None:
    content, schedules = dirs
    problems = _problems_with(fixture, content, schedules, content)
    hits = [p for p in problems if p.file == f"content/{fixture}" and p.key == key]
    assert hits, problems
    assert message in hits[0].message


@pytest.mark.parametrize(
    ("fixture", "key", "message"),
    [
        ("bad_program_kind.toml", "items.meditate.kind", "Input should be"),
        ("bad_time.toml", "items.late.at", "HH:MM"),
        ("bad_cross_reference.toml", "items.tips.tags", "'underwater' is on no"),
        ("quiet_hours.toml", "items.night-tip", "quiet hours"),
        ("bad_days.toml", "items.tips.days", "after the programme's last day"),
        ("rule_too_late.toml", "persistent.enabled", "still_high can first fire on day 43"),
    ],
)
def test_broken_programme_file_is_named(
    dirs: tuple[Path, Path], fixture: str, key: str, message: str
) -> None:
    content, schedules = dirs
    problems = _problems_with(fixture, schedules, schedules, content)
    hits = [p for p in problems if p.file == f"schedules/{fixture}" and p.key == key]
    assert hits, problems
    assert message in hits[0].message


def test_duplicate_id_names_both_files(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    problems = _problems_with("duplicate_id.toml", content, schedules, content)
    assert len(problems) == 1
    assert problems[0].key == "welcome"
    assert "duplicate id" in problems[0].message
    assert "duplicate_id.toml" in f"{problems[0].file} {problems[0].message}"


def test_load_library_raises_with_every_problem(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    shutil.copy(FIXTURES / "ucs2.toml", content / "ucs2.toml")
    shutil.copy(FIXTURES / "bad_time.toml", schedules / "bad_time.toml")
    with pytest.raises(ContentError) as info:
        load_library(content, schedules)
    assert len(info.value.problems) == 3
    text = str(info.value)
    assert "content/ucs2.toml: fixture.ucs2.en" in text
    assert "schedules/bad_time.toml: items.late.at" in text


def test_missing_required_template_and_bad_toml(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    (content / "faq.toml").write_text("[[template]\nid = ", encoding="utf-8")
    problems = check_library(content, schedules)
    assert any(p.file == "content/faq.toml" and "not valid TOML" in p.message for p in problems)
    assert any(p.key == "faq.pillow" and "required" in p.message for p in problems)


def test_spanish_steps_must_mirror_english(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    path = content / "exercises.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(", hold_seconds = 5, repetitions = 10 },\n]", " },\n]", 1))
    problems = check_library(content, schedules)
    assert [p.key for p in problems] == ["exercise.chin_tuck.es.steps"]


def test_two_segments_allowed_with_reason(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    body = (FIXTURES / "two_segments.toml").read_text(encoding="utf-8")
    body = body.replace('sources = ["test"]', 'sources = ["test"]\ntwo_segments_reason = "test"')
    (content / "long.toml").write_text(body, encoding="utf-8")
    assert check_library(content, schedules) == []


def test_gsm_counts_extension_characters_twice() -> None:
    assert gsm.septets("a[b]€") == 8
    assert gsm.non_gsm_chars("¿Qué tal? ¡Año! café") == []
    assert gsm.non_gsm_chars("canción día") == ["ó", "í"]
    assert gsm.segment_count("x" * 160) == 1
    assert gsm.segment_count("x" * 161) == 2
    assert gsm.segment_count("x" * 70 + "\u2019") == 2
    assert gsm.worst_case("{clinic_name}") == "x" * gsm.PLACEHOLDER_MAX_LENGTHS["clinic_name"]


def test_a_line_some_countries_lack_switches_to_the_variant(dirs: tuple[Path, Path]) -> None:
    content, schedules = dirs
    (content / "extra.toml").write_text(
        "[[template]]\n"
        'id = "extra.today"\nkind = "safety"\nsources = ["test"]\n'
        'en = "Call {nonurgent_line} today, or {emergency_number} if it is severe."\n'
        'es = "Llame hoy al {nonurgent_line}, o al {emergency_number} si es grave."\n'
        "[[template]]\n"
        'id = "extra.today.no_nonurgent_line"\nkind = "safety"\nsources = ["test"]\n'
        'en = "Call your clinic today, or {emergency_number} if it is severe."\n'
        'es = "Llame hoy a su clinica, o al {emergency_number} si es grave."\n'
    )
    assert check_library(content, schedules) == []
    library = load_library(content, schedules)
    settings = load_settings(database_url="sqlite://", transport="console", default_region="US")
    uk = values_for(settings, None, "+447400123456")
    spain = values_for(settings, None, "+34612345678")
    assert render(library, "extra.today", "en", uk) == ("Call 111 today, or 999 if it is severe.")
    assert render(library, "extra.today", "es", spain) == (
        "Llame hoy a su clinica, o al 112 si es grave."
    )
