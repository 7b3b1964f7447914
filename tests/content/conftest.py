"""Fixtures for content tests: a writable copy of the shipped content and programmes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.content.library import Library
from coach.content.loader import CONTENT_DIR, SCHEDULES_DIR, load_library

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def library() -> Library:
    """The shipped library, loaded once."""
    return load_library()


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of content/ and schedules/ that a test may break."""
    content = tmp_path / "content"
    schedules = tmp_path / "schedules"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(SCHEDULES_DIR, schedules)
    return content, schedules
