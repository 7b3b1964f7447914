"""Request and response bodies of the admin API (field names are the /v1 contract)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

# Control characters (NUL, BEL, ESC...) and bidirectional overrides (U+202E can make a name
# display backwards) have no place in a name or a note: PostgreSQL refuses NUL, FHIR refuses
# control characters, and a dashboard would show them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _printable(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _printable_prose(value: str) -> str:
    if _CONTROL_IN_PROSE.search(value):
        raise ValueError("must not contain control characters (line breaks and tabs are fine)")
    return value


def _not_a_formula(value: str) -> str:
    # A name is shown in the dashboard and exported to CSV: one a spreadsheet would run as a
    # formula (=HYPERLINK(...), +cmd, @SUM) is refused rather than stored.
    if value[:1] in ("=", "+", "-", "@"):
        raise ValueError("must not start with =, +, - or @ (a spreadsheet would run it)")
    return value


def _sane_time(value: datetime) -> datetime:
    if not EARLIEST <= value <= LATEST:
        raise ValueError("must be between the years 2000 and 2100")
    return value


_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
PAUSE_UNTIL_HELP = (
    "give a date (YYYY-MM-DD, read as the start of that day in the patient's time zone) "
    "or a date-time with an offset (e.g. 2026-12-10T09:00:00-05:00 or ...Z)"
)


def _pause_until(value: object) -> date | datetime:
    """A plain date (the caller reads it in the patient's zone) or an aware date-time."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _DATE_ONLY.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value.strip()} is not a real date") from None
    else:
        try:
            return _AWARE.validate_python(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            if first["type"] == "value_error":  # outside the years 2000-2100
                raise ValueError(str(first["msg"]).removeprefix("Value error, ")) from None
            raise ValueError(PAUSE_UNTIL_HELP) from None
    if not EARLIEST.date() <= day < LATEST.date():
        raise ValueError("must be between the years 2000 and 2100")
    return day


HHMM = Annotated[
    str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$"), Field(examples=["21:00"])
]
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_printable)]
SaneDatetime = Annotated[AwareDatetime, AfterValidator(_sane_time)]
Prose = Annotated[str, AfterValidator(_printable_prose)]
_AWARE: TypeAdapter[datetime] = TypeAdapter(SaneDatetime)
PauseUntil = Annotated[
    date | datetime,
    PlainValidator(_pause_until),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}
    ),
]
Language = Literal["en", "es"]
ChannelName = Literal["sms", "voice"]
T = TypeVar("T")


class _In(BaseModel):
    # Unknown fields are refused so a typo ("timezon") is a 422, not silently ignored.
    model_config = ConfigDict(extra="forbid")


class QuietHours(_In):
    """Local hours when nothing is sent; may wrap past midnight."""

    start: HHMM
    end: HHMM


class Consent(_In):
    """When and how the patient agreed to be messaged (a time zone offset is required)."""

    given_at: SaneDatetime
    method: Annotated[Text, StringConstraints(min_length=1, max_length=200)]


class PatientCreate(_In):
    """A new enrollment; `timezone` may be left out when the number maps to one zone."""

    phone: Annotated[str, StringConstraints(max_length=40)] = Field(examples=["+1 212 555 0123"])
    first_name: (
        Annotated[Text, StringConstraints(max_length=60), AfterValidator(_not_a_formula)] | None
    ) = None
    timezone: Annotated[Text, StringConstraints(max_length=64)] | None = Field(
        None, examples=["America/New_York"]
    )
    language: Language
    channel: ChannelName
    program: Annotated[Text, StringConstraints(min_length=1, max_length=64)] = Field(
        examples=["neck-4wk"]
    )
    start_date: date | None = None
    quiet_hours: QuietHours | None = None
    consent: Consent
    alert_phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    sms_consent: bool | None = Field(
        None, description="voice patients: may the coach also text them (default false)"
    )


class PatientUpdate(_In):
    """A partial update; fields left out stay as they are, `null` clears optional ones."""

    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    first_name: (
        Annotated[Text, StringConstraints(max_length=60), AfterValidator(_not_a_formula)] | None
    ) = None
    timezone: Annotated[Text, StringConstraints(max_length=64)] | None = None
    language: Language | None = None
    channel: ChannelName | None = None
    program: Annotated[Text, StringConstraints(min_length=1, max_length=64)] | None = None
    start_date: date | None = None
    quiet_hours: QuietHours | None = None
    consent: Consent | None = None
    alert_phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    sms_consent: bool | None = None
    frequency: Literal["fewer", "normal"] | None = Field(
        None,
        description='"fewer": about half the non-check-in texts (as the patient\'s FEWER); '
        '"normal": the programme as written (its caps are the most anyone gets)',
    )
    checkin_time: HHMM | None = Field(
        None, description="local daily check-in time, outside quiet hours; null: the programme's"
    )


