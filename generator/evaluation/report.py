"""Presenting results: a text table for the terminal, Markdown tables, SVG charts, the site page.

Everything here is a pure function of the results mapping written by
``runner.evaluate`` (or read back from ``results.json``), so the page can be
rebuilt from stored results without running any system again. Names of
published systems and datasets come from data files; they are escaped (with
the site's ``generator.markdown.escape`` or as XML) before they reach Markdown
or SVG, so no data can become markup on the site. The page is rendered by the
site's one template environment (``generator.render.template_environment``),
whose ``finalize`` escapes any value that is not ``SafeMarkdown`` built here.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from ..markdown import SafeMarkdown, escape, fenced_code
from ..render import render_template, template_environment
from .runner import ORACLE, OURS, PEER_PREFIX

PAGE_TEMPLATE = "evaluation.md.j2"

_MEASURE_LABEL = {"recall": "recall", "f1": "F1", "precision": "precision"}
_KIND_ORDER = {"ours": 0, "baseline": 1, "published": 2, "oracle": 3}
_BASELINE_ORDER = ("lead", "lexrank", "textrank", "lsa")
# Characters that can start Markdown syntax inside a line (emphasis, code, links, tables,
# attribute lists, strikethrough); line-start syntax cannot occur because text is joined into one line
# and never starts a table cell's line.
_KIND_COLOUR = {"ours": "#d35400", "baseline": "#546e7a", "published": "#90a4ae", "oracle": "#2e7d32"}


def ordered_systems(results: Mapping[str, Any]) -> list[str]:
    """Return the system names of a results mapping in table order.

    Ours first, then the baselines in a fixed order, then the published systems
    by name, then the oracle: a fixed order whatever order the file lists them in.
    """
    systems = results["systems"]

    def key(name: str) -> tuple[int, int, str]:
        kind = systems[name]["kind"]
        position = _BASELINE_ORDER.index(name) if name in _BASELINE_ORDER else len(_BASELINE_ORDER)
        return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), position, name.lower())

    return sorted(systems, key=key)


def system_label(name: str, kind: str) -> str:
    """Return how a system is named in tables: what it is, not only its key."""
    if name == OURS:
        return "consensus (ours)"
    if name == ORACLE:
        return "oracle (upper bound)"
    if name.startswith(PEER_PREFIX):
        return f"{name[len(PEER_PREFIX):]} (published)"
    if kind == "baseline" and name in ("lexrank", "textrank", "lsa"):
        return f"{name} (sumy)"
    return name


def measures(results: Mapping[str, Any]) -> tuple[str, str]:
    """Return (primary, secondary) measure names of a results mapping."""
    primary = results["convention"]["primary"]
    return primary, ("f1" if primary == "recall" else "recall")


def _interval(score: Mapping[str, float]) -> str:
    return f"{score['mean']:.2f} [{score['low']:.2f}, {score['high']:.2f}]"


def _difference(entry: Mapping[str, Any] | None) -> str:
    if entry is None:
        return "–"
    mark = "*" if entry["significant"] else ""
    # The permutation test cannot resolve p-values below about 1 / resamples; do not print "p=0.000".
    p_value = "p<0.001" if entry["p_value"] < 0.001 else f"p={entry['p_value']:.3f}"
    return f"{entry['difference']:+.2f} ({p_value}){mark}"


def _seconds(system: Mapping[str, Any]) -> str:
    timing = system.get("seconds_per_cluster")
    return "–" if not timing else f"{timing['mean']:.2f}"


def table_rows(results: Mapping[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of the results table, as plain (unescaped) text.

    Columns: the primary measure of ROUGE-1 and ROUGE-2 with 95 % intervals,
    the secondary measure, our lead over each system on the primary measure
    (positive: ours is better; * marks p < 0.05) and seconds per cluster.
    """
    primary, secondary = measures(results)
    p_label, s_label = _MEASURE_LABEL[primary], _MEASURE_LABEL[secondary]
    header = ["system", f"R-1 {p_label} [95% CI]", f"R-2 {p_label} [95% CI]", f"R-1 {s_label}",
              f"R-2 {s_label}", f"ours - system, R-1 {p_label}", f"ours - system, R-2 {p_label}", "s / cluster"]
    rows: list[list[str]] = []
    for name in ordered_systems(results):
        system = results["systems"][name]
        scores = system["scores"]
        versus = system.get("versus_consensus")
        rows.append([
            system_label(name, system["kind"]),
            _interval(scores["rouge1"][primary]),
            _interval(scores["rouge2"][primary]),
            f"{scores['rouge1'][secondary]['mean']:.2f}",
            f"{scores['rouge2'][secondary]['mean']:.2f}",
            _difference(versus["rouge1"][primary] if versus else None),
            _difference(versus["rouge2"][primary] if versus else None),
            _seconds(system),
        ])
    return header, rows


