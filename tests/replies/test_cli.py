"""`coach replies classify` through Typer's test runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coach.replies.cli import app

runner = CliRunner()


def classify(text: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["classify", *args], input=text)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_object_per_line_with_the_contract_keys() -> None:
    rows = classify("pain 4\nSTOP\nI can't breathe\n")
    assert [row["text"] for row in rows] == ["pain 4", "STOP", "I can't breathe"]
    assert all({"text", "intent", "pain", "red_flag"} <= set(row) for row in rows)
    assert rows[0]["intent"] == "pain_report" and rows[0]["pain"] == 4
    assert rows[1]["intent"] == "opt_out" and rows[1]["opt_out_exact"] is True
    assert rows[2]["red_flag"] is True and rows[2]["airway"] is True


def test_blank_lines_still_answer_so_lines_stay_aligned() -> None:
    rows = classify("7\n\n8\n")
    assert [(row["text"], row["pain"], row["intent"]) for row in rows] == [
        ("7", 7, "pain_report"),
        ("", None, "other"),
        ("8", 8, "pain_report"),
    ]


def test_context_option() -> None:
    assert classify("ok\n")[0]["intent"] == "other"
    assert classify("ok\n", "--context", "exercise")[0]["intent"] == "exercise_done"
    assert classify("8\n", "--context", "checkin")[0]["pain"] == 8


def test_unknown_context_is_rejected() -> None:
    result = runner.invoke(app, ["classify", "--context", "posture"], input="ok\n")
    assert result.exit_code != 0


def test_spanish_and_emoji_round_trip() -> None:
    row = classify("me duele un 7️⃣ y estoy mareada\n")[0]
    assert row["text"] == "me duele un 7️⃣ y estoy mareada"
    assert row["pain"] == 7 and row["red_flag"] is True
