"""`/app/account`: turn on two-step sign-in by scanning a QR code and typing a code."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from coach.clock import NowDep
from coach.dashboard import accounts, totp
from coach.dashboard.web import FormDep, SettingsDep, ViewerDep, render
from coach.db import SessionDep
from coach.errors import Conflict, InvalidInput

router = APIRouter(prefix="/app", include_in_schema=False)


def _page(
    request: Request,
    who: ViewerDep,
    enabled: bool,
    secret: str,
    error: str | None = None,
    *,
    available: bool = True,
    status_code: int = 422,
) -> HTMLResponse:
    # segno's SVG is markup we generated from the secret: nothing user-typed is in it.
    qr = Markup(totp.qr_svg(secret=secret, email=who.clinician.email))
    context = {
        "enabled": enabled, "secret": secret, "qr": qr, "error": error, "available": available,
        "unavailable": accounts.NO_SECRET_KEY,
    }  # fmt: skip
    status = status_code if error else 200
    return render(request, "account.html", context, who=who, status_code=status)


@router.get("/account", response_class=HTMLResponse)
def account_page(
    request: Request, who: ViewerDep, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    """Two-step sign-in: on, or a new secret's QR code to scan (when the server can seal it)."""
    enabled = accounts.totp_enabled(session=session, clinician=who.clinician)
    available = bool(settings.secret_key)
    return _page(request, who, enabled, totp.new_secret(), available=available)


@router.post("/account/totp", response_class=HTMLResponse)
def enable_totp(
    request: Request,
    who: ViewerDep,
    form: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Turn two-step sign-in on when the typed code matches the scanned secret."""
    secret = str(form.get("secret", ""))
    try:
        accounts.enable_totp(
            session=session,
            clinician=who.clinician,
            secret=secret,
            code=str(form.get("code", "")),
            now=now,
            secret_key=settings.secret_key,
        )
    except Conflict as exc:
        return _page(request, who, True, totp.new_secret(), exc.message, status_code=409)
    except InvalidInput as exc:
        fresh = secret if len(secret) == 32 else totp.new_secret()
        return _page(request, who, False, fresh, exc.message, available=bool(settings.secret_key))
    return RedirectResponse("/app/account?enabled=1", status_code=303)
