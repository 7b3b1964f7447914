"""Request and response bodies of `/v1/conversations` and `/v1/replies/canned`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from coach.conversations.models import ConversationStatus, EntryKind
from coach.patients.schemas import Prose

MAX_SMS = 1600  # Twilio's limit for one message body
MessageText = Annotated[
    Prose, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_SMS)
]
NoteText = Annotated[Prose, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
CannedId = Annotated[str, StringConstraints(pattern=r"^canned\.[a-z0-9_.-]{1,60}$")]
Assigned = Literal["me", "unassigned", "all"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageIn(_In):
    """A clinician's SMS: free `text`, or the id of a canned reply."""

    text: MessageText | None = None
    canned: CannedId | None = Field(default=None, examples=["canned.call_today"])
    send_in_quiet_hours: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> MessageIn:
        if (self.text is None) == (self.canned is None):
            raise ValueError("give exactly one of text and canned")
        return self


class NoteIn(_In):
    """An internal note: never sent to the patient."""

    text: NoteText


class AssignIn(_In):
    """Who handles the conversation (null: nobody)."""

    clinician_id: int | None = Field(ge=1, le=2**63 - 1)


class LastMessage(BaseModel):
    """The newest line of a thread, cut short."""

    kind: EntryKind
    preview: str
    at: datetime


class ConversationOut(BaseModel):
    """One conversation in the inbox."""

    id: int
    patient_id: int
    first_name: str | None
    status: ConversationStatus
    assignee_id: int | None
    urgent: bool
    opened_by: str
    opened_at: datetime
    last_activity_at: datetime
    waiting_seconds: int | None = Field(
        description="How long the patient has waited; null if nobody waits."
    )
    first_response_at: datetime | None
    closed_at: datetime | None
    last_message: LastMessage | None


class EntryOut(BaseModel):
    """One line of a thread, in time order."""

    id: int
    kind: EntryKind
    at: datetime
    text: str | None
    clinician_id: int | None = None
    delivery_status: str | None = Field(None, description="For a clinician's SMS.")
    segments: int | None = None
    alert_id: int | None = None
    alert_kind: str | None = None


class ThreadOut(ConversationOut):
    """A conversation with its whole thread."""

    entries: list[EntryOut]


class SentOut(BaseModel):
    """A clinician's SMS, queued to go out now."""

    conversation_id: int
    entry: EntryOut
    segments: int = Field(description="GSM-7 (or UCS-2) segments the text costs.")


class CannedOut(BaseModel):
    """A canned reply, usable by id as `canned` in a message body."""

    id: str
    en: str
    es: str


class ClinicianStats(BaseModel):
    """First responses one clinician gave in the period."""

    clinician_id: int
    first_responses: int
    median_first_response_seconds: int | None
    p90_first_response_seconds: int | None


class InboxReportOut(BaseModel):
    """Inbox counts and first-response times for conversations opened in a date range."""

    since: date
    until: date
    opened: int
    closed: int
    open_now: int
    median_first_response_seconds: int | None
    p90_first_response_seconds: int | None
    clinicians: list[ClinicianStats]
