"""The dashboard's one router for `coach.main.ROUTERS`: sign-in, pages and static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from coach.dashboard import account, downloads, imports, inbox, pages, patient_edit, signin

STATIC = Path(__file__).parent / "static"
_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}

router = APIRouter(include_in_schema=False)
router.include_router(signin.router)
router.include_router(account.router)
router.include_router(inbox.router)
router.include_router(downloads.router)
router.include_router(patient_edit.router)
router.include_router(imports.router)
router.include_router(pages.router)


@router.get("/app/static/{name}")
def static_file(name: str) -> FileResponse:
    """A file of the dashboard's own static folder (no subfolders, known types only)."""
    path = STATIC / name
    if "/" in name or path.suffix not in _TYPES or not path.is_file():
        raise HTTPException(status_code=404, detail="no such file")
    return FileResponse(path, media_type=_TYPES[path.suffix])
