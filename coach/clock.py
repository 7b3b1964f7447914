"""The current time as a dependency, so tests can set it (services take `now` as an argument)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from coach.db import utcnow


async def get_now() -> datetime:
    """Timezone-aware UTC now."""
    return utcnow()


NowDep = Annotated[datetime, Depends(get_now)]
