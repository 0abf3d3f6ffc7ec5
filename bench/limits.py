"""Benchmark: the hostile inputs of issue 13, each run as a real build, with wall time and peak memory.

    .venv/bin/python bench/limits.py [--cases salad,files,token,fifo,date] [--keep DIR]
                                     [--news ../shared/eval/basil_dev.jsonl]

Each case writes a seeds folder into a temporary directory (generated from a
fixed random seed, so every run measures the same bytes), then runs
``python -m generator build`` in a child process and reports its wall time,
its peak resident memory (``ru_maxrss`` of the child), its exit code and the
last line it printed. Nothing here is a test: the figures go into the README's
"Input and errors" section. The optional ``news`` case reads real articles from
the evaluation data in place and never copies them anywhere but the temporary
folder.

Cases:
- salad: two 1.9 MB files of near-duplicate word salad (a 33-word vocabulary);
- salad-limit: the same, two 660 KB files (just under 20,000 sentences, inside the limits);
- files: 5,000 small files (about 700 KB in all) in one story;
- files-limit: 1,000 of them (the most a story may have);
- token: a line holding one 200,000-character token ``a-a-a-...``;
- fifo: a FIFO named ``story.yml``;
- date: ``published: 2024-13-45`` in ``story.yml``;
- news: two 1.9 MB files of real news (needs ``--news``, e.g. ``../shared/eval/duc2006_dev.jsonl``,
  whose 1,425 articles fill both files without repeating one);
- news-limit: the same, two 1.25 MB files (just under 20,000 sentences).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = (
    "the police said on monday that officers had found a car near river bridge after "
    "storm two men were arrested city council will meet"
).split()
"""33 words: every sentence of the word-salad case looks like every other one."""
FILE_BYTES = 1_900_000


def _salad_sentence(chooser: random.Random) -> str:
    words = [chooser.choice(VOCABULARY) for _ in range(chooser.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def make_salad(seeds: Path, file_bytes: int = FILE_BYTES) -> None:
    """Two 1.9 MB files of near-duplicate sentences: each is a random one or a copy with one word changed."""
    chooser = random.Random(13)
    story = seeds / "salad"
    story.mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        lines: list[str] = []
        size = 0
        previous = _salad_sentence(chooser)
        while size < file_bytes:
            if chooser.random() < 0.5:
                words = previous.rstrip(".").split()
                words[chooser.randrange(len(words))] = chooser.choice(VOCABULARY)
                sentence = " ".join(words).capitalize() + "."
            else:
                sentence = _salad_sentence(chooser)
            previous = sentence
            paragraph = sentence if chooser.random() < 0.7 else sentence + " " + _salad_sentence(chooser)
            lines.append(paragraph)
            size += len(paragraph) + 2
        (story / name).write_text("\n\n".join(lines)[:file_bytes], encoding="utf-8")


def make_files(seeds: Path, count: int = 5000) -> None:
    """5,000 small files of about 140 bytes each in one story folder."""
    chooser = random.Random(13)
    story = seeds / "many"
    story.mkdir(parents=True)
    for number in range(count):
        text = " ".join(_salad_sentence(chooser) for _ in range(2))
        (story / f"{number:05d}.txt").write_text(text[:140] + ".\n", encoding="utf-8")


def make_token(seeds: Path) -> None:
    """A normal article plus one line holding a 200,000-character token ``a-a-a-...``."""
    story = seeds / "token"
    story.mkdir(parents=True)
    normal = ("Officers found the car near the bridge on Monday, police said. "
              "Two men were arrested and the council will meet on Friday.")
    (story / "a.txt").write_text(normal + "\n\n" + "a-" * 100_000 + "\n", encoding="utf-8")
    (story / "b.txt").write_text(normal + "\n\n" + "a." * 100_000 + "\n\n" + "a@" * 100_000 + "\n",
                                 encoding="utf-8")


def make_fifo(seeds: Path) -> None:
    """A story whose story.yml is a FIFO nobody writes to."""
    story = seeds / "fifo"
    story.mkdir(parents=True)
    (story / "a.txt").write_text("Officers found the car near the bridge, police said.\n", encoding="utf-8")
    os.mkfifo(story / "story.yml")


def make_date(seeds: Path) -> None:
    """A story.yml with an impossible date."""
    story = seeds / "date"
    story.mkdir(parents=True)
    (story / "a.txt").write_text("Officers found the car near the bridge, police said.\n", encoding="utf-8")
    (story / "story.yml").write_text("title: Dates\npublished: 2024-13-45\n", encoding="utf-8")


def make_news(seeds: Path, dataset: Path, file_bytes: int = FILE_BYTES) -> None:
    """Two 1.9 MB files of real news: the evaluation articles concatenated, read in place."""
    story = seeds / "news"
    story.mkdir(parents=True)
    texts: list[str] = []
    with dataset.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for value in _strings(record):
                if len(value) > 500 and value not in texts[-50:]:
                    texts.append(value)
    # Distinct articles in each file, none repeated (when the data set is large enough: DUC 2006 is).
    if not texts:
        raise SystemExit(f"{dataset}: no article text found")
    for number, name in enumerate(("a.txt", "b.txt")):
        chunks: list[str] = []
        size = 0
        position = number
        while size < file_bytes:
            chunk = texts[position % len(texts)]
            chunks.append(chunk)
            size += len(chunk.encode("utf-8")) + 2
            position += 2
        data = "\n\n".join(chunks).encode("utf-8")[:file_bytes]
        (story / name).write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _limit_memory(mebibytes: int) -> None:
    """Cap the child's address space, so a runaway case fails alone instead of taking the shared machine."""
    limit = mebibytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_build(seeds: Path, docs: Path, timeout: float, memory_mib: int) -> dict[str, object]:
    """Run one build in a child process; return its exit code, wall time, peak memory and last line."""
    command = [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--docs", str(docs),
               "--no-cache"]
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                                   preexec_fn=lambda: _limit_memory(memory_mib))
        code: int | str = completed.returncode
        output = (completed.stderr.strip() or completed.stdout.strip()).splitlines()
    except subprocess.TimeoutExpired:
        code, output = "timeout", []
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    traceback = any(line.startswith("Traceback") for line in output)
    return {"exit": code, "seconds": round(seconds, 1), "peak_mib_so_far": round(peak_mib),
            "traceback": traceback, "last_line": output[-1][:300] if output else ""}


