"""The current time as a dependency, so tests can set it (services take `now` as an argument)."""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from coach.db import utcnow


async def get_now() -> datetime:
    """Timezone-aware UTC now."""
    return utcnow()


NowDep = Annotated[datetime, Depends(get_now)]


async def now_for(request: Request) -> datetime:
    """`get_now()` without dependency injection; its override in `app.dependency_overrides`
    (tests set the clock) is honoured."""
    provider = request.app.dependency_overrides.get(get_now)
    if provider is None:
        return utcnow()
    value = provider()
    return await value if inspect.isawaitable(value) else value  # type: ignore[no-any-return]