def describe(results: Mapping[str, Any]) -> str:
    """Return one line saying what was scored and how (dataset, clusters, budget, primary measure)."""
    return f"{results['dataset']['name']}: {describe_settings(results)}"


def describe_settings(results: Mapping[str, Any]) -> str:
    """Return what ``describe`` says after the dataset name (our own words only, no data)."""
    dataset = results["dataset"]
    primary, _ = measures(results)
    peers = "published summaries cut to the budget" if results["convention"]["cut_peers"] else \
        "published summaries scored as published (not cut)"
    return (f"{len(results['clusters'])} clusters, budget {dataset['target_words']} words, "
            f"{dataset['references_per_cluster']} reference(s) per cluster pooled; primary measure: "
            f"ROUGE {_MEASURE_LABEL[primary]} (x100), Porter stemming; our summaries and the baselines "
            f"cut to the budget, {peers}")


def text_table(results: Mapping[str, Any]) -> str:
    """Return the results table as aligned plain text for the terminal."""
    header, rows = table_rows(results)
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = [describe(results), ""]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
    lines.append("* our difference from that system is significant (paired permutation test, p < 0.05)")
    return "\n".join(lines) + "\n"


def markdown_table(results: Mapping[str, Any]) -> SafeMarkdown:
    """Return the results table in Markdown, every cell escaped."""
    header, rows = table_rows(results)
    lines = ["| " + " | ".join(escape(cell) for cell in header) + " |",
             "|---" + "|---:" * (len(header) - 1) + "|"]
    for name, row in zip(ordered_systems(results), rows):
        cells: list[str] = [escape(cell) for cell in row]
        if name.startswith(PEER_PREFIX):
            # Published systems are named by the data file: untrusted, escaped like every cell.
            cells[0] = SafeMarkdown(f"{escape(name[len(PEER_PREFIX):])} (published)")
        if name == OURS:
            cells[0] = f"**{cells[0]}**"
        lines.append("| " + " | ".join(cells) + " |")
    return SafeMarkdown("\n".join(lines) + "\n")


