"""Benchmark of speed and scale (issue 11): what the README's speed table reports.

    .venv/bin/python bench/scale.py seed                 # the seed story, cold and warm, beside LexRank
    .venv/bin/python bench/scale.py sources 10 100 1000  # one story of N sources, beside LexRank
    .venv/bin/python bench/scale.py site 100             # a site of N stories: CLI and mkdocs build,
                                                         # cold, warm, and after one story changes
    .venv/bin/python bench/scale.py encoder              # the encoder's speed against the BLAS's

Each measurement runs in a fresh process, so its peak memory (the process's
maximum resident set) is its own. Timings are wall seconds on whatever else the
machine is doing; the CPU seconds (user + system, children included) are printed
beside them, since this 2-core machine is shared. Inputs come from the
evaluation files in ``--eval-dir`` (read, never copied into the repository: the
stories are written under ``local/``, which git ignores). Results are appended as
JSON lines to ``local/bench-scale.jsonl``.

LexRank is sumy's, with the similarity matrix computed by matrix products
(``generator.evaluation.baselines``, a test checks it ranks as stock sumy does),
given the same documents and the same 100-word budget as the generator's summary.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCAL = ROOT / "local"
RESULTS = LOCAL / "bench-scale.jsonl"
PYTHON = sys.executable
LEXRANK_SENTENCE_LIMIT = 12_000
"""Above this LexRank is not run: its dense sentence-by-sentence matrix (and its power
method) would need 8 * n^2 bytes, over 1 GB."""


def _record(result: dict[str, Any]) -> None:
    LOCAL.mkdir(exist_ok=True)
    result = {"at": time.strftime("%Y-%m-%dT%H:%M:%S"), **result}
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")
    print(json.dumps(result), flush=True)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _in_child(*arguments: str) -> dict[str, Any]:
    """Run this script's hidden sub-command in a fresh process and return its JSON result."""
    result = subprocess.run([PYTHON, __file__, *arguments], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    parsed: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def _lexrank(documents: Sequence[str]) -> float:
    from generator.evaluation.baselines import sumy_summary

    started = time.perf_counter()
    sumy_summary("lexrank", documents, target_words=100)
    return time.perf_counter() - started


# ---- the seed story -------------------------------------------------------------------------------


def seed_child(_arguments: Sequence[str]) -> dict[str, Any]:
    """In one process: import, model load, cold story (no cache), warm story (cache), LexRank."""
    import tempfile

    started = time.perf_counter()
    from generator.embed import SentenceEncoder
    from generator.folders import load_stories
    from generator.pipeline import build_pages, build_story
    from generator.segment import segment
    from generator.settings import Settings

    imported = time.perf_counter() - started
    started = time.perf_counter()
    SentenceEncoder.load()
    loaded = time.perf_counter() - started
    settings = Settings()
    story = load_stories(ROOT / "seeds", settings)[0]
    started = time.perf_counter()
    build_story(story, settings)
    cold = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        build_pages(ROOT / "seeds", ROOT / "templates", settings, cache_dir=Path(cache))
        cold_pages = time.perf_counter() - started
        warm = []
        for _ in range(3):
            started = time.perf_counter()
            build_pages(ROOT / "seeds", ROOT / "templates", settings, cache_dir=Path(cache))
            warm.append(time.perf_counter() - started)
    documents = ["\n".join(article.paragraphs) for article in story.articles]
    return {"bench": "seed", "sentences": len(segment(story.articles)), "import_s": imported,
            "model_load_s": loaded, "cold_story_s": cold, "cold_pages_s": cold_pages, "warm_pages_s": min(warm),
            "lexrank_s": min(_lexrank(documents) for _ in range(3)), "peak_mib": _peak_mib()}


# ---- one story of N sources -----------------------------------------------------------------------


def _story_documents(count: int, eval_dir: Path) -> list[str]:
    """``count`` sources: 40 % distinct DUC 2006 articles (topics in file order), the rest syndicated
    near copies of them, each with its own first line and every other one without its last paragraph."""
    records = [json.loads(line) for line in (eval_dir / "duc2006_dev.jsonl").read_text("utf-8").splitlines()
               if line.strip()]
    pool = [document for record in records for document in record["documents"]]
    distinct = pool[:max(1, math.ceil(count * 0.4))]
    documents = list(distinct)
    for number in range(count - len(distinct)):
        paragraphs = [part for part in distinct[number % len(distinct)].split("\n") if part.strip()]
        if number % 2 and len(paragraphs) > 2:
            paragraphs = paragraphs[:-1]
        documents.append(f"Distributed by wire partner number {number + 1}.\n" + "\n".join(paragraphs))
    return documents


def sources_child(arguments: Sequence[str]) -> dict[str, Any]:
    count, eval_dir = int(arguments[0]), Path(arguments[1])
    from generator.embed import SentenceEncoder
    from generator.limits import bound_sentences
    from generator.pipeline import build_story
    from generator.segment import segment
    from generator.settings import Settings

    sys.path.insert(0, str(ROOT / "bench"))
    from run import story_from_texts

    SentenceEncoder.load()
    settings = Settings()
    documents = _story_documents(count, eval_dir)
    story = story_from_texts(f"sources-{count}", documents)
    sentences = segment(story.articles)
    kept = bound_sentences(sentences, settings, label="bench").sentences
    cpu = _cpu()
    started = time.perf_counter()
    build_story(story, settings)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    peak = _peak_mib()
    lexrank = _lexrank(documents) if len(sentences) <= LEXRANK_SENTENCE_LIMIT else None
    return {"bench": "sources", "sources": count, "words": sum(len(d.split()) for d in documents),
            "sentences": len(sentences), "distinct_kept": len({s.text for s in kept}), "seconds": seconds,
            "cpu_s": cpu, "peak_mib": peak, "lexrank_s": lexrank}


# ---- a site of N stories --------------------------------------------------------------------------


def _events(eval_dir: Path) -> list[dict[str, Any]]:
    events = []
    for name in ("duc2004_dev.jsonl", "basil_dev.jsonl"):
        path = eval_dir / name
        if path.is_file():
            events += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [event for event in events if len(event.get("documents") or ()) >= 2]


def make_site(count: int, eval_dir: Path, folder: Path, *, paragraphs: int = 6) -> Path:
    """``count`` story folders: story i reports event i mod E through 3 of its sources (rotated by
    i div E, so every story differs), each cut to its first ``paragraphs`` paragraphs."""
    import yaml

    seeds = folder / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    events = _events(eval_dir)
    for number in range(count):
        event = events[number % len(events)]
        documents = event["documents"]
        story = seeds / f"story-{number:04d}"
        story.mkdir(parents=True)
        (story / "story.yml").write_text(yaml.safe_dump({"title": f"Story {number}: {event.get('id', '')}"}))
        for place in range(min(3, len(documents))):
            index = (place + number // len(events)) % len(documents)
            kept = [part.strip() for part in documents[index].split("\n") if part.strip()][:paragraphs]
            (story / f"source-{place}.txt").write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    return seeds


def _mkdocs_config(folder: Path, seeds: Path, docs: Path, cache: Path, *, enabled: bool = True) -> Path:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(folder / "site")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "generator" in entry:
            entry["generator"].update(templates=str(ROOT / "templates"), seeds=str(seeds), cache=str(cache),
                                      enabled=enabled)
    path = folder / ("mkdocs.yml" if enabled else "mkdocs-off.yml")
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _timed(command: Sequence[str]) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(" ".join(command) + "\n" + result.stdout[-3000:] + result.stderr[-3000:])
    generator_s = None
    for line in result.stderr.splitlines():
        if "generated" in line and " in " in line and line.rstrip().endswith(" s"):
            generator_s = float(line.rstrip()[:-2].rsplit(" in ", 1)[1])
    return {"seconds": seconds, "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_mib": after.ru_maxrss / 1024, "generator_s": generator_s,
            "summary": [line for line in (result.stdout + result.stderr).splitlines()
                        if "generated" in line or "wrote" in line][-1:]}


def _change_one_story(seeds: Path) -> None:
    story = sorted(seeds.iterdir())[len(list(seeds.iterdir())) // 2]
    source = sorted(story.glob("*.txt"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\nThe outlet later added a correction to this "
                      "report, saying an earlier figure was wrong.\n", encoding="utf-8")


def site(count: int, eval_dir: Path, *, jobs: int, mkdocs_cold: bool, paragraphs: int) -> None:
    folder = LOCAL / f"bench-site-{count}"
    seeds = make_site(count, eval_dir, folder, paragraphs=paragraphs)
    stories = len(list(seeds.iterdir()))
    cache, docs = folder / "cache", folder / "docs"
    for stale in (cache, docs, folder / "cache-mkdocs"):
        shutil.rmtree(stale, ignore_errors=True)
    cli = [PYTHON, "-m", "generator", "build", "--seeds", str(seeds), "--docs", str(docs),
           "--templates", str(ROOT / "templates"), "--cache", str(cache), "--jobs", str(jobs)]
    for step in ("cold", "warm"):
        _record({"bench": "site", "stories": stories, "paragraphs": paragraphs, "path": "cli", "step": step,
                 "jobs": jobs, **_timed(cli)})
    pages = [path for path in docs.rglob("*") if path.is_file() and path.suffix == ".md"]
    files = [path for path in docs.rglob("*") if path.is_file()]
    _record({"bench": "site", "stories": stories, "pages_md": len(pages), "files": len(files),
             "pages_per_story": round(len(pages) / stories, 2)})
    # MkDocs alone on the pages the CLI wrote (plugin off): MkDocs's own share of a build.
    hand = folder / "docs-hand"
    shutil.rmtree(hand, ignore_errors=True)
    shutil.copytree(docs, hand)
    for name in ("about.md", "evaluation.md", "assets"):
        source = ROOT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, hand / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy(source, hand / name)
    off = _mkdocs_config(folder, seeds, hand, cache, enabled=False)
    _record({"bench": "site", "stories": stories, "path": "mkdocs, plugin off (MkDocs alone)", "step": "-",
             **_timed([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(off)])})
    empty = folder / "docs-empty"
    shutil.rmtree(empty, ignore_errors=True)
    empty.mkdir()
    for name in ("about.md", "evaluation.md", "assets"):
        source = ROOT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, empty / name)
        elif source.is_file():
            shutil.copy(source, empty / name)
    if mkdocs_cold:
        own = _mkdocs_config(folder, seeds, empty, folder / "cache-mkdocs")
        _record({"bench": "site", "stories": stories, "path": "mkdocs build", "step": "cold (own cache)",
                 **_timed([PYTHON, "-m", "mkdocs", "build", "-f", str(own)])})
    shared = _mkdocs_config(folder, seeds, empty, cache)
    mkdocs = [PYTHON, "-m", "mkdocs", "build", "-f", str(shared)]
    _record({"bench": "site", "stories": stories, "path": "mkdocs build", "step": "warm (CLI's cache)",
             **_timed(mkdocs)})
    _record({"bench": "site", "stories": stories, "path": "mkdocs build", "step": "warm (pages' HTML cached too)",
             **_timed(mkdocs)})
    _change_one_story(seeds)
    _record({"bench": "site", "stories": stories, "path": "mkdocs build", "step": "one story changed",
             **_timed(mkdocs)})
    _change_one_story(seeds)
    _record({"bench": "site", "stories": stories, "path": "cli", "step": "one story changed", "jobs": jobs,
             **_timed(cli)})


# ---- the encoder against the machine ------------------------------------------------------------


def encoder_child(_arguments: Sequence[str]) -> dict[str, Any]:
    """Sentences a second (alone, in batches, alone on the build's threads) and one core's BLAS GFLOP/s."""
    import numpy as np

    from generator.embed import SentenceEncoder, one_blas_thread
    from generator.embedding_cache import encode_alone
    from generator.folders import load_stories
    from generator.segment import segment
    from generator.settings import Settings

    encoder = SentenceEncoder.load()
    texts = sorted({s.text for s in segment(load_stories(ROOT / "seeds", Settings())[0].articles)})
    tokens = sum(len(encoder.tokenizer.encode(text).ids) for text in texts)
    encoder.encode_tokens(texts)
    started = time.perf_counter()
    encoder.encode_tokens(texts)
    batched = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        encoder.encode_tokens([text])
    alone = time.perf_counter() - started
    # Multiply-adds per token of the six layers' matrix products (attention scores aside).
    hidden, inner = 384, 1536
    flops_per_token = 2 * 6 * (hidden * 3 * hidden + hidden * hidden + 2 * hidden * inner)
    started = time.perf_counter()
    encode_alone(texts)
    threaded = time.perf_counter() - started
    rows = tokens // len(texts)
    left = np.random.default_rng(0).standard_normal((rows, hidden), dtype=np.float32)
    weight = np.random.default_rng(1).standard_normal((inner, hidden), dtype=np.float32)
    repeats = 2000
    with one_blas_thread():  # one core's limit, as the encoder's session runs on one thread
        started = time.perf_counter()
        for _ in range(repeats):
            left @ weight.T
        blas_alone = 2 * rows * hidden * inner * repeats / (time.perf_counter() - started) / 1e9
        big = np.random.default_rng(0).standard_normal((4096, hidden), dtype=np.float32)
        started = time.perf_counter()
        for _ in range(50):
            big @ weight.T
        blas_big = 2 * 4096 * hidden * inner * 50 / (time.perf_counter() - started) / 1e9
    return {"bench": "encoder", "sentences": len(texts), "tokens": tokens,
            "alone_sentences_per_s": len(texts) / alone, "batched_sentences_per_s": len(texts) / batched,
            "alone_gflops": flops_per_token * tokens / alone / 1e9,
            "threads_sentences_per_s": len(texts) / threaded,
            "threads_gflops": flops_per_token * tokens / threaded / 1e9,
            "batched_gflops": flops_per_token * tokens / batched / 1e9,
            "blas_gflops_sentence_shape": blas_alone, "blas_gflops_large": blas_big}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("seed", "sources", "site", "encoder", "_seed", "_sources", "_encoder"))
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mkdocs-cold", action="store_true", help="also a cold mkdocs build with its own cache")
    parser.add_argument("--paragraphs", type=int, default=6, help="paragraphs kept of each source of a site's story")
    args, rest = parser.parse_known_args(argv)
    if args.what.startswith("_"):
        child = {"_seed": seed_child, "_sources": sources_child, "_encoder": encoder_child}[args.what]
        print(json.dumps(child([str(size) for size in args.sizes] + [str(args.eval_dir)] + rest)))
        return 0
    if args.what == "seed":
        _record(_in_child("_seed"))
    elif args.what == "encoder":
        _record(_in_child("_encoder"))
    elif args.what == "sources":
        results = [_in_child("_sources", str(size), "--eval-dir", str(args.eval_dir)) for size in args.sizes or
                   (10, 100, 1000)]
        for result in results:
            _record(result)
        if len(results) >= 2:
            xs = [math.log(result["sentences"]) for result in results]
            ys = [math.log(result["seconds"]) for result in results]
            mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
            _record({"bench": "growth", "exponent_in_sentences": slope,
                     "points": [(r["sentences"], round(r["seconds"], 2)) for r in results]})
    else:
        for size in args.sizes or (100,):
            site(size, args.eval_dir, jobs=args.jobs, mkdocs_cold=args.mkdocs_cold, paragraphs=args.paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
