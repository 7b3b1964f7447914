"""Figures of the parser (rules + model) on a labelled corpus, as the issue's bar states them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from coach.replies.labels import Intent
from coach.replies.model.combine import Triage
from coach.replies.model.corpus import Example
from coach.replies.parsing import ParsedReply, ReplyContext, parse_reply

Parse = Callable[[Example], ParsedReply]


def default_parse(example: Example) -> ParsedReply:
    """The shipped parser with the example's context."""
    return parse_reply(example.text, ReplyContext(last_outbound_kind=example.context))


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


@dataclass
class Report:
    """Per-field figures and the intent confusion table."""

    total: int = 0
    intent_ok: int = 0
    pain_ok: int = 0
    flags: int = 0
    flags_caught: int = 0  # urgent or review
    flags_urgent: int = 0
    urgent: int = 0
    urgent_right: int = 0
    calm: int = 0  # not a red flag
    calm_review: int = 0
    calm_chat: int = 0  # labelled `other`: every one goes to review by design
    calm_chat_review: int = 0
    opt_outs: int = 0
    opt_outs_found: int = 0
    false_opt_outs: list[str] = field(default_factory=list)
    missed_flags: list[str] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def figures(self) -> dict[str, float]:
        """The bar's measures, each 0..1 (false opt-outs as a count)."""
        return {
            "intent": _ratio(self.intent_ok, self.total),
            "pain": _ratio(self.pain_ok, self.total),
            "red_flag_caught": _ratio(self.flags_caught, self.flags),
            "red_flag_urgent": _ratio(self.flags_urgent, self.flags),
            "urgent_precision": _ratio(self.urgent_right, self.urgent),
            "review_on_calm": self.calm_review / self.calm if self.calm else 0.0,
            "review_on_calm_not_other": _ratio(
                self.calm_review - self.calm_chat_review, self.calm - self.calm_chat
            )
            if self.calm > self.calm_chat
            else 0.0,
            "opt_out_recall": _ratio(self.opt_outs_found, self.opt_outs),
            "false_opt_outs": float(len(self.false_opt_outs)),
        }


def evaluate(examples: Sequence[Example], parse: Parse = default_parse) -> Report:
    """Parse every example and count what the bar measures."""
    report = Report()
    for example in examples:
        parsed = parse(example)
        said = str(parsed.intent)
        report.total += 1
        report.intent_ok += said == example.intent
        report.pain_ok += parsed.pain == example.pain
        report.confusion[(example.intent, said)] += 1
        if parsed.triage == Triage.urgent:
            report.urgent += 1
            report.urgent_right += example.red_flag
        if example.red_flag:
            report.flags += 1
            caught = parsed.triage in (Triage.urgent, Triage.review)
            report.flags_caught += caught
            report.flags_urgent += parsed.triage == Triage.urgent
            if not caught:
                report.missed_flags.append(example.text)
        else:
            report.calm += 1
            report.calm_review += parsed.triage == Triage.review
            if example.intent == Intent.other:
                report.calm_chat += 1
                report.calm_chat_review += parsed.triage == Triage.review
        if example.intent == Intent.opt_out:
            report.opt_outs += 1
            report.opt_outs_found += parsed.intent == Intent.opt_out
        elif parsed.intent == Intent.opt_out:
            report.false_opt_outs.append(example.text)
    return report


def render(report: Report) -> str:
    """The figures and the confusion table as plain text."""
    lines = [f"{report.total} replies"]
    lines += [f"  {name:<24} {value:.3f}" for name, value in report.figures().items()]
    for title, items in (("missed red flags", report.missed_flags),
                         ("false opt-outs", report.false_opt_outs)):  # fmt: skip
        if items:
            lines.append(f"{title}:")
            lines += [f"  {text[:100]}" for text in items[:20]]
    labels = sorted({a for a, _ in report.confusion} | {b for _, b in report.confusion})
    short = {label: label[:7] for label in labels}
    lines.append("confusion (rows: label, columns: parsed intent)")
    lines.append(" " * 14 + " ".join(f"{short[b]:>7}" for b in labels))
    for a in labels:
        cells = " ".join(f"{report.confusion[(a, b)] or '.':>7}" for b in labels)
        lines.append(f"{a[:13]:<14}{cells}")
    return "\n".join(lines)