def svg_chart(results: Mapping[str, Any]) -> str:
    """Return an SVG bar chart of ROUGE-1 and ROUGE-2 (primary measure) with 95 % intervals.

    Hand-written SVG (no plotting dependency), deterministic to the byte for
    the same results, readable without JavaScript.
    """
    primary, _ = measures(results)
    names = ordered_systems(results)
    # The gap and the right margin leave room for the value printed after each interval.
    labels = [system_label(name, results["systems"][name]["kind"]) for name in names]
    # About 7 px per character of 12 px sans-serif, so the longest system name fits left of the bars.
    label_width = max(140, 7 * max(len(label) for label in labels) + 16)
    panel_width, gap, row_height, top = 300, 56, 22, 50
    height = top + row_height * len(names) + 34
    width = label_width + 2 * panel_width + gap + 48
    title = f"{results['dataset']['name']}: ROUGE {_MEASURE_LABEL[primary]} with 95% bootstrap intervals"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img" '
        f'aria-label="{xml_escape(title, {chr(34): "&quot;"})}">',
        f"<title>{xml_escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="14" font-weight="bold">{xml_escape(title)}</text>',
    ]
    for row, name in enumerate(names):
        system = results["systems"][name]
        y = top + row * row_height + row_height / 2 + 4
        weight = ' font-weight="bold"' if name == OURS else ""
        parts.append(f'<text x="{label_width - 8}" y="{y:.1f}" text-anchor="end"{weight}>'
                     f"{xml_escape(system_label(name, system['kind']))}</text>")
    for panel, order in enumerate((1, 2)):
        left = label_width + panel * (panel_width + gap)
        scores = [results["systems"][name]["scores"][f"rouge{order}"][primary] for name in names]
        top_value = max(score["high"] for score in scores)
        scale_max = max(5.0, 5.0 * math.ceil(top_value / 5.0))
        step = 5.0 if scale_max <= 30 else 10.0

        def x_of(value: float, left: float = left, scale_max: float = scale_max) -> float:
            return left + panel_width * max(0.0, value) / scale_max

        parts.append(f'<text x="{left}" y="{top - 12}" font-weight="bold">ROUGE-{order} '
                     f"{_MEASURE_LABEL[primary]}</text>")
        tick = 0.0
        while tick <= scale_max + 1e-9:
            x = x_of(tick)
            bottom = top + row_height * len(names)
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#e0e0e0"/>')
            parts.append(f'<text x="{x:.1f}" y="{bottom + 14}" text-anchor="middle" fill="#555555">'
                         f"{tick:g}</text>")
            tick += step
        for row, (name, score) in enumerate(zip(names, scores)):
            kind = results["systems"][name]["kind"]
            y = top + row * row_height
            bar_top = y + 4
            bar_height = row_height - 8
            middle = y + row_height / 2
            parts.append(f'<rect x="{left}" y="{bar_top}" width="{x_of(score["mean"]) - left:.1f}" '
                         f'height="{bar_height}" fill="{_KIND_COLOUR.get(kind, "#90a4ae")}"/>')
            parts.append(f'<line x1="{x_of(score["low"]):.1f}" y1="{middle}" x2="{x_of(score["high"]):.1f}" '
                         f'y2="{middle}" stroke="#000000" stroke-width="1.5"/>')
            parts.append(f'<text x="{x_of(score["high"]) + 4:.1f}" y="{middle + 3.5}" font-size="10" '
                         f'fill="#333333">{score["mean"]:.2f}</text>')
            for end in (score["low"], score["high"]):
                parts.append(f'<line x1="{x_of(end):.1f}" y1="{middle - 4}" x2="{x_of(end):.1f}" '
                             f'y2="{middle + 4}" stroke="#000000" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chart_name(results: Mapping[str, Any]) -> str:
    """Return the file name of a dataset's chart, derived from the dataset name."""
    slug = re.sub(r"[^a-z0-9]+", "-", results["dataset"]["name"].lower()).strip("-") or "dataset"
    return f"evaluation-{slug}.svg"


def render_page(all_results: Sequence[Mapping[str, Any]], *, page: Path, assets: Path,
                templates: Path) -> dict[Path, str]:
    """Return the evaluation page and one chart per dataset, keyed by the path to write them to.

    Datasets appear in the order given; each section carries the command that
    produced its results, the table and the chart.
    """
    files: dict[Path, str] = {}
    sections = []
    for results in all_results:
        chart = assets / chart_name(results)
        files[chart] = svg_chart(results)
        primary, _ = measures(results)
        sections.append({
            "name": escape(results["dataset"]["name"]),
            "description": escape(describe_settings(results)),
            "source": escape(results["dataset"].get("source", "")),
            "primary": _MEASURE_LABEL[primary],
            "command": fenced_code(results["command"], "sh"),
            # A path this function made from the chart's slug and the page's place: printed as it is.
            "chart": SafeMarkdown(Path(os.path.relpath(chart, page.parent)).as_posix()),
            "chart_alt": escape(f"ROUGE scores on {results['dataset']['name']}"),
            "table": markdown_table(results),
            "environment": escape(", ".join(f"{key} {value}" for key, value
                                                     in sorted(results["environment"].items()))),
            "convention": results["convention"],
            "has_published": any(system["kind"] == "published" for system in results["systems"].values()),
        })
    files[page] = render_template(template_environment(templates), PAGE_TEMPLATE, sections=sections)
    return files