MAKERS = {
    "salad": make_salad, "files": make_files,
    # The worst cases still inside the default limits: just under 20,000 sentences, 1,000 files.
    "salad-limit": lambda seeds: make_salad(seeds, 660_000), "files-limit": lambda seeds: make_files(seeds, 1000),
    "token": make_token, "fifo": make_fifo, "date": make_date}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="salad,salad-limit,files,files-limit,token,fifo,date")
    parser.add_argument("--news", type=Path, default=None, help="JSONL of real articles for the news case")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--memory-limit", type=int, default=4096,
                        help="address-space cap of the build in MiB (default 4096), to protect the machine")
    parser.add_argument("--keep", type=Path, default=None, help="build the inputs here and keep them")
    args = parser.parse_args()
    cases = [case for case in args.cases.split(",") if case]
    for case in cases:
        # One child process per case, so ru_maxrss of the children is this case's peak.
        if len(cases) > 1:
            command = [sys.executable, __file__, "--cases", case, "--timeout", str(args.timeout),
                       "--memory-limit", str(args.memory_limit)]
            if args.news:
                command += ["--news", str(args.news)]
            subprocess.run(command, check=False)
            continue
        with tempfile.TemporaryDirectory(prefix="limits-") as temporary:
            base = args.keep or Path(temporary)
            seeds = base / "seeds"
            if case in ("news", "news-limit"):
                if args.news is None:
                    raise SystemExit("the news cases need --news FILE.jsonl")
                make_news(seeds, args.news, FILE_BYTES if case == "news" else 1_250_000)
            else:
                MAKERS[case](seeds)
            result = run_build(seeds, base / "docs", args.timeout, args.memory_limit)
            print(json.dumps({"case": case, **result}), flush=True)


if __name__ == "__main__":
    main()
