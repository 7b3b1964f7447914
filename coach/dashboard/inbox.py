"""Inbox pages (the default page): conversations and a thread with reply, note, assign, close.

Thin: every action is the conversations service the API's `/v1/conversations` calls.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from coach.clock import NowDep
from coach.conversations import sending, service
from coach.conversations.models import ConversationStatus
from coach.conversations.schemas import MessageIn, NoteIn
from coach.dashboard import overview
from coach.dashboard.pages import PAGE, LibraryDep
from coach.dashboard.web import FormDep, SettingsDep, ViewerDep, not_found, render
from coach.db import SessionDep
from coach.errors import CoachError, NotFound

router = APIRouter(prefix="/app", include_in_schema=False)
ConversationId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Action = Literal["note", "assign", "unassign", "close", "reopen"]


@router.get("", response_class=HTMLResponse)
@router.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    now: NowDep,
    status: ConversationStatus = ConversationStatus.open,
    assigned: Literal["me", "unassigned", "all"] = "all",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Conversations about my patients: urgent first, then who has waited longest."""
    found = service.list_conversations(
        session=session, actor=who.clinician, status=status, assigned=assigned,
        limit=PAGE, offset=(page - 1) * PAGE, now=now,
        order="triage" if status == ConversationStatus.open else "activity",
    )  # fmt: skip
    context = {"found": found, "status": status.value, "assigned": assigned, "page": page}
    return render(request, "inbox.html", context, who=who)


def _thread(
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    library: LibraryDep,
    conversation_id: int,
    now: NowDep,
    error: str | None = None,
) -> HTMLResponse:
    try:
        thread = service.get_thread(
            session=session, actor=who.clinician, conversation_id=conversation_id, now=now
        )
    except NotFound:
        return not_found(request, who, "No such conversation.")
    context = {
        "thread": thread,
        "zone": overview.patient_zone(session, thread.patient_id),
        "canned": sending.canned_replies(library),
        "error": error,
    }
    return render(request, "thread.html", context, who=who, status_code=409 if error else 200)


@router.get("/inbox/{conversation_id}", response_class=HTMLResponse)
def thread_page(
    conversation_id: ConversationId,
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    library: LibraryDep,
    now: NowDep,
) -> HTMLResponse:
    """One conversation: the thread, a reply box with canned replies, notes and actions."""
    return _thread(request, who, session, library, conversation_id, now)


@router.post("/inbox/{conversation_id}/reply", response_class=HTMLResponse)
def reply(
    conversation_id: ConversationId,
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Text the patient (typed text or a canned reply), as the API's send."""
    text, canned = str(form.get("text", "")).strip(), str(form.get("canned", ""))
    try:
        body = MessageIn(
            text=text or None,
            canned=None if text or not canned else canned,
            send_in_quiet_hours=form.get("send_in_quiet_hours") == "yes",
        )
        sending.send_message(
            session=session, actor=who.clinician, library=library, settings=settings,
            conversation_id=conversation_id, body=body, now=now,
        )  # fmt: skip
    except NotFound:
        return not_found(request, who, "No such conversation.")
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        return _thread(request, who, session, library, conversation_id, now, message)
    except CoachError as exc:
        return _thread(request, who, session, library, conversation_id, now, exc.message)
    return RedirectResponse(f"/app/inbox/{conversation_id}?sent=1", status_code=303)


@router.post("/inbox/{conversation_id}/{action}", response_class=HTMLResponse)
def act(
    conversation_id: ConversationId,
    action: Action,
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Add a note, take or give back the conversation, close or reopen it."""
    actor, cid = who.clinician, conversation_id
    try:
        if action == "note":
            note = NoteIn(text=str(form.get("text", "")).strip())
            service.add_note(
                session=session, actor=actor, conversation_id=cid, text=note.text, now=now
            )
        elif action in ("assign", "unassign"):
            to = actor.id if action == "assign" else None
            service.assign(
                session=session, actor=actor, conversation_id=cid, clinician_id=to, now=now
            )
        elif action == "close":
            service.close(session=session, actor=actor, conversation_id=cid, now=now)
        else:
            service.reopen(session=session, actor=actor, conversation_id=cid, now=now)
    except NotFound:
        return not_found(request, who, "No such conversation.")
    except ValidationError as exc:
        message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        return _thread(request, who, session, library, cid, now, f"note: {message}")
    except CoachError as exc:
        return _thread(request, who, session, library, cid, now, exc.message)
    return RedirectResponse(f"/app/inbox/{cid}", status_code=303)
