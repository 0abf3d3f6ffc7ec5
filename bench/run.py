"""Benchmark: time and peak memory of the pipeline, in-process.

    .venv/bin/python bench/run.py [--eval-dir ../shared/eval] [--repeat 3]

Stories measured:
- the seed story (every story folder under seeds/, through the whole build
  including rendering);
- a DUC 2006 topic: 25 wire articles on one topic;
- a wide story: the articles of 8 DUC 2006 topics in one story (200 sources);
- syndicated copy: one wire article carried by 300 outlets, each copy with its
  own first line, as happens with agency copy.

The evaluation data is read from its folder, never copied. Timings are the
best of ``--repeat`` runs; peak memory is measured in a separate run under
tracemalloc (which slows the code down, so it is not timed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.clean import clean_text  # noqa: E402
from generator.models import (  # noqa: E402
    Article,
    Source,
    StoryInput,  # noqa: E402
)
from generator.pipeline import build_pages, build_story  # noqa: E402
from generator.settings import Settings  # noqa: E402


def story_from_texts(slug: str, texts: Sequence[str]) -> StoryInput:
    """A story whose sources are the given article texts."""
    articles = []
    for number, text in enumerate(texts, start=1):
        source_id = f"s{number:04d}"
        cleaned = clean_text(text)
        articles.append(Article(Source(id=source_id, slug=source_id, filename=f"{source_id}.txt"),
                                cleaned.paragraphs, cleaned.removed))
    return StoryInput(slug=slug, title=slug, directory=Path("."), articles=tuple(articles))


def measure(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time in seconds over ``repeat`` runs, and peak traced memory in MiB of one more run."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    rows: list[tuple[str, int, int, float, float]] = []

    seeds = ROOT / "seeds"
    sources = sum(1 for path in seeds.rglob("*") if path.suffix in (".txt", ".md"))
    words = sum(len(path.read_text(encoding="utf-8", errors="replace").split())
                for path in seeds.rglob("*") if path.suffix in (".txt", ".md"))
    seconds, peak = measure(lambda: build_pages(seeds, ROOT / "templates", settings), args.repeat)
    rows.append(("seed stories, whole build", sources, words, seconds, peak))

    duc2006 = args.eval_dir / "duc2006_dev.jsonl"
    if duc2006.is_file():
        records = [json.loads(line) for line in duc2006.read_text(encoding="utf-8").splitlines()[:8]]
        one = story_from_texts("duc2006-topic", records[0]["documents"])
        wide = story_from_texts("wide", [doc for record in records for doc in record["documents"]])
        wire = records[1]["documents"][0]
        syndicated = story_from_texts(
            "syndicated", [f"Published by outlet number {n}.\n{wire}" for n in range(300)])
        for label, story in (("DUC 2006 topic (one story)", one), ("8 DUC 2006 topics as one story", wide),
                             ("one wire article from 300 outlets", syndicated)):
            story_words = sum(len(p.split()) for a in story.articles for p in a.paragraphs)
            seconds, peak = measure(lambda story=story: build_story(story, settings), args.repeat)
            rows.append((label, len(story.articles), story_words, seconds, peak))
    else:
        print(f"note: {duc2006} not found; only the seed stories are measured", file=sys.stderr)

    print(f"{'story':38} {'sources':>7} {'words':>8} {'seconds':>8} {'peak MiB':>9}")
    for label, count, story_words, seconds, peak in rows:
        print(f"{label:38} {count:7d} {story_words:8d} {seconds:8.3f} {peak:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
