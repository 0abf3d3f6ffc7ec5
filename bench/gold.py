"""Score the analysis on whole stories with gold readings, beside a naive baseline.

Builds each story of ``--gold-dir`` (default ``../shared/gold``: four three-outlet
stories with ``<slug>.gold.yaml`` readings and their ``score.py``) and the seed
story (its gold alignment ``tests/data/seed_alignment.yml``, turned into the same
format: every fact two or more sources report), through the site's own
pipeline and ``story.json``, and prints ``score.py``'s figures per story, their
means, and the cluster F1 of a naive baseline: TF-IDF cosine over content-word
stems with plain average-link clustering, at its best threshold per story (an
optimistic baseline: tuned on the story it is scored on).

    .venv/bin/python bench/gold.py
    .venv/bin/python bench/gold.py --gold-dir OTHER/gold   # the same on stories not in this repository
    .venv/bin/python bench/gold.py --summary-words 200     # at the site's own budget (default: 250)
    .venv/bin/python bench/gold.py --lost-pairs            # and why gold same-fact pairs end up apart

The gold texts are research-only: nothing here is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import itertools
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.cluster_f1 import BASELINE_THRESHOLDS, baseline_labels  # noqa: E402
from generator.folders import load_story  # noqa: E402
from generator.pipeline import build_story  # noqa: E402
from generator.render import render_site  # noqa: E402
from generator.segment import segment  # noqa: E402
from generator.settings import Settings  # noqa: E402

SEED_STORY = ROOT / "seeds" / "met-police-firearms-officers"
SEED_ALIGNMENT = ROOT / "tests" / "data" / "seed_alignment.yml"
GOLD_SUMMARY_WORDS = 250
"""The gold readings name the facts "a good 150–250-word neutral summary must carry", so coverage
is measured at the top of that range; the site's own default is shorter (phones)."""
FIGURES = ("cluster_f1", "apart_pairs_merged", "consensus_covered", "summary_redundant",
           "citation_precision", "citation_recall", "conflicts_found", "unique_but_shared", "unique_found")


def load_scorer(gold_dir: Path) -> ModuleType:
    """Return ``score.py`` of the gold folder as a module (it is a script with a ``main``)."""
    spec = importlib.util.spec_from_file_location("gold_score", gold_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{gold_dir / 'score.py'}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_scorer(scorer: ModuleType, story_json: Path, gold_yaml: Path) -> dict[str, str]:
    """Return ``score.py``'s printed figures for one story.json, by name."""
    output = io.StringIO()
    saved = sys.argv
    sys.argv = ["score.py", str(story_json), str(gold_yaml)]
    try:
        with contextlib.redirect_stdout(output):
            scorer.main()
    except SystemExit:
        pass  # the scorer exits 1 on FAIL; the figures are what we want
    finally:
        sys.argv = saved
    figures = {}
    for line in output.getvalue().splitlines():
        name, _, value = line.partition(": ")
        if value:
            figures[name] = value.strip()
    return figures


def seed_gold(path: Path) -> dict[str, Any]:
    """Return the seed alignment in ``score.py``'s format (facts two or more sources report)."""
    alignment = yaml.safe_load(path.read_text(encoding="utf-8"))
    clusters: dict[str, dict[str, Any]] = {}
    for number, members in enumerate(alignment["clusters"], start=1):
        by_source: dict[str, list[str]] = {}
        for member in members:
            by_source.setdefault(member["source"], []).append(" ".join(member["text"].split()))
        if len(by_source) >= 2:
            clusters[f"fact{number}"] = {src: texts if len(texts) > 1 else texts[0] for src, texts in by_source.items()}
    return {"clusters": clusters, "apart": [], "consensus": [], "conflicts": {}, "unique": {}, "boilerplate": []}


def baseline_json(story_dir: Path, threshold: float, settings: Settings) -> dict[str, Any]:
    """Return a story.json holding only the naive baseline's clusters at ``threshold``."""
    sentences = segment(load_story(story_dir, settings).articles)
    labels = baseline_labels(sentences, threshold)
    clusters: dict[int, list[dict[str, str]]] = {}
    for sentence in sentences:
        clusters.setdefault(labels[sentence.id], []).append({"source": sentence.source, "text": sentence.text})
    return {"clusters": [{"id": f"b{label}", "members": members} for label, members in sorted(clusters.items())]}


def best_baseline_f1(scorer: ModuleType, story_dir: Path, gold_yaml: Path, work: Path, settings: Settings) -> float:
    """Return the naive baseline's best cluster F1 over its threshold grid."""
    best = 0.0
    for threshold in BASELINE_THRESHOLDS:
        path = work / "baseline.json"
        path.write_text(json.dumps(baseline_json(story_dir, threshold, settings)), encoding="utf-8")
        best = max(best, float(run_scorer(scorer, path, gold_yaml).get("cluster_f1", 0)))
    return best


def story_json_of(story_dir: Path, settings: Settings, templates: Path) -> str:
    """Return the story.json the site would publish for one story folder."""
    model = build_story(load_story(story_dir, settings), settings)
    pages = render_site((model,), templates)
    return next(text for path, text in pages.items() if path.endswith("/story.json"))


LOST_REASONS = ("one outlet's two sentences", "below the merge threshold", "outlet already in the cluster",
                "average link")
"""Why two sentences of one gold fact are in different clusters, in the order they are tested:
the two are one outlet's (a restatement the same-source rules did not allow); their pair score is
under ``cluster.threshold``; one's cluster already holds a sentence of the other's outlet (one
sentence per outlet, restatements aside), so a pair that scores high enough is kept apart by that
rule alone; or, none of these, average link did not bring their clusters together."""


def lost_pairs(story: dict[str, Any], gold: dict[str, Any], settings: Settings) -> dict[str, int]:
    """Count the gold same-fact pairs that ``story`` (a story.json) puts in different clusters, by reason.

    Gold sentences are found as ``score.py`` finds them: a source's member containing the gold substring.
    """
    from generator.similarity import encoder_from_model, score_story

    members = [(m["source"], " ".join(m["text"].split()), c["id"]) for c in story["clusters"] for m in c["members"]]
    sources_of: dict[str, set[str]] = {}
    for source, _, cluster_id in members:
        sources_of.setdefault(cluster_id, set()).add(source)
    placed = []
    for fact, by_source in gold["clusters"].items():
        for source, value in by_source.items():
            for substring in value if isinstance(value, list) else [value]:
                hit = next((m for m in members if m[0] == source and substring in m[1]), None)
                if hit is not None:
                    placed.append((fact, hit))
    scores = score_story([(text, source) for source, text, _ in members], encoder=encoder_from_model(),
                         settings=settings.similarity)
    counts = dict.fromkeys(LOST_REASONS, 0)
    for (fact, one), (other_fact, other) in itertools.combinations(placed, 2):
        if fact != other_fact or one == other or one[2] == other[2]:
            continue
        if one[0] == other[0]:
            reason = LOST_REASONS[0]
        elif scores.pair(one[1], other[1]) < settings.cluster.threshold:
            reason = LOST_REASONS[1]
        elif other[0] in sources_of[one[2]] or one[0] in sources_of[other[2]]:
            reason = LOST_REASONS[2]
        else:
            reason = LOST_REASONS[3]
        counts[reason] += 1
    return counts


def _number(value: str) -> float:
    """A figure as a number: '5/7' -> 0.714..., '0.85' -> 0.85, '1/2 name' -> 0.5."""
    head = value.split()[0] if value else "0"
    if "/" in head:
        found, total = head.split("/")
        return float(found) / float(total) if float(total) else float("nan")
    return float(head)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold-dir", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--no-seed", action="store_true", help="leave out the seed story")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline (faster)")
    parser.add_argument("--summary-words", type=int, default=GOLD_SUMMARY_WORDS,
                        help=f"summary budget (default {GOLD_SUMMARY_WORDS}, the gold readings' upper bound; "
                             f"the site's default is {Settings().summary.words})")
    parser.add_argument("--lost-pairs", action="store_true",
                        help="also count why gold same-fact pairs end up in different clusters")
    args = parser.parse_args(argv)
    settings = Settings.from_mapping({"summary_words": args.summary_words}, origin="--summary-words")
    scorer = load_scorer(args.gold_dir)
    stories: list[tuple[str, Path, Path]] = [
        (path.name.removesuffix(".gold.yaml"), args.gold_dir / "stories" / path.name.removesuffix(".gold.yaml"), path)
        for path in sorted(args.gold_dir.glob("*.gold.yaml"))
    ]
    rows: list[tuple[str, dict[str, str], float | None]] = []
    lost: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if not args.no_seed:
            seed_yaml = work / "seed.gold.yaml"
            seed_yaml.write_text(yaml.safe_dump(seed_gold(SEED_ALIGNMENT), allow_unicode=True), encoding="utf-8")
            stories.append(("seed", SEED_STORY, seed_yaml))
        for slug, story_dir, gold_yaml in stories:
            story_json = work / f"{slug}.json"
            story_json.write_text(story_json_of(story_dir, settings, ROOT / "templates"), encoding="utf-8")
            figures = run_scorer(scorer, story_json, gold_yaml)
            baseline = None if args.no_baseline else best_baseline_f1(scorer, story_dir, gold_yaml, work, settings)
            rows.append((slug, figures, baseline))
            if args.lost_pairs:
                lost[slug] = lost_pairs(json.loads(story_json.read_text(encoding="utf-8")),
                                        yaml.safe_load(gold_yaml.read_text(encoding="utf-8")), settings)
    header = ["story", *FIGURES, "baseline_f1"]
    print(" | ".join(header))
    for slug, figures, baseline in rows:
        cells = [figures.get(name, "-").split(" ")[0] for name in FIGURES]
        print(" | ".join([slug, *cells, "-" if baseline is None else f"{baseline:.3f}"]))
    means = []
    for name in FIGURES:
        values = [_number(figures[name]) for slug, figures, _ in rows
                  if name in figures and not (slug == "seed" and name in ("consensus_covered", "conflicts_found",
                                                                            "unique_found"))]
        values = [value for value in values if value == value]
        means.append(f"{sum(values) / len(values):.3f}" if values else "-")
    baselines = [baseline for _, _, baseline in rows if baseline is not None]
    print(" | ".join(["mean", *means, f"{sum(baselines) / len(baselines):.3f}" if baselines else "-"]))
    covered = [figures["consensus_covered"].split(" ")[0].split("/") for slug, figures, _ in rows
               if slug != "seed" and "consensus_covered" in figures]
    if covered:
        found, total = sum(int(pair[0]) for pair in covered), sum(int(pair[1]) for pair in covered)
        print(f"consensus facts covered: {found} of {total} ({found / total:.0%}) within {args.summary_words} words")
    above = sum(1 for _, figures, baseline in rows
                if baseline is not None and float(figures.get("cluster_f1", 0)) > baseline)
    if baselines:
        print(f"cluster F1 above the naive baseline on {above} of {len(baselines)} stories")
    if lost:
        print()
        print(" | ".join(["gold same-fact pairs apart", *LOST_REASONS]))
        for slug, counts in lost.items():
            print(" | ".join([slug, *(str(counts[reason]) for reason in LOST_REASONS)]))
        print(" | ".join(["all", *(str(sum(counts[reason] for counts in lost.values())) for reason in LOST_REASONS)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
