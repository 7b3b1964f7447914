"""`/v1/conversations` (the clinic inbox), `POST /v1/patients/{id}/messages`,
`/v1/replies/canned` and `/v1/reports/inbox`. Thin: parse, call one service function."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query

from coach.clinicians.auth import CurrentClinician
from coach.clock import NowDep
from coach.conversations import reports, sending, service
from coach.conversations.models import ConversationStatus
from coach.conversations.schemas import (
    Assigned,
    AssignIn,
    CannedOut,
    ConversationOut,
    EntryOut,
    InboxReportOut,
    MessageIn,
    NoteIn,
    SentOut,
    ThreadOut,
)
from coach.db import SessionDep
from coach.patients.router import ERRORS, MAX_ID, LibraryDep, Limit, Offset, PatientId, SettingsDep
from coach.patients.schemas import Page

router = APIRouter(prefix="/v1", tags=["inbox"], responses=ERRORS)
ConversationId = Annotated[int, Path(ge=1, le=MAX_ID, description="The conversation's id.")]
Day = Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2100, 1, 1))]


@router.get("/conversations", response_model=Page[ConversationOut])
def list_conversations(
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    status: ConversationStatus = ConversationStatus.open,
    assigned: Assigned = "all",
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ConversationOut]:
    """Conversations about my patients, newest activity first."""
    return service.list_conversations(
        session=session, actor=actor, status=status, assigned=assigned,
        limit=limit, offset=offset, now=now,
    )  # fmt: skip


@router.get("/conversations/{conversation_id}", response_model=ThreadOut)
def get_conversation(
    conversation_id: ConversationId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> ThreadOut:
    """The thread: texts both ways (with delivery status), notes and alerts, in time order."""
    return service.get_thread(
        session=session, actor=actor, conversation_id=conversation_id, now=now
    )


@router.post("/conversations/{conversation_id}/messages", status_code=201, response_model=SentOut)
def send_message(
    conversation_id: ConversationId,
    body: MessageIn,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> SentOut:
    """Text the patient now (409 after opt-out, without SMS consent, or in quiet hours)."""
    return sending.send_message(
        session=session, actor=actor, library=library, settings=settings,
        conversation_id=conversation_id, body=body, now=now,
    )  # fmt: skip


@router.post("/patients/{patient_id}/messages", status_code=201, response_model=SentOut)
def start_conversation(
    patient_id: PatientId,
    body: MessageIn,
    actor: CurrentClinician,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> SentOut:
    """Text a patient, opening a conversation (or adding to the open one)."""
    return sending.start_conversation(
        session=session, actor=actor, library=library, settings=settings,
        patient_id=patient_id, body=body, now=now,
    )  # fmt: skip


@router.post("/conversations/{conversation_id}/notes", status_code=201, response_model=EntryOut)
def add_note(
    conversation_id: ConversationId,
    body: NoteIn,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
) -> EntryOut:
    """An internal note on the thread (never sent)."""
    return service.add_note(
        session=session, actor=actor, conversation_id=conversation_id, text=body.text, now=now
    )


@router.post("/conversations/{conversation_id}/assign", response_model=ConversationOut)
def assign(
    conversation_id: ConversationId,
    body: AssignIn,
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
) -> ConversationOut:
    """Give the conversation to a clinician who may see the patient (null: nobody)."""
    return service.assign(
        session=session, actor=actor, conversation_id=conversation_id,
        clinician_id=body.clinician_id, now=now,
    )  # fmt: skip


@router.post("/conversations/{conversation_id}/close", response_model=ConversationOut)
def close(
    conversation_id: ConversationId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> ConversationOut:
    """Close the conversation."""
    return service.close(session=session, actor=actor, conversation_id=conversation_id, now=now)


@router.post("/conversations/{conversation_id}/reopen", response_model=ConversationOut)
def reopen(
    conversation_id: ConversationId, actor: CurrentClinician, session: SessionDep, now: NowDep
) -> ConversationOut:
    """Open a closed conversation again (409 if the patient has another open one)."""
    return service.reopen(session=session, actor=actor, conversation_id=conversation_id, now=now)


@router.get("/replies/canned", response_model=list[CannedOut])
def canned_replies(_actor: CurrentClinician, library: LibraryDep) -> list[CannedOut]:
    """Canned replies (English and Spanish), usable by id as `canned` in a message."""
    return sending.canned_replies(library)


@router.get("/reports/inbox", response_model=InboxReportOut)
def inbox_report(
    actor: CurrentClinician,
    session: SessionDep,
    now: NowDep,
    since: Day = None,
    until: Day = None,
) -> InboxReportOut:
    """Conversations opened and closed, and first-response times per clinician (UTC days;
    the last 30 days by default)."""
    last = until or now.date()
    first = since or last - timedelta(days=29)
    return reports.inbox_report(session=session, actor=actor, since=first, until=last, now=now)
