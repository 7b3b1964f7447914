"""The planner never asks for the same movement twice on one local day."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from coach.content.loader import get_library
from coach.content.selection import movements
from coach.messaging.models import OutboxMessage
from coach.scheduling import planner
from tests.helpers import patient
from tests.scheduling.test_planner import session  # noqa: F401  (the fixture)


def test_no_movement_twice_in_a_day_over_a_whole_programme(session):  # noqa: F811
    library = get_library()
    for n, program in enumerate(("neck-4wk", "desk-worker-4wk", "acute-spasm-2wk")):
        patient(session, phone=f"+1212555010{n}", program=program, start=date(2026, 6, 1))
    now = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)
    for _ in range(28):
        planner.plan(session=session, library=library, now=now)
        now += timedelta(days=1)
    zone = ZoneInfo("America/New_York")
    asked: dict[tuple[int, date], list[str]] = defaultdict(list)
    for row in session.exec(select(OutboxMessage)).all():
        assert row.template_id is not None
        day = row.due_at.astimezone(zone).date()
        asked[(row.patient_id, day)] += movements(library.template(row.template_id, "en"))
    assert sum(len(moves) for moves in asked.values()) > 40
    for moves in asked.values():
        assert len(moves) == len(set(moves)), moves
