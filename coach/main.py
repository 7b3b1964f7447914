"""The FastAPI app: admin API, Twilio webhooks, health. It never starts a scheduler."""

from __future__ import annotations

import logging
import sys

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from coach import __version__, security
from coach.alerts.router import router as alerts_router
from coach.body_limit import BodyLimit
from coach.clinicians.router import router as audit_router
from coach.conversations.router import router as conversations_router
from coach.db import SessionDep
from coach.errors import CoachError, ConfigError
from coach.logging import install_for_app
from coach.messaging.router import metrics_router
from coach.messaging.router import router as status_router
from coach.patients import importer
from coach.patients.reports_router import router as patient_records_router
from coach.patients.router import router as patients_router
from coach.replies.router import router as sms_router
from coach.settings import get_settings
from coach.voice.router import router as voice_router

log = logging.getLogger(__name__)

ROUTERS = (
    patients_router,
    patient_records_router,
    alerts_router,
    conversations_router,
    audit_router,
    sms_router,
    status_router,
    voice_router,
    metrics_router,
)


def _error(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    body: dict[str, str] = {"code": code, "message": message}
    if field:
        body["field"] = field
    return JSONResponse({"error": body}, status_code=status)


async def _coach_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CoachError)
    return _error(exc.status_code, exc.code, exc.message, exc.field)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(loc) or None
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    return _error(422, "invalid", f"{field}: {message}" if field else message, field)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
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
    settings = get_settings()
    security.install(app, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        larger={"/v1/patients/import": importer.MAX_BYTES + 64 * 1024},
    )

    @app.get("/healthz", tags=["ops"])
    def healthz(session: SessionDep) -> JSONResponse:
        """200 when the database answers, 503 when it does not."""
        try:
            session.connection().exec_driver_sql("SELECT 1")
        except SQLAlchemyError:
            log.warning("health check: database unreachable")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
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
