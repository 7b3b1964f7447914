"""Read content/*.toml and schedules/*.toml into a validated Library."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.content.library import Library
from coach.content.models import (
    LANGUAGES,
    ContentError,
    Exercise,
    ExerciseEntry,
    Problem,
    Program,
    Template,
    TemplateEntry,
)
from coach.content.validation import check_entries, check_programs

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "content"
SCHEDULES_DIR = ROOT / "schedules"

M = TypeVar("M", bound=BaseModel)

_CONTENT_KEYS = {"defaults", "template", "exercise"}
_DEFAULT_KEYS = {"kind", "channel", "audience", "sources"}


def _label(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _read(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(file=_label(path), key="-", message=f"not valid TOML: {exc}"))
    except OSError as exc:
        problems.append(Problem(file=_label(path), key="-", message=f"cannot read: {exc}"))
    return None


def _key(prefix: str, raw: Any, loc: tuple[int | str, ...]) -> str:
    """A readable key for a pydantic error location, using ids where present."""
    parts: list[str] = [prefix] if prefix else []
    node = raw
    for part in loc:
        if isinstance(part, int):
            if isinstance(node, list) and part < len(node):
                node = node[part]
                ident = node.get("id") if isinstance(node, dict) else None
                parts.append(str(ident) if isinstance(ident, str) else f"[{part}]")
                continue
            parts.append(f"[{part}]")
        else:
            parts.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "-"


def _message(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (check the spelling; see the README for allowed keys)"
    if err["type"] == "missing":
        return "required key is missing"
    return str(err["msg"])


def _validate(
    model: type[M], raw: Any, file: str, prefix: str, problems: list[Problem]
) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            key = _key(prefix, raw, tuple(err["loc"]))
            problems.append(Problem(file=file, key=key, message=_message(err)))
    return None


def _entries(
    content_dir: Path, problems: list[Problem]
) -> tuple[list[tuple[str, TemplateEntry]], list[tuple[str, ExerciseEntry]]]:
    templates: list[tuple[str, TemplateEntry]] = []
    exercises: list[tuple[str, ExerciseEntry]] = []
    paths = sorted(content_dir.glob("*.toml"))
    if not paths:
        problems.append(Problem(file=str(content_dir), key="-", message="no .toml files found"))
    for path in paths:
        file = _label(path)
        data = _read(path, problems)
        if data is None:
            continue
        for key in sorted(set(data) - _CONTENT_KEYS):
            problems.append(Problem(file=file, key=key, message="unknown top-level key"))
        defaults = data.get("defaults", {})
        if not isinstance(defaults, dict):
            defaults = {}
        for key in sorted(set(defaults) - _DEFAULT_KEYS):
            problems.append(Problem(file=file, key=f"defaults.{key}", message="unknown key"))
        for i, raw in enumerate(data.get("template", [])):
            merged = {**{k: v for k, v in defaults.items() if k in _DEFAULT_KEYS}, **raw}
            ident = raw.get("id") if isinstance(raw, dict) else None
            prefix = ident if isinstance(ident, str) else f"template[{i}]"
            entry = _validate(TemplateEntry, merged, file, prefix, problems)
            if entry is not None:
                templates.append((file, entry))
        for i, raw in enumerate(data.get("exercise", [])):
            merged = {**({"sources": defaults["sources"]} if "sources" in defaults else {}), **raw}
            ident = raw.get("id") if isinstance(raw, dict) else None
            prefix = ident if isinstance(ident, str) else f"exercise[{i}]"
            ex = _validate(ExerciseEntry, merged, file, prefix, problems)
            if ex is not None:
                exercises.append((file, ex))
    return templates, exercises


def _programs(schedules_dir: Path, problems: list[Problem]) -> list[tuple[str, Program]]:
    programs: list[tuple[str, Program]] = []
    paths = sorted(schedules_dir.glob("*.toml"))
    if not paths:
        problems.append(Problem(file=str(schedules_dir), key="-", message="no .toml files found"))
    for path in paths:
        data = _read(path, problems)
        if data is not None:
            program = _validate(Program, data, _label(path), "", problems)
            if program is not None:
                programs.append((_label(path), program))
    return programs


def _build(
    templates: list[tuple[str, TemplateEntry]],
    exercises: list[tuple[str, ExerciseEntry]],
    programs: list[tuple[str, Program]],
) -> Library:
    tpl: dict[tuple[str, str], Template] = {}
    exe: dict[tuple[str, str], Exercise] = {}
    for file, entry in templates:
        for lang in LANGUAGES:
            text = getattr(entry, lang)
            if text is not None:
                tpl.setdefault(
                    (entry.id, lang),
                    Template(
                        id=entry.id,
                        kind=entry.kind,
                        language=lang,
                        channel=entry.channel,
                        audience=entry.audience,
                        text=text,
                        tags=tuple(entry.tags),
                        sources=tuple(entry.sources),
                        day_range=entry.day_range,
                        file=file,
                        two_segments_reason=entry.two_segments_reason,
                        times=tuple(entry.times),
                    ),
                )
    for file, ex in exercises:
        for lang in LANGUAGES:
            body = getattr(ex, lang)
            if body is None:
                continue
            exe.setdefault(
                (ex.id, lang),
                Exercise(
                    id=ex.id,
                    language=lang,
                    name=body.name,
                    sms_text=body.sms,
                    steps=tuple(body.steps),
                    cautions=tuple(body.cautions),
                    tags=tuple(ex.tags),
                    sources=tuple(ex.sources),
                    day_range=ex.day_range,
                    file=file,
                    times=tuple(ex.times),
                ),
            )
            tpl.setdefault(
                (ex.id, lang),
                Template(
                    id=ex.id,
                    kind="exercise",
                    language=lang,
                    channel="sms",
                    audience="patient",
                    text=body.sms,
                    tags=tuple(ex.tags),
                    sources=tuple(ex.sources),
                    day_range=ex.day_range,
                    file=file,
                    two_segments_reason=ex.two_segments_reason,
                    times=tuple(ex.times),
                ),
            )
    progs: dict[str, Program] = {}
    for _file, program in programs:
        progs.setdefault(program.id, program)
    return Library(tpl, exe, progs)


def _load(content_dir: Path | None, schedules_dir: Path | None) -> tuple[Library, list[Problem]]:
    problems: list[Problem] = []
    templates, exercises = _entries(content_dir or CONTENT_DIR, problems)
    programs = _programs(schedules_dir or SCHEDULES_DIR, problems)
    library = _build(templates, exercises, programs)
    problems += check_entries(templates, exercises, library)
    problems += check_programs(programs, library)
    return library, problems


def check_library(
    content_dir: Path | None = None, schedules_dir: Path | None = None
) -> list[Problem]:
    """Every problem in the content and programme files (empty when all is well)."""
    return _load(content_dir, schedules_dir)[1]


def load_library(content_dir: Path | None = None, schedules_dir: Path | None = None) -> Library:
    """Load and validate content and programmes; raise ContentError listing every problem."""
    library, problems = _load(content_dir, schedules_dir)
    if problems:
        raise ContentError(problems)
    return library


@functools.lru_cache(maxsize=1)
def get_library() -> Library:
    """The shipped library from the default directories, loaded once per process."""
    return load_library()
