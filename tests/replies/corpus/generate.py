"""Write the labelled reply corpus (train/dev/test JSONL) from `families.py` and `written/`.

Run from the repository root: `python -m tests.replies.corpus.generate`. The output is
deterministic (fixed seed); the split is by family, so paraphrases of one idea never sit in
two splits. `written/*.jsonl` holds replies independent writers typed in the line format
(family ids prefixed per writer); they are split the same way, without added noise. Re-run
it after editing a family or a written file, then `coach replies train`.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from tests.replies.corpus.families import FAMILIES, Family

SEED = 11
HERE = Path(__file__).parent
WRITTEN = HERE / "written"
SPLITS = ("train", "dev", "test")

_PREFIX = {
    "en": ("hi ", "Hello, ", "ok so ", "Hi it's Linda. ", "morning! ", "hey ", "sorry for the "
           "late reply, ", "Doris here. ", "um ", "Hi there, "),
    "es": ("hola ", "Buenas, ", "buenos dias ", "oiga ", "Hola soy Carmen, ", "perdon la demora, ",
           "buenas tardes, ", "hola doctora, ", "mire, "),
}  # fmt: skip
_EMOJI = ("\U0001f64f", "\U0001f615", "\U0001f629", "\U0001f642", "\U0001f605", "\U0001f62c")


def split_of(family: str) -> str:
    """The split a family belongs to: a fixed hash, about 70/15/15."""
    digest = hashlib.sha256(f"{SEED}:{family}".encode()).digest()
    bucket = digest[0] * 100 // 256
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def _noisy(text: str, lang: str, rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return _typo(text, rng)
    if kind == 1:
        return text.lower().replace("'", "").rstrip(".!") + " " + rng.choice(_EMOJI)
    if kind == 2:
        lower = text[:2].istitle()  # "Stop it" -> "hi stop it", but "STOP" stays
        return rng.choice(_PREFIX[lang]) + (text[0].lower() + text[1:] if lower else text)
    if kind == 3:
        return text.upper() if len(text) < 40 else _typo(text.lower(), rng)
    return text.replace("'", "").replace("?", "").replace(",", "")


def _rows(family: Family, rng: random.Random) -> list[dict[str, object]]:
    bases: list[tuple[str, int | None]] = []
    for text in family.texts:
        if "{n}" in text:
            for n in rng.sample(family.scores, 2):
                bases.append((text.replace("{n}", str(n)), n))
        else:
            bases.append((text, family.pain))
    out: list[tuple[str, int | None]] = []
    for text, pain in bases:
        out.append((text, pain))
        if family.noise:
            out.extend((_noisy(text, family.lang, rng), pain) for _ in range(3))
    rows = []
    for text, pain in dict.fromkeys(out):
        row: dict[str, object] = {
            "text": text,
            "intent": family.intent,
            "pain": pain,
            "red_flag": bool(family.categories),
            "categories": list(family.categories),
            "lang": family.lang,
            "family": family.id,
        }
        if family.context:
            row["context"] = family.context
        rows.append(row)
    return rows


def _written() -> list[dict[str, object]]:
    """The rows of `written/*.jsonl`, file by file, in file order."""
    rows: list[dict[str, object]] = []
    for path in sorted(WRITTEN.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def build() -> dict[str, list[dict[str, object]]]:
    """Every split's rows: the families in order, then the written replies."""
    rng = random.Random(SEED)
    out: dict[str, list[dict[str, object]]] = {name: [] for name in SPLITS}
    seen: set[tuple[object, object]] = set()
    generated = (row for family in FAMILIES for row in _rows(family, rng))
    for row in [*generated, *_written()]:
        key = (row["text"], row.get("context"))
        if key in seen:
            continue  # the first wording wins: families, then written files in name order
        seen.add(key)
        out[split_of(str(row["family"]))].append(row)
    return out


def main() -> None:
    """Write train.jsonl, dev.jsonl and test.jsonl next to this file."""
    for name, rows in build().items():
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
