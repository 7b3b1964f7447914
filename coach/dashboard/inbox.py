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
from coach.errors import CoachError, Conflict, NotFound
from coach.patients.models import Patient
from coach.patients.texts import text_for

router = APIRouter(prefix="/app", include_in_schema=False)
ConversationId = Annotated[int, Path(ge=1, le=2**63 - 1)]
Action = Literal["note", "assign", "unassign", "close", "reopen"]
NO_REPLY = "type a message or choose a canned reply: nothing was sent"
NO_NOTE = "type the note first: nothing was added"
QUIET = (
    "it is the patient's quiet hours: nothing was sent. Send it later, or tick "
    "\u201cSend even in the patient's quiet hours\u201d"
)


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
    wrote = overview.patient_wrote(session, [c.id for c in found.items])
    context = {
        "found": found, "wrote": wrote, "status": status.value, "assigned": assigned, "page": page
    }  # fmt: skip
    return render(request, "inbox.html", context, who=who)


def _thread(
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    library: LibraryDep,
    settings: SettingsDep,
    conversation_id: int,
    now: NowDep,
    error: str | None = None,
    *,
    kept: dict[str, str] | None = None,
    status_code: int = 409,
) -> HTMLResponse:
    """The thread page; after a refused action, its error and what was typed (`kept`)."""
    try:
        thread = service.get_thread(
            session=session, actor=who.clinician, conversation_id=conversation_id, now=now
        )
    except NotFound:
        return not_found(request, who, "No such conversation.")
    patient = session.get(Patient, thread.patient_id)
    assert patient is not None  # get_thread found the conversation of this patient
    # Each canned reply as this patient would get it: their language, the clinic's details.
    canned = [
        (c.id, text_for(library, settings, patient, c.id)) for c in sending.canned_replies(library)
    ]
    context = {
        "thread": thread,
        "zone": overview.patient_zone(session, thread.patient_id),
        "canned": canned,
        "error": error,
        "kept": kept or {},
    }
    status = status_code if error else 200
    return render(request, "thread.html", context, who=who, status_code=status)


@router.get("/inbox/{conversation_id}", response_class=HTMLResponse)
def thread_page(
    conversation_id: ConversationId,
    request: Request,
    who: ViewerDep,
    session: SessionDep,
    library: LibraryDep,
    settings: SettingsDep,
    now: NowDep,
) -> HTMLResponse:
    """One conversation: the thread, a reply box with canned replies, notes and actions."""
    return _thread(request, who, session, library, settings, conversation_id, now)


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
    """Text the patient (typed text or a canned reply), as the API's send.

    When it cannot go, the thread comes back with why and with the message still typed.
    """
    text, canned = str(form.get("text", "")).strip(), str(form.get("canned", ""))
    quiet = form.get("send_in_quiet_hours") == "yes"
    kept = {"text": text, "canned": canned, "quiet": "yes" if quiet else ""}

    def again(message: str, status_code: int) -> HTMLResponse:
        return _thread(
            request, who, session, library, settings, conversation_id, now, message,
            kept=kept, status_code=status_code,
        )  # fmt: skip

    if not text and not canned:
        return again(NO_REPLY, 422)
    try:
        body = MessageIn(
            text=text or None,
            canned=None if text else canned,
            send_in_quiet_hours=quiet,
        )
        sending.send_message(
            session=session, actor=who.clinician, library=library, settings=settings,
            conversation_id=conversation_id, body=body, now=now,
        )  # fmt: skip
    except NotFound:
        return not_found(request, who, "No such conversation.")
    except ValidationError as exc:
        return again(str(exc.errors()[0]["msg"]).removeprefix("Value error, "), 422)
    except Conflict as exc:
        return again(QUIET if exc.field == "send_in_quiet_hours" else exc.message, 409)
    except CoachError as exc:
        return again(exc.message, exc.status_code)
    return RedirectResponse(f"/app/inbox/{conversation_id}?sent=1", status_code=303)


@router.post("/inbox/{conversation_id}/{action}", response_class=HTMLResponse)
def act(
    conversation_id: ConversationId,
    action: Action,
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Add a note, take or give back the conversation, close or reopen it."""
    actor, cid = who.clinician, conversation_id
    note_text = str(form.get("text", "")).strip()
    kept = {"note": note_text}
    try:
        if action == "note":
            if not note_text:
                return _thread(
                    request, who, session, library, settings, cid, now, NO_NOTE,
                    kept=kept, status_code=422,
                )  # fmt: skip
            note = NoteIn(text=note_text)
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
        return _thread(
            request, who, session, library, settings, cid, now, f"note: {message}",
            kept=kept, status_code=422,
        )  # fmt: skip
    except CoachError as exc:
        return _thread(
            request, who, session, library, settings, cid, now, exc.message,
            kept=kept, status_code=exc.status_code,
        )  # fmt: skip
    return RedirectResponse(f"/app/inbox/{cid}", status_code=303)
