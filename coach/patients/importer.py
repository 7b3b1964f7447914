"""Bulk enrollment from CSV, shared by `POST /v1/patients/import` and `coach patients import`.

Every row goes through the same validation as `POST /v1/patients`. All rows are checked
in Python first, existing phones are fetched in a few queries, and the new patients, their
welcome messages and audit entries are inserted in bulk in one transaction, so a bad row
never writes anything. A row whose phone this clinician already enrolled with the same
details is `unchanged`: importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coach.clinicians import audit
from coach.clinicians.models import Clinician
from coach.content.library import Library
from coach.errors import CoachError, Conflict, InvalidInput, NotFound
from coach.messaging import outbox
from coach.patients import suppression, validation, welcome
from coach.patients.models import Patient, PatientStatus
from coach.patients.schemas import ImportOut, PatientCreate, RowError
from coach.scheduling import planner
from coach.settings import Settings

MAX_BYTES = 5 * 1024 * 1024
REQUIRED = ("phone", "language", "channel", "program", "consent_given_at", "consent_method")
OPTIONAL = ("first_name", "timezone", "start_date", "quiet_start", "quiet_end", "alert_phone")
_LOOKUP_CHUNK = 500
# Pydantic/validation field names back to the CSV's flattened column names.
_COLUMN = {
    "consent": "consent_given_at",
    "consent.given_at": "consent_given_at",
    "consent.method": "consent_method",
    "quiet_hours": "quiet_start",
    "quiet_hours.start": "quiet_start",
    "quiet_hours.end": "quiet_end",
}


_NESTED = {
    "quiet_hours": {"start": "quiet_start", "end": "quiet_end"},
    "consent": {"given_at": "consent_given_at", "method": "consent_method"},
}
_MESSAGES = {
    "missing": "is required",
    "string_pattern_mismatch": 'must be a local time as "HH:MM"',
    "timezone_aware": "needs a time zone offset (e.g. 2026-06-01T09:00:00-04:00 or ...Z)",
}


class TooLarge(CoachError):
    """The upload is over the size limit."""

    status_code = 413
    code = "too_large"


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line number in the file (header = 1) and its known columns."""

    row: int
    values: dict[str, str]
    problem: str | None = None  # wrong before any column is read (e.g. cells past the header)