class PauseRequest(_In):
    """Pause until a time (with offset) or a date, or until resumed when `until` is absent."""

    until: PauseUntil | None = Field(
        None,
        description="a date-time with an offset, or a date (YYYY-MM-DD): messages start again "
        "at the start of that day in the patient's time zone",
        examples=["2026-12-10", "2026-12-10T09:00:00-05:00"],
    )


class ExtendRequest(_In):
    """Add days to the patient's programme (a completed patient becomes active again)."""

    days: int = Field(ge=1, le=56, description="days to add, 1 to 56")


class ReenrollRequest(_In):
    """Start a programme afresh; `start_date` defaults to today in the patient's zone."""

    program: Annotated[Text, StringConstraints(min_length=1, max_length=64)] = Field(
        examples=["neck-4wk"]
    )
    start_date: date | None = None


class AckRequest(_In):
    """Acknowledge an alert, optionally with a note."""

    note: Annotated[Prose, StringConstraints(max_length=2000)] | None = None


class ConsentOut(BaseModel):
    """Consent as recorded."""

    given_at: datetime
    method: str


class QuietHoursOut(BaseModel):
    """Quiet hours as "HH:MM" local times."""

    start: str
    end: str


class PatientOut(BaseModel):
    """An enrolled patient."""

    id: int
    clinician_id: int
    phone: str
    first_name: str | None
    timezone: str
    language: str
    channel: str
    program: str
    start_date: date
    quiet_hours: QuietHoursOut
    consent: ConsentOut
    alert_phone: str | None
    status: Literal["active", "paused", "opted_out", "unenrolled", "completed"]
    paused_until: datetime | None
    sms_consent: bool
    frequency: Literal["fewer", "normal", "more"]
    checkin_time: str | None
    completed_at: datetime | None
    open_alerts: int
    created_at: datetime
    updated_at: datetime
    warnings: list[str] = Field(
        default_factory=list, description="things the clinician should know (enrollment only)"
    )


class Page(BaseModel, Generic[T]):
    """One page of a list, with the total count."""

    items: list[T]
    total: int
    limit: int
    offset: int


class PainOut(BaseModel):
    """One pain score."""

    score: int
    reported_at: datetime
    source: str


class MessageOut(BaseModel):
    """A text in (from the patient) or out (to the patient), with delivery status if out."""

    direction: Literal["in", "out"]
    body: str
    status: str | None
    at: datetime
    kind: str | None
    channel: str | None


class ExerciseCount(BaseModel):
    """Done and skipped counts for one exercise."""

    exercise_id: str
    done: int
    skipped: int


class AdherenceOut(BaseModel):
    """Exercise adherence: totals and per exercise."""

    done: int
    skipped: int
    rate: float | None
    exercises: list[ExerciseCount]


class AlertNoteOut(BaseModel):
    """A clinician's note on an alert."""

    text: str
    clinician_id: int | None
    at: datetime


class AlertOut(BaseModel):
    """An alert about a patient."""

    id: int
    patient_id: int
    kind: str
    category: str | None = Field(
        None, description="the red-flag category (airway, cardiac, ...) or persistence rule"
    )
    urgent: bool
    reason: str
    status: Literal["open", "acknowledged"]
    created_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: int | None
    note: str | None = Field(description="the newest note (every note is in `notes`)")
    notes: list[AlertNoteOut] = Field(
        default_factory=list, description="every note clinicians added, oldest first"
    )


class ProgramOut(BaseModel):
    """A programme patients can be enrolled in."""

    id: str
    name: str
    weeks: int
    description: str


class RowError(BaseModel):
    """Why one CSV row was not enrolled (`row` is the line number; the header is row 1)."""

    row: int
    field: str | None = None
    message: str


class ImportOut(BaseModel):
    """The outcome of a CSV import."""

    enrolled: int
    unchanged: int
    errors: list[RowError]


class ImportJobOut(BaseModel):
    """A background import: progress while running, the outcome when done."""

    id: int
    status: Literal["running", "done", "failed"]
    processed: int
    enrolled: int
    unchanged: int
    errors: list[RowError]
    message: str | None = None
    url: str


class AuditOut(BaseModel):
    """One audit log entry."""

    id: int
    clinician_id: int
    action: str
    patient_id: int | None
    detail: str | None
    at: datetime


class ErrorDetail(BaseModel):
    """What went wrong; `field` names the offending input when there is one."""

    code: str
    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail
