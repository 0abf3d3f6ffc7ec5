"""Measure how well articles are sorted into stories, on public multi-document news data.

Every row of the given JSON Lines files is one true story (one DUC topic, one NeuS or
BASIL event); the documents of all rows are pooled and grouped by
``generator.grouping`` without being told how many stories there are. Reports the
adjusted Rand index (Hubert and Arabie 1985) and B-cubed precision / recall / F1
(Bagga and Baldwin 1998) against the true grouping, and the number of groups found.

    .venv/bin/python bench/grouping.py ../shared/eval/duc2004_dev.jsonl
    .venv/bin/python bench/grouping.py ../shared/eval/neus_fulltext_dev.jsonl --threshold 5 --size-exponent 0
    .venv/bin/python bench/grouping.py ../shared/eval/basil_dev.jsonl --sweep 4 6 0.25

Rows need ``documents`` (a list of article texts); ``titles``, when present, gives each
document's headline. Nothing from the data is written anywhere: figures only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.grouping import (  # noqa: E402
    DEFAULT_THRESHOLD,
    SIZE_EXPONENT,
    Document,
    adjusted_rand_index,
    bcubed_f1,
    group,
    similarity_matrix,
    standardise,
)


def read_pool(paths: list[Path], *, titles: bool) -> tuple[list[Document], list[int]]:
    """Return every document of every row and the number of the row (the true story) it came from."""
    documents: list[Document] = []
    truth: list[int] = []
    row_number = 0
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                row = json.loads(line)
                headlines = row.get("titles") or [None] * len(row["documents"])
                for text, title in zip(row["documents"], headlines):
                    documents.append(Document(text=text, title=title if titles else None))
                    truth.append(row_number)
                row_number += 1
    return documents, truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="JSON Lines files, one true story per row")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"merging threshold (default: {DEFAULT_THRESHOLD}, the generator's)")
    parser.add_argument("--size-exponent", type=float, default=SIZE_EXPONENT,
                        help=f"how the bar rises with group size (default: {SIZE_EXPONENT}; 0 is plain "
                        "average link)")
    parser.add_argument("--sweep", type=float, nargs=3, metavar=("FROM", "TO", "STEP"),
                        help="also report every threshold from FROM to TO by STEP")
    parser.add_argument("--no-titles", action="store_true", help="ignore the rows' headlines")
    args = parser.parse_args(argv)
    documents, truth = read_pool(args.files, titles=not args.no_titles)
    started = time.perf_counter()
    similarity = standardise(similarity_matrix(documents))
    thresholds = [args.threshold]
    if args.sweep:
        start, stop, step = args.sweep
        count = int(round((stop - start) / step)) + 1
        thresholds += [round(start + i * step, 6) for i in range(count)]
    print(f"{', '.join(p.name for p in args.files)}: {len(documents)} documents, {len(set(truth))} true stories")
    print("threshold  groups    ARI   B3-P   B3-R  B3-F1")
    for number, threshold in enumerate(thresholds):
        predicted = group(similarity, threshold=threshold, size_exponent=args.size_exponent)
        precision, recall, f1 = bcubed_f1(truth, predicted)
        ari = adjusted_rand_index(truth, predicted)
        default = threshold == DEFAULT_THRESHOLD and args.size_exponent == SIZE_EXPONENT
        marker = "  <- default" if number == 0 and default else ""
        if number == 1:
            print("-- sweep")
        print(f"{threshold:9.3f} {len(set(predicted)):7d} {ari:6.3f} {precision:6.3f} {recall:6.3f} {f1:6.3f}{marker}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