def _column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def parse_csv(data: bytes, *, max_bytes: int | None = MAX_BYTES) -> list[CsvRow]:
    """Rows of a UTF-8 CSV (BOM, blank lines, extra columns and mixed-case headers are fine)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise TooLarge(f"the file is over {max_bytes // (1024 * 1024)} MB; split it")
    return list(iter_csv(io.BytesIO(data)))


def iter_csv(stream: IO[bytes]) -> Iterator[CsvRow]:
    """The rows of a UTF-8 CSV stream, one at a time (memory flat in the file's length).

    The header is checked before the first row is yielded; a bad byte, a NUL or broken
    quoting is InvalidInput naming where.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from _rows(text)
    finally:
        text.detach()  # the caller owns (and closes) the stream


# Excel writes ";" where the decimal mark is a comma (Spain, most of Europe), some tools tabs.
DELIMITERS = (",", ";", "\t")


def _delimiter(header_line: str) -> str:
    """The separator under which the header row names the most required columns (a comma
    on a tie): a header check, not a guess from the data."""

    def known(delimiter: str) -> int:
        try:
            cells = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error:  # e.g. one field over the csv module's limit: not this separator
            return -1
        return len({_column(cell) for cell in cells} & set(REQUIRED))

    return max(DELIMITERS, key=known)  # max keeps the first of equals: the comma


def _rows(text: io.TextIOWrapper) -> Iterator[CsvRow]:
    lines = _no_nul(text)
    head: list[str] = []  # blank lines before the header, then the header itself
    reader: Any = None  # a csv reader (its type is private to the csv module)
    header: list[str] | None = None
    try:
        for line in lines:
            head.append(line)
            if line.strip():
                break
        delimiter = _delimiter(head[-1] if head else "")
        reader = csv.reader(itertools.chain(head, lines), delimiter=delimiter)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [_column(cell) for cell in cells]
                _check_header(header)
                continue
            values = {
                name: cell.strip()
                for name, cell in zip(header, cells, strict=False)
                if name in REQUIRED or name in OPTIONAL
            }
            extra = [cell for cell in cells[len(header) :] if cell.strip()]
            problem = (
                f"{len(extra)} value(s) after the last column ({', '.join(header)}): a comma "
                "inside a value needs double quotes around the value"
                if extra
                else None
            )
            yield CsvRow(row=reader.line_num, values=values, problem=problem)
    except UnicodeDecodeError:
        line_num = reader.line_num if reader is not None else len(head)
        raise InvalidInput(
            f"the file is not UTF-8 text (bad byte near line {line_num + 1}): save it "
            'as "CSV UTF-8"',
            field="file",
        ) from None
    except csv.Error as exc:
        line_num = reader.line_num if reader is not None else len(head)
        raise InvalidInput(f"not valid CSV at line {line_num}: {exc}", field="file") from None
    if header is None:
        raise InvalidInput("the file is empty: expected a header row", field="file")


def _no_nul(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if "\x00" in line:
            raise InvalidInput("the file is binary, not CSV text", field="file")
        yield line


def _check_header(header: list[str]) -> None:
    """Required columns present, none repeated: linear in the header's length."""
    present = set(header)
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise InvalidInput(
            "the header row lacks column(s) " + ", ".join(missing)
            + " (expected: " + ", ".join(REQUIRED + OPTIONAL) + "; columns separated by "
            "commas, semicolons or tabs)",
            field="file",
        )  # fmt: skip
    counts = Counter(name for name in header if name)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    if repeated:
        raise InvalidInput("repeated column(s): " + ", ".join(repeated), field="file")


def to_request(values: dict[str, str]) -> dict[str, Any]:
    """A CSV row in the shape of a `POST /v1/patients` body."""
    body: dict[str, Any] = {
        key: values[key]
        for key in ("phone", "first_name", "timezone", "program", "start_date", "alert_phone")
        if values.get(key)
    }
    for key in ("language", "channel"):  # "EN", "SMS" are fine in a spreadsheet
        if values.get(key):
            body[key] = values[key].lower()
    for name, columns in _NESTED.items():
        nested = {key: values[column] for key, column in columns.items() if values.get(column)}
        if nested:
            body[name] = nested
    return body


def _row_error(row: int, exc: ValidationError | InvalidInput) -> RowError:
    if isinstance(exc, InvalidInput):
        return RowError(row=row, field=_COLUMN.get(exc.field or "", exc.field), message=exc.message)
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    column = _COLUMN.get(field, field)
    message = _MESSAGES.get(first["type"], str(first["msg"]))
    return RowError(row=row, field=column or None, message=f"{column}: {message}")


@dataclass
class _Valid:
    row: int
    values: dict[str, Any]
    explicit_start: bool


def import_rows(
    *,
    session: Session,
    actor: Clinician,
    rows: Sequence[CsvRow],
    settings: Settings,
    library: Library,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> ImportOut:
    """Enroll every valid row in one transaction; report the others by row number."""
    errors: list[RowError] = []
    valid: list[_Valid] = []
    seen: dict[str, int] = {}
    for item in rows:
        if item.problem is not None:
            errors.append(RowError(row=item.row, field=None, message=item.problem))
            if progress is not None:
                progress(1)
            continue
        try:
            request = PatientCreate.model_validate(to_request(item.values))
            values = validation.resolve(
                request, region=settings.default_region, library=library, now=now
            )
        except (ValidationError, InvalidInput) as exc:
            errors.append(_row_error(item.row, exc))
        else:
            if values["phone"] in seen:
                message = f"the same phone is on row {seen[values['phone']]}"
                errors.append(RowError(row=item.row, field="phone", message=message))
            else:
                seen[values["phone"]] = item.row
                valid.append(_Valid(item.row, values, request.start_date is not None))
        if progress is not None:
            progress(1)
    existing = _existing(session, list(seen))
    blocked = suppression.suppressed(session, [p for p in seen if p not in existing])
    new: list[dict[str, Any]] = []
    unchanged = 0
    for entry in valid:
        patient = existing.get(entry.values["phone"])
        if patient is None and entry.values["phone"] in blocked:
            errors.append(RowError(row=entry.row, field="phone", message=suppression.MESSAGE))
            continue
        if patient is None:
            new.append(entry.values)
            continue
        compared = dict(entry.values)
        if not entry.explicit_start:
            compared.pop("start_date")  # "today" moves on; an unstated start date is no change
        gone = patient.status in (PatientStatus.unenrolled, PatientStatus.opted_out)
        if patient.clinician_id == actor.id and not gone and validation.same(patient, compared):
            unchanged += 1
        else:
            own = patient.clinician_id == actor.id
            message = validation.taken(patient, own=own)
            if own and not gone:
                message += f" with other details; change them with PATCH /v1/patients/{patient.id}"
            errors.append(RowError(row=entry.row, field="phone", message=message))
    try:
        ids = _insert(session, actor, new, settings, library, now)
    except IntegrityError:  # a phone was enrolled meanwhile: nothing was written
        session.rollback()
        raise Conflict("some phones were enrolled during the import; import again") from None
    # The planner's own chunks; a short id list per call keeps its queries small.
    for start in range(0, len(ids), planner.CHUNK):
        chunk = ids[start : start + planner.CHUNK]
        planner.plan(session=session, library=library, now=now, patient_ids=chunk)
    errors.sort(key=lambda e: e.row)
    return ImportOut(enrolled=len(ids), unchanged=unchanged, errors=errors)


def owner_by_email(*, session: Session, email: str | None) -> Clinician:
    """The enabled clinician who will own imported patients (for the CLI).

    Without an email, the clinic's only enabled clinician is the owner; with several, the
    caller must say which.
    """
    if email is None:
        enabled = session.exec(
            select(Clinician).where(col(Clinician.disabled_at).is_(None)).limit(2)
        ).all()
        if len(enabled) != 1:
            problem = "no clinician yet" if not enabled else "several clinicians"
            raise InvalidInput(
                f"{problem}: say who owns these patients with --clinician EMAIL "
                "(coach clinicians list shows them)",
                field="clinician",
            )
        return enabled[0]
    found = session.exec(select(Clinician).where(Clinician.email == email.strip().lower())).first()
    if found is None:
        raise NotFound(f"no clinician with email {email}", field="clinician")
    if found.disabled_at is not None:
        raise InvalidInput(f"clinician {email} is disabled", field="clinician")
    return found


def _existing(session: Session, phones: list[str]) -> dict[str, Patient]:
    found: dict[str, Patient] = {}
    for start in range(0, len(phones), _LOOKUP_CHUNK):
        chunk = phones[start : start + _LOOKUP_CHUNK]
        for patient in session.exec(select(Patient).where(col(Patient.phone).in_(chunk))):
            found[patient.phone] = patient
    return found


def _insert(
    session: Session,
    actor: Clinician,
    new: list[dict[str, Any]],
    settings: Settings,
    library: Library,
    now: datetime,
) -> list[int]:
    if not new:
        return []
    owned = [
        {**values, "clinician_id": actor.id, "created_at": now, "updated_at": now} for values in new
    ]
    result = session.execute(
        insert(Patient).returning(col(Patient.id), col(Patient.phone)), owned
    ).all()
    id_of = {phone: int(pid) for pid, phone in result}
    # A voice patient may have a landline: their first call names the clinic instead.
    rows = (welcome.import_row(id_of[v["phone"]], v, settings, library, now) for v in new)
    outbox.insert_ignore(session=session, rows=[row for row in rows if row is not None])
    audit.record_many(session, actor, "patient.import", id_of.values(), now=now)
    session.commit()
    return sorted(id_of.values())
