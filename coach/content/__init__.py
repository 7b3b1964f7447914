"""Content library and programmes: load, validate, select and preview."""

from coach.content.library import Library
from coach.content.loader import check_library, get_library, load_library
from coach.content.models import (
    ContentError,
    Exercise,
    Problem,
    Program,
    ProgramItem,
    Step,
    Template,
    UnknownContent,
)
from coach.content.preview import PreviewDay, PreviewMessage, preview
from coach.content.selection import select_template

__all__ = [
    "ContentError",
    "Exercise",
    "Library",
    "PreviewDay",
    "PreviewMessage",
    "Problem",
    "Program",
    "ProgramItem",
    "Step",
    "Template",
    "UnknownContent",
    "check_library",
    "get_library",
    "load_library",
    "preview",
    "select_template",
]
