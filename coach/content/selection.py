"""Pick which text a programme item sends today: rotation, tags, gentler after high pain,
and only content that fits the programme day and the time of day it is tagged for."""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from datetime import time

from coach.content.library import Library
from coach.content.models import ContentError, Problem, ProgramItem, Template, time_of_day
from coach.content.validation import GENTLE_TAG

MOVEMENT_PREFIX = "exercise."


def movements(template: Template) -> frozenset[str]:
    """The movements a text asks for: an exercise's own id, and the exercise ids a tip or
    screen break names in its tags (e.g. a screen break tagged "exercise.chin_tuck")."""
    own = {template.id} if template.kind == "exercise" else set()
    return frozenset(own | {tag for tag in template.tags if tag.startswith(MOVEMENT_PREFIX)})


def reach(library: Library, ident: str, language: str) -> frozenset[str]:
    """A text's id and the movements it asks for (memoized: the planner asks per row)."""
    key = ("reach", ident, language)
    cached = library.memo.get(key)
    if cached is None:
        known = library.has_template(ident, language) or library.has_template(ident, "en")
        moves = movements(library.template(ident, language)) if known else frozenset()
        cached = library.memo[key] = moves | {ident}
    return cached  # type: ignore[return-value]


def _stable_index(seed: str, item_id: str, day_number: int, size: int) -> int:
    # crc32: stable across runs and machines, and cheap enough to call per message.
    return zlib.crc32(f"{seed}|{item_id}|{day_number}".encode()) % size


Candidates = tuple[list[Template], frozenset[str], frozenset[str]]


def candidates(
    library: Library,
    item: ProgramItem,
    language: str,
    day_number: int,
    gentle: bool,
    at: time | None,
) -> Candidates:
    """Templates usable for the item that day, the ids sharing one of its tags, and every
    id and movement among them (memoized: the planner asks the same for many patients)."""
    key = (
        "select",
        item.kind,
        item.id,
        tuple(item.tags),
        item.gentle_after_high_pain,
        language,
        day_number,
        gentle,
        None if at is None else time_of_day(at),
    )
    cached = library.memo.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    pool = library.templates_of_kind(item.kind, language, "sms")
    if not pool and language != "en":
        pool = library.templates_of_kind(item.kind, "en", "sms")
    # Content for another programme phase or time of day is never sent out of it.
    today = [t for t in pool if t.valid_on(day_number) and t.valid_at(at)]
    if gentle and item.gentle_after_high_pain:
        today = [t for t in today if GENTLE_TAG in t.tags] or today
    wanted = set(item.tags)
    tagged = frozenset(t.id for t in today if wanted.intersection(t.tags))
    everything = frozenset().union(*(reach(library, t.id, language) for t in today))
    library.memo[key] = (today, tagged, everything)
    return today, tagged, everything


def select_template(
    library: Library,
    item: ProgramItem,
    *,
    language: str,
    recent_ids: Sequence[str],
    day_number: int,
    gentle: bool,
    seed: str,
    at: time | None = None,
    exclude: Collection[str] = (),
) -> Template:
    """Choose the template for an item: pure, deterministic for the same inputs.

    Candidates are the item's kind in `language` (SMS) valid on `day_number` and at local
    time `at` (their `day_range` and `times`), never one of `exclude` (sent that day) nor
    a text asking for a movement one of those asked for (see `movements`).
    When `gentle` is true and the item has `gentle_after_high_pain`, only `gentle`-tagged
    ones are kept (if any fit). Ids in `recent_ids` (newest last) are skipped; among the
    rest, those sharing a tag with the item are preferred. If every candidate was sent
    recently, the least recently used one is returned.
    """
    taken: set[str] = set()
    for ident in exclude:
        taken |= reach(library, ident, language)
    found = candidates(library, item, language, day_number, gentle, at)
    return pick(
        library,
        item,
        found,
        language=language,
        recent_ids=recent_ids,
        day_number=day_number,
        seed=seed,
        taken=taken,
    )


def pick(
    library: Library,
    item: ProgramItem,
    found: Candidates,
    *,
    language: str,
    recent_ids: Sequence[str],
    day_number: int,
    seed: str,
    taken: Collection[str],
) -> Template:
    """`select_template`'s choice among `candidates`, given `taken`: the texts and movements
    of the texts it must not repeat (each `reach` of `exclude`, which the planner keeps as
    it goes instead of working it out again for every text of a day)."""
    today, tagged, everything = found
    if taken and not everything.isdisjoint(taken):
        today = [t for t in today if reach(library, t.id, language).isdisjoint(taken)]
    if not today:
        message = f"no content of kind {item.kind!r} for day {day_number}"
        raise ContentError([Problem(file="-", key=item.id, message=message)])
    recent = set(recent_ids)
    fresh = [t for t in today if t.id not in recent]
    if fresh:
        preferred = [t for t in fresh if t.id in tagged]
        choices = preferred or fresh
        return choices[_stable_index(seed, item.id, day_number, len(choices))]
    last_seen = {ident: pos for pos, ident in enumerate(recent_ids)}
    return min(today, key=lambda t: (last_seen.get(t.id, -1), t.id))
