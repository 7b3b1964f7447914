"""The pain chart: scores over time as SVG, with the programme's thresholds drawn."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from coach.content.models import PersistentRules

WIDTH, HEIGHT, DPI = 8.0, 3.5, 100


def pain_svg(
    *,
    reports: Sequence[tuple[datetime, int]],
    rules: PersistentRules,
    title: str,
    timezone: str = "UTC",
) -> bytes:
    """An SVG line chart of (reported_at, score) with the high-pain and still-high lines."""
    # Imported here: matplotlib is slow to import and only this endpoint needs it.
    # The object-oriented API (no pyplot) keeps no global state, so threads are safe.
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    if reports:
        times = [at for at, _ in reports]
        scores = [score for _, score in reports]
        axes.plot(
            mdates.date2num(times),  # type: ignore[no-untyped-call]
            scores,
            marker="o",
            color="#1f5fa8",
            linewidth=1.5,
            label="pain (0-10)",
        )
        axes.xaxis_date(timezone)
        locator = mdates.AutoDateLocator(tz=timezone)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator, tz=timezone)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(formatter)
    else:
        axes.text(0.5, 0.5, "no pain reports yet", ha="center", va="center",
                  transform=axes.transAxes, color="#666666")  # fmt: skip
        axes.set_xticks([])
    axes.axhline(rules.high_pain_score, color="#c0392b", linestyle="--", linewidth=1,
                 label=f"high pain ({rules.high_pain_score})")  # fmt: skip
    axes.axhline(rules.still_high_score, color="#e67e22", linestyle=":", linewidth=1,
                 label=f"still high after {rules.still_high_after_days} days "
                       f"({rules.still_high_score})")  # fmt: skip
    axes.set_ylim(-0.5, 10.5)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("pain score")
    # A name is shown as written: "$...$" would otherwise be read as math text and can
    # make matplotlib fail to draw the chart at all.
    axes.set_title(title, usetex=False, parse_math=False)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="upper right", fontsize="small")
    figure.tight_layout()
    out = io.BytesIO()
    # No date in the metadata: the file says nothing about when it was drawn.
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
