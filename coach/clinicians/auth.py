"""The API-key dependency: `Authorization: Bearer <key>` becomes the calling clinician."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from coach.clinicians import service
from coach.clinicians.models import Clinician, Role
from coach.db import SessionDep
from coach.errors import Forbidden, Unauthorized
from coach.security import auth_limiter, client_address

# auto_error=False: a missing header is our 401 with our message, not FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="An API key from `coach clinicians create`.")


def current_clinician(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Clinician:
    """The enabled clinician whose key is in the request; 401 with WWW-Authenticate otherwise.

    An address that sent too many bad keys lately gets 429 with Retry-After for any key
    that is not valid (keys are 256-bit random: checking one while blocked teaches a guesser
    nothing), so a valid key is never refused because of someone else's failures.
    """
    limiter, client = auth_limiter(request), client_address(request)
    wait = limiter.retry_after(client, session)
    sent = request.headers.get("authorization", "").strip()
    try:
        if credentials is None and sent:
            # HTTPBearer ignores a header without its scheme: say what is wrong with it
            # (without echoing any of it: it may be the key).
            raise Unauthorized(
                "the Authorization header must be `Bearer <key>`: the word Bearer, "
                "a space, then the key"
            )
        return service.authenticate(
            session=session, key=credentials.credentials if credentials else None
        )
    except Unauthorized as exc:
        if wait is not None:  # a valid key always passes; others' failures never block it
            raise HTTPException(
                status_code=429,
                detail="too many invalid API keys from this address; try again later",
                headers={"Retry-After": str(wait)},
            ) from None
        if credentials is not None or sent:  # a key was sent and is wrong (or disabled)
            limiter.failed(client, session)
        # An HTTPException so the one error handler also sends the challenge header.
        raise HTTPException(
            status_code=401, detail=exc.message, headers={"WWW-Authenticate": "Bearer"}
        ) from None


def current_admin(clinician: Annotated[Clinician, Depends(current_clinician)]) -> Clinician:
    """The calling clinician, who must hold the admin role (403 otherwise)."""
    if clinician.role != Role.admin:
        raise Forbidden("this needs an admin key")
    return clinician


CurrentClinician = Annotated[Clinician, Depends(current_clinician)]
CurrentAdmin = Annotated[Clinician, Depends(current_admin)]
