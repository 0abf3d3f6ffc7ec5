"""Print every conflict the differences report on many three-outlet stories, for a reader to judge.

The gold stories hold five conflicts in all, too few to tell a precise rule from a
noisy one: a rule can find all five and still fill other stories' pages with false
ones. This builds each event of a BASIL file (``../shared/eval/basil_dev.jsonl``:
40 events, Fox News, New York Times and HuffPost each) through the site's own
pipeline and prints, per event, each conflict's heading and its claims, then the
count per aspect. Whether a conflict is real is a reader's judgement; the README
("Differences") gives ours.

    .venv/bin/python bench/conflicts.py
    .venv/bin/python bench/conflicts.py OTHER.jsonl --kinds conflict,quote
    .venv/bin/python bench/conflicts.py --citations 0 0.45

``--citations LOW HIGH`` prints instead the summaries' ≈ citations (a source cited for
reporting the fact in its own words) whose same-fact score with the summary sentence lies in
[LOW, HIGH), with the sentence cited: whether it states the fact is a reader's judgement.

The texts are research-only: they are written to a temporary folder and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gold import story_json_of  # noqa: E402
from generator.settings import Settings  # noqa: E402
from generator.similarity import Encoder, encoder_from_model, score_story  # noqa: E402

DEFAULT_EVENTS = ROOT.parent / "shared" / "eval" / "basil_dev.jsonl"


def write_event(event: dict[str, object], folder: Path) -> None:
    """Write one event's documents as a story folder of Markdown sources with front matter."""
    folder.mkdir(parents=True)
    documents, outlets = event["documents"], event.get("outlets") or []
    titles, dates = event.get("titles") or [], event.get("dates") or []
    assert isinstance(documents, list) and isinstance(outlets, list)
    assert isinstance(titles, list) and isinstance(dates, list)
    for number, document in enumerate(documents):
        outlet = str(outlets[number]) if number < len(outlets) else f"Source {number + 1}"
        title = str(titles[number]) if number < len(titles) else outlet
        date = str(dates[number]) if number < len(dates) and dates[number] else ""
        front = [f"outlet: {json.dumps(outlet)}", f"title: {json.dumps(title)}"]
        if date:
            front.append(f"published: {json.dumps(date[:10])}")
        # One line per paragraph in the events, a blank line between paragraphs in Markdown.
        body = "\n\n".join(line.strip() for line in str(document).splitlines() if line.strip())
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"
        (folder / f"{number:03d}.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="?", type=Path, default=DEFAULT_EVENTS,
                        help="a JSON-lines file of events with 'documents' (default: BASIL dev)")
    parser.add_argument("--kinds", default="conflict", help="kinds of difference to print, comma-separated")
    parser.add_argument("--citations", nargs=2, type=float, metavar=("LOW", "HIGH"),
                        help="print the summaries' ≈ citations scoring in [LOW, HIGH) instead")
    args = parser.parse_args(argv)
    if not args.events.is_file():
        print(f"{args.events}: no such file (the BASIL dev file is in ../shared/eval)", file=sys.stderr)
        return 2
    kinds = set(args.kinds.split(","))
    settings = Settings()
    counts: Counter[str] = Counter()
    stories = 0
    encoder = encoder_from_model() if args.citations else None
    with tempfile.TemporaryDirectory() as scratch:
        for line_number, line in enumerate(args.events.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            event = json.loads(line)
            folder = Path(scratch) / f"event-{line_number:04d}"
            write_event(event, folder)
            story = json.loads(story_json_of(folder, settings, ROOT / "templates"))
            stories += 1
            names = {source["id"]: source.get("outlet") or source["id"] for source in story["sources"]}
            if encoder is not None:
                counts.update(print_citations(story, encoder, *args.citations, label=event.get("id", line_number)))
                continue
            for difference in story["differences"]:
                if difference["kind"] not in kinds:
                    continue
                counts[f"{difference['kind']}/{difference['aspect']}"] += 1
                print(f"## {event.get('id', line_number)} [{difference['kind']}/{difference['aspect']}] "
                      f"{difference['summary']}")
                for claim in difference["claims"]:
                    print(f"   {names.get(claim['source'], claim['source'])}: ({claim.get('detail') or ''}) "
                          f"{claim['text']}")
    print(f"\n{stories} stories; " + ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))
          + ("" if encoder is not None else f"; {sum(counts.values())} in all"))
    return 0


def print_citations(story: dict[str, Any], encoder: Encoder, low: float, high: float, *, label: object) -> Counter[str]:
    """Print the story's ≈ citations whose same-fact score with the summary sentence is in [low, high)."""
    text_of = {(member["source"], member["sentence"]): member["text"]
               for cluster in story["clusters"] for member in cluster["members"]}
    scores = score_story([(text, source) for (source, _), text in text_of.items()], encoder=encoder)
    counts: Counter[str] = Counter()
    for item in story["summary"]:
        for support in item["support"]:
            if support["level"] != "same-fact":
                continue
            counts["≈ citations"] += 1
            cited = text_of[(support["source"], support["sentence"])]
            score = scores.pair(item["text"], cited)
            if low <= score < high:
                counts[f"in [{low}, {high})"] += 1
                print(f"## {label} {score:.2f}\n   summary: {item['text']}\n   cites:   {cited}")
    return counts


if __name__ == "__main__":
    raise SystemExit(main())
