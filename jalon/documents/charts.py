"""The round's charts, drawn once as SVG and used by the PDF, the HTML page and the web app.

Each bar carries its number and its label, so no chart relies on colour alone.
"""

from __future__ import annotations

import functools
import io
import re

import matplotlib

matplotlib.use("Agg")  # no display: draw to files only
from matplotlib import pyplot  # noqa: E402

from jalon.documents.labels import LEVEL_COLOURS  # noqa: E402
from jalon.documents.report import Summary  # noqa: E402

matplotlib.rcParams["svg.hashsalt"] = "jalon"  # the same chart gives the same file
matplotlib.rcParams["font.family"] = "DejaVu Sans"
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
GREY, NEUTRAL = "#9e9e9e", "#4a6fa5"
NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_ID = re.compile(r'(\bid="|url\(#|href="#)([^"\)]+)')


def with_ids(svg: str, prefix: str) -> str:
    """The chart with its ids prefixed: several charts on one page keep ids unique."""
    return _ID.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", svg)


@functools.lru_cache(maxsize=64)
def _bar_chart(labels: tuple[str, ...], values: tuple[int, ...], colours: tuple[str, ...]) -> str:
    figure, axes = pyplot.subplots(figsize=(4.6, 0.4 * len(labels) + 0.4), dpi=100)
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=colours, edgecolor="#333333", linewidth=0.5)
    axes.set_yticks(positions, labels)
    axes.bar_label(bars, padding=3, fontsize=9)
    axes.set_xlim(0, max([*values, 1]) * 1.2)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", labelsize=9)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    pyplot.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # inline: no XML declaration or doctype


def bar_chart(labels: list[str], values: list[int], colours: list[str]) -> str:
    """A small horizontal bar chart as inline SVG (its caption is the page's). Drawn once
    per content: the PDF, the HTML page and the web app reuse the same drawing."""
    return _bar_chart(tuple(labels), tuple(values), tuple(colours))


def summary_charts(summary: Summary, labels: dict) -> dict[str, str]:
    words = labels["summary"]
    levels = ["green", "blue", "red"]
    level_names = [f"{labels['levels'][level]} — {labels['keywords'][keyword]}"
                   for level, keyword in zip(levels, ("completed", "in_progress", "postponed"),
                                             strict=True)]  # fmt: skip
    level_names[2] = f"{labels['levels']['red']} — {labels['keywords']['postponed']} / " + (
        labels["keywords"]["not_started"].lower()
    )
    level_values = [summary.levels[level] for level in levels]
    level_colours = [f"#{LEVEL_COLOURS[level]}" for level in levels]
    if summary.levels["not_set"]:
        level_names.append(words["not_set"])
        level_values.append(summary.levels["not_set"])
        level_colours.append(GREY)
    priorities = ["A", "B", "C", "missing"]
    priority_names = ["A", "B", "C", words["missing"]]
    areas = ["PS", "FA", "ORG", "OS"]
    charts = {
        "levels": bar_chart(level_names, level_values, level_colours),
        "priorities": bar_chart(
            priority_names,
            [summary.priorities[p] for p in priorities],
            [NEUTRAL, NEUTRAL, NEUTRAL, GREY],
        ),  # fmt: skip
        "areas": bar_chart(
            [labels["areas"][a] for a in areas],
            [summary.areas.get(a, 0) for a in areas],
            [NEUTRAL] * len(areas),
        ),  # fmt: skip
    }
    return {name: with_ids(svg, f"chart-{name}") for name, svg in charts.items()}


def progress_chart(sessions: list[tuple[str, dict[str, int]]], labels: dict) -> str:
    """Execution levels of section I at each session, stacked: how the round moved."""
    names = tuple(labels["levels"].get(k) or labels["summary"]["not_set"]
                  for k in ("green", "blue", "red", "not_set"))  # fmt: skip
    frozen = tuple((code, tuple(sorted(counts.items()))) for code, counts in sessions)
    return with_ids(_progress_chart(frozen, names), "chart-progress")


@functools.lru_cache(maxsize=32)
def _progress_chart(sessions: tuple, level_names: tuple[str, ...]) -> str:
    sessions = [(code, dict(counts)) for code, counts in sessions]
    names = [code for code, _ in sessions]
    series = [("green", f"#{LEVEL_COLOURS['green']}"), ("blue", f"#{LEVEL_COLOURS['blue']}"),
              ("red", f"#{LEVEL_COLOURS['red']}"), ("not_set", GREY)]  # fmt: skip
    figure, axes = pyplot.subplots(figsize=(max(4.6, 0.55 * len(names) + 1.5), 2.6), dpi=100)
    bottoms = [0] * len(names)
    for (key, colour), name in zip(series, level_names, strict=True):
        values = [counts.get(key, 0) for _, counts in sessions]
        axes.bar(names, values, bottom=bottoms, color=colour, edgecolor="#333333",
                 linewidth=0.5, label=name)  # fmt: skip
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    axes.tick_params(axis="x", labelsize=8, rotation=30 if len(names) > 4 else 0)
    axes.tick_params(axis="y", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=NO_METADATA)
    pyplot.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
