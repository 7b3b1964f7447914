"""CSV import pages: upload, the outcome with its rows not enrolled, and the error report.

Every upload becomes an import job of the API's (`coach.patients.import_jobs`): up to
2,000 rows are enrolled at once and kept as a finished job; a larger file runs in the
background, in chunks, and its page shows the progress. Either way the browser lands on
`/app/imports/{id}` (a reload posts nothing again), which offers the error report as CSV.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from coach.clock import NowDep
from coach.dashboard.import_report import error_report
from coach.dashboard.pages import LibraryDep
from coach.dashboard.web import FormDep, SettingsDep, ViewerDep, not_found, render
from coach.db import SessionDep
from coach.errors import CoachError, InvalidInput, NotFound
from coach.patients import import_jobs, importer

router = APIRouter(prefix="/app", include_in_schema=False)
ImportId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, who: ViewerDep) -> HTMLResponse:
    """The CSV upload form."""
    return render(request, "import.html", {"error": None}, who=who)


@router.post("/import", response_class=HTMLResponse)
def import_csv(
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    library: LibraryDep,
    now: NowDep,
) -> Response:
    """Enroll the file's valid rows (the API's importer), at once or as a background job."""
    upload = form.get("file")
    data = upload.file.read(importer.MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    actor = who.clinician
    try:
        if not data.strip():
            raise InvalidInput("choose a CSV file with a header row", field="file")
        if len(data) > importer.MAX_BYTES:
            raise importer.TooLarge("the file is over 5 MB; split it")
        if import_jobs.data_lines(data) - 1 > import_jobs.INLINE_ROWS:
            job = import_jobs.start(
                session=session, actor=actor, data=data, settings=settings, library=library,
                now=now,
            )  # fmt: skip
        else:
            rows = importer.parse_csv(data)
            result = importer.import_rows(
                session=session, actor=actor, rows=rows, settings=settings, library=library,
                now=now,
            )  # fmt: skip
            job = import_jobs.record_finished(
                session=session, actor=actor, result=result, rows=len(rows), now=now
            )
    except CoachError as exc:
        session.rollback()
        return render(request, "import.html", {"error": exc.message}, who=who, status_code=422)
    return RedirectResponse(f"/app/imports/{job.id}", status_code=303)


@router.get("/imports/{import_id}", response_class=HTMLResponse)
def import_status(
    import_id: ImportId, request: Request, who: ViewerDep, session: SessionDep
) -> HTMLResponse:
    """An import's progress, then how many rows were enrolled and which were not, and why."""
    try:
        job = import_jobs.get_job(session=session, actor=who.clinician, job_id=import_id)
    except NotFound:
        return not_found(request, who, "No such import.")
    context = {"job": job, "errors": import_jobs.errors_of(job)}
    return render(request, "import_status.html", context, who=who)


@router.get("/imports/{import_id}/errors.csv")
def import_errors_csv(
    import_id: ImportId, request: Request, who: ViewerDep, session: SessionDep
) -> Response:
    """The rows not enrolled as a CSV file: row, column, message."""
    try:
        job = import_jobs.get_job(session=session, actor=who.clinician, job_id=import_id)
    except NotFound:
        return not_found(request, who, "No such import.")
    return Response(
        error_report(import_jobs.errors_of(job)),
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="import-{import_id}-errors.csv"',
            "cache-control": "no-store",
        },
    )
