"""Sign-in pages: `/app/login`, `/app/logout` and the invitation link `/app/invite/{token}`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coach.clock import NowDep
from coach.dashboard import accounts
from coach.dashboard.web import (
    LOGIN,
    PRE_CSRF_COOKIE,
    SESSION_COOKIE,
    FormDep,
    PreFormDep,
    SettingsDep,
    new_pre_csrf,
    render,
    safe_next,
    set_cookie,
)
from coach.db import SessionDep
from coach.errors import InvalidInput, NotFound, Unauthorized
from coach.security import client_address

router = APIRouter(prefix="/app", include_in_schema=False)


def _pre_session_page(
    request: Request,
    settings: SettingsDep,
    name: str,
    context: dict[str, object],
    status_code: int = 200,
) -> HTMLResponse:
    token = new_pre_csrf(request)
    response = render(request, name, {**context, "csrf_token": token}, status_code=status_code)
    set_cookie(response, settings, PRE_CSRF_COOKIE, token)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The sign-in form (with the dashboard page to go back to, when it is one)."""
    back = safe_next(request.query_params.get("next"))
    context: dict[str, object] = {"error": None, "email": "", "next": back}
    return _pre_session_page(request, settings, "login.html", context)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, form: PreFormDep, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Check the email and password; open a session and go to the inbox (or back to the
    dashboard page the sign-in interrupted)."""
    email = str(form.get("email", ""))
    after = safe_next(form.get("next"))
    try:
        clinician = accounts.check_password(
            session=session,
            email=email,
            password=str(form.get("password", "")),
            code=str(form.get("code", "")),
            client=client_address(request),
            secret_key=settings.secret_key,
            now=now,
        )
    except Unauthorized as exc:
        status = 429 if isinstance(exc, accounts.LockedOut) else 401
        context: dict[str, object] = {"error": exc.message, "email": email, "next": after}
        return _pre_session_page(request, settings, "login.html", context, status)
    opened = accounts.open_session(session=session, clinician=clinician, now=now)
    response = RedirectResponse(after or "/app", status_code=303)
    set_cookie(response, settings, SESSION_COOKIE, opened.token)
    return response


@router.post("/logout")
def logout(request: Request, _form: FormDep, session: SessionDep) -> Response:
    """Sign out: the session ends on the server, the cookie is cleared."""
    accounts.close_session(session=session, token=request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(LOGIN, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/app")
    return response


@router.get("/invite/{token}", response_class=HTMLResponse)
def invite_page(
    token: str, request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    """The set-a-password form of an invitation link (404 page when the link is not usable)."""
    try:
        clinician = accounts.invited_clinician(session=session, token=token, now=now)
    except NotFound as exc:
        return render(request, "not_found.html", {"message": exc.message}, status_code=404)
    context = {"token": token, "clinician": clinician, "error": None}
    return _pre_session_page(request, settings, "set_password.html", context)


@router.post("/invite/{token}", response_class=HTMLResponse)
def accept_invite(
    token: str,
    request: Request,
    form: PreFormDep,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Set the password, then sign in with it."""
    try:
        accounts.accept_invite(
            session=session,
            token=token,
            password=str(form.get("password", "")),
            confirm=str(form.get("confirm", "")),
            now=now,
        )
    except NotFound as exc:
        return render(request, "not_found.html", {"message": exc.message}, status_code=404)
    except InvalidInput as exc:
        clinician = accounts.invited_clinician(session=session, token=token, now=now)
        context = {"token": token, "clinician": clinician, "error": exc.message}
        return _pre_session_page(request, settings, "set_password.html", context, 422)
    return RedirectResponse(LOGIN + "?welcome=1", status_code=303)
