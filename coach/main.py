"""The FastAPI app: admin API, Twilio webhooks, health. It never starts a scheduler."""

from __future__ import annotations

import logging
import sys
import time
import weakref
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from coach import __version__, migrate, security
from coach.alerts.router import router as alerts_router
from coach.body_limit import BodyLimit
from coach.clinicians.router import router as audit_router
from coach.conversations.router import router as conversations_router
from coach.dashboard import errors as dashboard_errors
from coach.dashboard.router import router as dashboard_router
from coach.db import SessionDep
from coach.errors import CoachError, ConfigError
from coach.logging import install_for_app
from coach.messaging.router import metrics_router
from coach.messaging.router import router as status_router
from coach.patients import importer
from coach.patients.reports_router import router as patient_records_router
from coach.patients.router import router as patients_router
from coach.replies.fast_path import SmsFastPath
from coach.replies.router import router as sms_router
from coach.settings import get_settings
from coach.voice.router import router as voice_router

log = logging.getLogger(__name__)

ROUTERS = (
    sms_router,  # first: the inbound SMS webhook is the hot path, matched before the rest
    patients_router,
    patient_records_router,
    alerts_router,
    conversations_router,
    audit_router,
    status_router,
    voice_router,
    metrics_router,
    dashboard_router,
)


def _error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    body: dict[str, str] = {"code": code, "message": message}
    if field:
        body["field"] = field
    return JSONResponse({"error": body}, status_code=status)


async def _coach_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CoachError)
    if dashboard_errors.for_dashboard(request):
        return dashboard_errors.page(request, exc.status_code, exc.message)
    return _error(exc.status_code, exc.code, exc.message, exc.field)


def _describe(error: Any) -> dict[str, str]:
    """One validation error as {"code", "message", "field"?}."""
    if error.get("type") == "json_invalid":
        # loc is ("body", <character offset>): not a field.
        where = [part for part in error.get("loc", ()) if isinstance(part, int)]
        at = f" at character {where[0]}" if where else ""
        reason = (error.get("ctx") or {}).get("error", "")
        message = f"the request body is not valid JSON{at}" + (f": {reason}" if reason else "")
        return {"code": "invalid", "message": message}
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(loc) or None
    message = str(error.get("msg", "invalid request")).removeprefix("Value error, ")
    body = {"code": "invalid", "message": f"{field}: {message}" if field else message}
    if field:
        body["field"] = field
    return body


async def _validation_error(request: Request, exc: Exception) -> Response:
    """422 naming the first problem as `error` and every problem in `errors` (a page
    under `/app`)."""
    assert isinstance(exc, RequestValidationError)
    if dashboard_errors.for_dashboard(request):
        return dashboard_errors.page(request, 422)
    errors = [_describe(error) for error in exc.errors()] or [
        {"code": "invalid", "message": "invalid request"}
    ]
    return JSONResponse({"error": errors[0], "errors": errors}, status_code=422)


async def _database_error(_request: Request, exc: Exception) -> JSONResponse:
    """A database that is away or lacks its tables: 503 in the one error shape, one log line."""
    log.error("database error: %s", type(exc).__name__)
    return _error(
        503,
        "database_unavailable",
        "the database is unreachable or not migrated; /healthz says which",
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if dashboard_errors.for_dashboard(request) and not 300 <= exc.status_code < 400:
        return dashboard_errors.page(request, exc.status_code)
    codes = {
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "too_many_requests",
    }
    response = _error(exc.status_code, codes.get(exc.status_code, "error"), str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


# Engines whose schema was last seen at head, and when (time.monotonic()): the revision is
# read again only after HEAD_CHECK_SECONDS, so a probe every second stays one SELECT 1.
HEAD_CHECK_SECONDS = 30.0
_at_head: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


def _database_problem(session: Session) -> str | None:
    """None, migrate.UNREACHABLE or migrate.PENDING for the request's database."""
    try:
        connection = session.connection()
        connection.exec_driver_sql("SELECT 1")
        engine = connection.engine
        seen = _at_head.get(engine)
        if seen is not None and time.monotonic() - seen < HEAD_CHECK_SECONDS:
            return None
        at = migrate.current_revision(connection)
    except SQLAlchemyError:
        return migrate.UNREACHABLE
    if at != migrate.current_head():
        _at_head.pop(engine, None)
        return migrate.PENDING
    _at_head[engine] = time.monotonic()
    return None


def create_app() -> FastAPI:
    """Build the app with every router and the one error shape."""
    docs = get_settings().api_docs
    app = FastAPI(
        title="Neck Coach",
        version=__version__,
        description="Admin API and Twilio webhooks of the neck pain SMS and voice coach.",
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.add_exception_handler(CoachError, _coach_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(ProgrammingError, _database_error)
    settings = get_settings()
    app.add_middleware(SmsFastPath)  # the innermost: headers and body limit still apply
    security.install(app, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        larger={
            "/v1/patients/import": importer.MAX_BYTES + 64 * 1024,
            "/app/import": importer.MAX_BYTES + 64 * 1024,  # the dashboard's upload form
        },
        page=dashboard_errors.too_large,  # a dashboard form gets a page, not JSON
    )

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        """The clinicians' dashboard (it asks to sign in first)."""
        return RedirectResponse("/app")

    @app.get("/healthz", tags=["ops"])
    def healthz(session: SessionDep) -> JSONResponse:
        """200 when the database answers and is migrated; 503 saying which it is not."""
        problem = _database_problem(session)
        if problem is not None:
            log.warning("health check: database %s", problem)
            return JSONResponse({"status": "unavailable", "database": problem}, 503)
        return JSONResponse({"status": "ok", "database": "ok"})

    for router in ROUTERS:
        app.include_router(router)
    return app


def _app_or_exit() -> FastAPI:
    try:
        settings = get_settings()
    except ConfigError as exc:
        print(f"coach: {exc.message}", file=sys.stderr)  # noqa: T201 (start-up message)
        raise SystemExit(2) from None
    install_for_app(secrets=settings.secrets)
    return create_app()


app = _app_or_exit()
