"""`coach inbox`: a clinician's terminal session on the inbox, through the same services as
the API (so replies go through the outbox and are audited under the clinician's name).

Commands, one a line: a number opens that conversation; any other text is sent to the open
conversation's patient; `/canned ID` sends a canned reply (`/canned` lists them);
`/note TEXT`, `/close`, `/list`, `/quit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from pydantic import ValidationError
from sqlmodel import Session, col, select

from coach.clinicians.models import Clinician
from coach.content.library import Library
from coach.conversations import sending, service
from coach.conversations.models import ConversationStatus
from coach.conversations.schemas import ConversationOut, MessageIn, ThreadOut
from coach.errors import CoachError, NotFound
from coach.settings import Settings

Echo = Callable[[str], None]
_WHO = {"inbound": "patient", "coach": "coach", "clinician": "clinic"}
Sessions = Callable[[], Session]


def clinician_by_email(session: Session, email: str) -> Clinician:
    """The enabled clinician with this email (NotFound otherwise)."""
    found = session.exec(
        select(Clinician)
        .where(Clinician.email == email.strip().lower())
        .where(col(Clinician.disabled_at).is_(None))
    ).first()
    if found is None:
        raise NotFound(f"no enabled clinician with email {email}", field="email")
    return found


def _line(c: ConversationOut) -> str:
    flag = " URGENT" if c.urgent else ""
    waiting = f", waiting {c.waiting_seconds // 60} min" if c.waiting_seconds is not None else ""
    preview = f": {c.last_message.preview}" if c.last_message else ""
    return f"#{c.id} {c.first_name or 'patient'} (patient {c.patient_id}){flag}{waiting}{preview}"


def _show(thread: ThreadOut, echo: Echo) -> None:
    echo(f"-- conversation #{thread.id} with {thread.first_name or 'patient'} ({thread.status})")
    for e in thread.entries:
        status = f" [{e.delivery_status}]" if e.delivery_status else ""
        who = {"inbound": "patient", "coach": "coach", "clinician": "you/clinic"}.get(
            e.kind, e.kind
        )
        echo(f"{e.at:%a %H:%M} {who}{status}: {e.text or ''}")


def run(
    *,
    sessions: Sessions,
    library: Library,
    settings: Settings,
    email: str,
    lines: Iterable[str],
    echo: Echo,
    clock: Callable[[], datetime],
) -> None:
    """List open conversations, then act on each line read (see the module docstring)."""
    with sessions() as session:
        actor = clinician_by_email(session, email)

    def listing() -> None:
        with sessions() as session:
            page = service.list_conversations(
                session=session, actor=actor, status=ConversationStatus.open,
                assigned="all", limit=50, offset=0, now=clock(),
            )  # fmt: skip
        echo(f"{page.total} open conversation(s)")
        for item in page.items:
            echo("  " + _line(item))

    listing()
    current: int | None = None
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        if text in ("/quit", "/q"):
            break
        try:
            with sessions() as session:
                current = _act(session, actor, library, settings, current, text, echo, clock())
        except CoachError as exc:
            echo(f"! {exc.message}")
        except ValidationError as exc:
            echo(f"! {exc.errors()[0]['msg']}")
        if text == "/list":
            listing()


def _act(
    session: Session,
    actor: Clinician,
    library: Library,
    settings: Settings,
    current: int | None,
    text: str,
    echo: Echo,
    now: datetime,
) -> int | None:
    """Do one command; returns the conversation now open in the session."""
    if text.lstrip("#").isdigit():
        cid = int(text.lstrip("#"))
        _show(service.get_thread(session=session, actor=actor, conversation_id=cid, now=now), echo)
        return cid
    if text == "/list":
        return current
    if text == "/canned":
        for canned in sending.canned_replies(library):
            echo(f"  {canned.id}: {canned.en}")
        return current
    if current is None:
        echo("! open a conversation first: type its number")
        return current
    if text == "/close":
        service.close(session=session, actor=actor, conversation_id=current, now=now)
        echo(f"closed #{current}")
        return None
    if text.startswith("/note "):
        service.add_note(
            session=session, actor=actor, conversation_id=current, text=text[6:].strip(), now=now
        )
        echo("note added (not sent)")
        return current
    body = (
        MessageIn(canned=text[8:].strip()) if text.startswith("/canned ") else MessageIn(text=text)
    )
    sent = sending.send_message(
        session=session, actor=actor, library=library, settings=settings,
        conversation_id=current, body=body, now=now,
    )  # fmt: skip
    echo(f"queued to send now ({sent.segments} segment(s)): {sent.entry.text}")
    return current
