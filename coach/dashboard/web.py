"""What every dashboard page shares: templates, the signed-in clinician, CSRF and cookies."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, urlsplit

from fastapi import Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from coach.clinicians.models import Clinician
from coach.clock import NowDep
from coach.dashboard import accounts
from coach.db import SessionDep
from coach.settings import Settings, get_settings

SESSION_COOKIE = "coach_session"
# Before sign-in there is no session to hold a CSRF token: a cookie and a hidden field that
# must match (a cross-site page can make a browser send the cookie, but cannot read it).
PRE_CSRF_COOKIE = "coach_csrf"
LOGIN = "/app/login"

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class Viewer:
    """The signed-in clinician on this request, with the session's CSRF token."""

    clinician: Clinician
    csrf_token: str


def secure_cookies(settings: Settings) -> bool:
    """Cookies are Secure when the public URL is https."""
    return settings.public_url.startswith("https://")


def set_cookie(response: Response, settings: Settings, name: str, value: str) -> None:
    """An HttpOnly, SameSite=Lax cookie scoped to `/app` (Secure behind https)."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(settings),
        path="/app",
    )


def refuse_cross_site(request: Request) -> None:
    """403 for a form post sent from another site.

    Sec-Fetch-Site decides when the browser sends it; otherwise an Origin header must name
    this host. (Under `Referrer-Policy: no-referrer` Chromium sends `Origin: null` even for
    same-origin posts, so "null" is refused only when Sec-Fetch-Site is absent.)
    """
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if fetch_site is not None:
        cross = fetch_site not in ("same-origin", "none")
    else:
        cross = origin == "null"
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        cross = True
    if cross:
        raise HTTPException(status_code=403, detail="cross-site form posts are refused")


def safe_next(value: object) -> str | None:
    """`value` when it is a dashboard page of this site to return to after sign-in.

    Only a path under `/app` (no scheme, no host, no `//` or backslash a browser would read
    as another site, no dot segments, no control characters) and not a sign-in page: never
    an open redirect.
    """
    if not isinstance(value, str) or not value or len(value) > 2000:
        return None
    if "\\" in value or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//") or parts.fragment:
        return None
    if not (parts.path == "/app" or parts.path.startswith("/app/")):
        return None
    if {".", ".."} & set(unquote(parts.path).split("/")):  # a browser would leave /app
        return None
    if parts.path.startswith(("/app/login", "/app/logout", "/app/invite/", "/app/static/")):
        return None
    return value


def viewer(request: Request, session: SessionDep, now: NowDep) -> Viewer:
    """The signed-in clinician; a redirect to the sign-in page otherwise (for a page, with
    the page to come back to after signing in)."""
    found = accounts.resume_session(
        session=session, token=request.cookies.get(SESSION_COOKIE), now=now
    )
    if found is None:
        location = LOGIN
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method == "GET" and request.url.path != "/app" and safe_next(here):
            location = f"{LOGIN}?next={quote(here, safe='/')}"
        # The one error handler copies these headers: the browser follows the redirect.
        raise HTTPException(status_code=303, detail="sign in", headers={"Location": location})
    clinician, row = found
    return Viewer(clinician=clinician, csrf_token=row.csrf_token)


ViewerDep = Annotated[Viewer, Depends(viewer)]


async def checked_form(request: Request, who: ViewerDep) -> AsyncIterator[dict[str, Any]]:
    """The posted form of a signed-in clinician, after the same-site and CSRF checks.

    Uploads stay open until the response is sent, then their temporary files are closed.
    """
    refuse_cross_site(request)
    async with request.form(max_files=1, max_fields=50) as form:
        sent = form.get("csrf_token")
        if not isinstance(sent, str) or not hmac.compare_digest(sent, who.csrf_token):
            raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
        yield dict(form)


FormDep = Annotated[dict[str, Any], Depends(checked_form)]


async def pre_session_form(request: Request) -> dict[str, Any]:
    """A posted sign-in or set-password form, checked against the pre-session CSRF cookie."""
    refuse_cross_site(request)
    form = await request.form(max_files=0, max_fields=20)
    sent, cookie = form.get("csrf_token"), request.cookies.get(PRE_CSRF_COOKIE)
    if not isinstance(sent, str) or not cookie or not hmac.compare_digest(sent, cookie):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")
    return dict(form)


PreFormDep = Annotated[dict[str, Any], Depends(pre_session_form)]


def new_pre_csrf(request: Request) -> str:
    """The pre-session CSRF token already in the browser, or a new one."""
    return request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(32)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    who: Viewer | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a template with the viewer and its CSRF token; pages are never cached."""
    full = {"who": who, "csrf_token": who.csrf_token if who else "", **context}
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    response.headers["cache-control"] = "no-store"
    return response


def not_found(request: Request, who: Viewer, message: str) -> HTMLResponse:
    """The 404 page (another clinician's patient looks exactly like no patient)."""
    return render(request, "not_found.html", {"message": message}, who=who, status_code=404)
