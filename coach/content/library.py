"""The loaded, validated content library: look up, list and render texts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from coach.content.models import (
    DEFAULT_LANGUAGE,
    Exercise,
    Problem,
    Program,
    Template,
    UnknownContent,
)


class _Values(dict[str, str]):
    """format_map mapping that reports the first missing placeholder."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


class Library:
    """Templates, exercises and programmes, keyed by id and language."""

    def __init__(
        self,
        templates: Mapping[tuple[str, str], Template],
        exercises: Mapping[tuple[str, str], Exercise],
        programs: Mapping[str, Program],
    ) -> None:
        self._templates = dict(templates)
        self._exercises = dict(exercises)
        self.programs: dict[str, Program] = dict(programs)
        self._by_kind: dict[tuple[str, str, str | None], list[Template]] = {}
        # Derived lookups other modules memoize on the library (it never changes once loaded).
        self.memo: dict[tuple[object, ...], object] = {}

    @property
    def languages(self) -> list[str]:
        """Languages that have at least one template."""
        return sorted({lang for _id, lang in self._templates})

    def has_template(self, template_id: str, language: str) -> bool:
        """Whether the exact id and language exist (no fallback)."""
        return (template_id, language) in self._templates

    def template(self, template_id: str, language: str) -> Template:
        """A template in `language`, falling back to English."""
        for lang in (language, DEFAULT_LANGUAGE):
            found = self._templates.get((template_id, lang))
            if found is not None:
                return found
        raise UnknownContent([Problem(file="-", key=template_id, message="no such template")])

    def render(self, template_id: str, language: str, /, **values: str) -> str:
        """Fill a template's {placeholders}; a missing value raises UnknownContent."""
        tpl = self.template(template_id, language)
        try:
            return tpl.text.format_map(_Values(values))
        except KeyError as exc:
            problem = Problem(
                file=tpl.file, key=template_id, message=f"no value given for {{{exc.args[0]}}}"
            )
            raise UnknownContent([problem]) from exc

    def templates_of_kind(
        self, kind: str, language: str, channel: str | None = None
    ) -> list[Template]:
        """Every template of a kind in one language (optionally one channel), sorted by id."""
        key = (kind, language, channel)
        cached = self._by_kind.get(key)
        if cached is None:  # the planner asks this for every message: index it once
            found = [
                t
                for (_id, lang), t in self._templates.items()
                if lang == language and t.kind == kind and (channel is None or t.channel == channel)
            ]
            cached = self._by_kind[key] = sorted(found, key=lambda t: t.id)
        return list(cached)

    def iter_templates(self) -> Iterator[Template]:
        """Every template in every language and channel, by id then language."""
        for key in sorted(self._templates):
            yield self._templates[key]

    def program(self, program_id: str) -> Program:
        """A programme by id."""
        try:
            return self.programs[program_id]
        except KeyError:
            problem = Problem(file="-", key=program_id, message="no such programme")
            raise UnknownContent([problem]) from None

    def exercise(self, exercise_id: str, language: str) -> Exercise:
        """An exercise in `language`, falling back to English."""
        for lang in (language, DEFAULT_LANGUAGE):
            found = self._exercises.get((exercise_id, lang))
            if found is not None:
                return found
        raise UnknownContent([Problem(file="-", key=exercise_id, message="no such exercise")])

    def exercises(self, language: str) -> list[Exercise]:
        """Every exercise in one language, sorted by id."""
        found = [e for (_id, lang), e in self._exercises.items() if lang == language]
        return sorted(found, key=lambda e: e.id)
