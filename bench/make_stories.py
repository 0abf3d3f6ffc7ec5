"""Turn records of an evaluation JSON Lines file into story folders the generator reads.

Each record (one event reported by several outlets) becomes one folder, each of
its documents one ``.md`` file with YAML front matter (``outlet``, ``title``,
``url``, ``published`` when the record knows them) and the document text as the
body, one paragraph per line. The folders go under ``local/stories/`` by
default, which git ignores: evaluation text must never enter the repository.

    python bench/make_stories.py /work/shared/eval/basil_dev.jsonl --limit 5 --out local/stories
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "local" / "stories"


def slugify(text: str, *, max_length: int = 60) -> str:
    """Return a lower-case, URL-safe form of ``text`` (ASCII letters, digits, hyphens).

    Folder and file names come from record ids and outlet names, which carry
    slashes, spaces and brackets; a slug keeps them valid on every file system.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a JSON Lines file, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _field(record: dict[str, Any], name: str, index: int) -> str | None:
    """The ``index``-th entry of a per-document list field, or None when absent or empty."""
    values = record.get(name)
    if not isinstance(values, list) or index >= len(values):
        return None
    value = values[index]
    return str(value) if value not in (None, "") else None


def document_markdown(record: dict[str, Any], index: int) -> str:
    """Return one document of ``record`` as an article file: front matter, then the text.

    ``yaml.safe_dump`` quotes titles with colons or quotes correctly, so any
    headline round-trips through the generator's front-matter reader.
    """
    front = {
        key: value
        for key, value in (
            ("outlet", _field(record, "outlets", index)),
            ("title", _field(record, "titles", index)),
            ("url", _field(record, "urls", index)),
            ("published", _field(record, "dates", index)),
        )
        if value is not None
    }
    body = "\n".join(part.strip() for part in record["documents"][index].split("\n") if part.strip())
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) if front else ""
    return f"---\n{header}---\n\n{body}\n"


def write_story(record: dict[str, Any], out_dir: Path) -> Path:
    """Write one record as a story folder under ``out_dir`` and return the folder."""
    folder = out_dir / slugify(str(record.get("id", "story")), max_length=80)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(len(record["documents"])):
        outlet = _field(record, "outlets", index) or "source"
        name = f"{index:03d}_{slugify(outlet, max_length=40)}.md"
        (folder / name).write_text(document_markdown(record, index), encoding="utf-8")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jsonl", type=Path, help="evaluation file (one event per line)")
    parser.add_argument("--limit", type=int, default=None, help="convert only the first N records")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"target folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if not args.jsonl.is_file():
        print(f"{args.jsonl}: file not found", file=sys.stderr)
        return 2
    written = 0
    for record in read_records(args.jsonl):
        if args.limit is not None and written >= args.limit:
            break
        if not record.get("documents"):
            continue
        print(write_story(record, args.out))
        written += 1
    print(f"{written} stories written under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
