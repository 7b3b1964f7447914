"""Error pages for `/app`: a browser that hits a wrong address or a refused form gets a
page of the dashboard, not the API's JSON.

`coach.main`'s error handlers call `page` for paths under `/app` (redirects pass through).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from coach.dashboard.web import render, templates
from coach.patients import importer
from coach.security import APP_CSP

IMPORT = "/app/import"

TITLES = {
    403: "Refused",
    404: "Not found",
    405: "Not found",
    413: "Too large",
    422: "Not found",
    429: "Too many requests",
}
# What a clinician can do about it: these say nothing about the request's insides.
MESSAGES = {
    403: "This form was refused: it came from another site, or the page was open too long "
    "(or in another browser). Go back, reload the page and try again.",
    404: "No such page.",
    405: "No such page: this address only takes a form sent from its page.",
    413: "That was too large to send.",
    422: "No such page: the address is not valid.",
}


def for_dashboard(request: Request) -> bool:
    """Whether the request is for a dashboard page (under `/app`)."""
    path = request.url.path
    return path == "/app" or path.startswith("/app/")


def page(request: Request, status_code: int, message: str | None = None) -> HTMLResponse:
    """The error page for `status_code`: `message`, or the dashboard's wording for it."""
    title = TITLES.get(status_code, "Something went wrong")
    text = message or MESSAGES.get(status_code, "That could not be done. Go back and try again.")
    context = {"title": title, "message": text}
    return render(request, "error.html", context, status_code=status_code)


def too_large(path: str) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
    """The page (body, headers) for a form post over the size limit under `/app`; None
    elsewhere (the API's JSON error). An upload says how large a file may be."""
    if not (path == "/app" or path.startswith("/app/")):
        return None
    mb = importer.MAX_BYTES // (1024 * 1024)
    message = (
        f"The file is over {mb} MB: split it into smaller files and import each one."
        if path == IMPORT
        else MESSAGES[413]
    )
    html = templates.get_template("error.html").render(
        who=None, title=TITLES[413], message=message, back=IMPORT if path == IMPORT else "/app"
    )
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"cache-control", b"no-store"),
        (b"content-security-policy", APP_CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
    ]
    return html.encode(), headers
