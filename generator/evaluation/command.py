"""``python -m generator evaluate``: score our summarizer and the baselines with ROUGE.

Two jobs, which can be combined in one call:

- ``evaluate DATASET.jsonl --out results.json``: run every system on the
  dataset's clusters, score them, print a table and write the results;
- ``evaluate --page docs/evaluation.md --results a.json b.json``: build the
  site's Evaluation page and its charts from stored results (one section per
  results file, in the order given; a dataset evaluated in the same call is
  added last).
"""

from __future__ import annotations

import argparse
import json
import shlex
from pathlib import Path
from typing import Any

from ..atomic import write_bytes_atomic
from ..errors import InputError, OutputError
from .data import find_peers_file, read_clusters, read_peers
from .report import render_page, text_table
from .runner import PEERS, SYSTEM_CHOICES, Convention, evaluate, progress_stream
from .stats import DEFAULT_RESAMPLES, DEFAULT_SEED

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator evaluate",
        description="Run our consensus summarizer, sumy's LexRank/TextRank/LSA, a lead baseline and a "
        "greedy ROUGE oracle (plus any published summaries stored beside the dataset) on the same "
        "clusters and score them with ROUGE-1/2 against the human references.",
    )
    parser.add_argument("dataset", type=Path, nargs="?",
                        help="JSON Lines file of clusters with references (see the evaluation data README)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the results JSON (default: results-<dataset name>.json)")
    parser.add_argument("--systems", nargs="+", default=None, metavar="NAME",
                        help=f"systems to run, space- or comma-separated, from: {', '.join(SYSTEM_CHOICES)} "
                        "(default: all)")
    peers = parser.add_mutually_exclusive_group()
    peers.add_argument("--peers", type=Path, default=None,
                       help="file of published summaries of the same clusters (default: the "
                       "<prefix>_*peers_<split>.jsonl file beside the dataset, if there is one)")
    peers.add_argument("--no-peers", action="store_true", help="do not score published summaries")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only the first N clusters")
    parser.add_argument("--primary", choices=("auto", "recall", "f1"), default="auto",
                        help="measure the table leads with (auto: the data README's convention: recall "
                        "for DUC data, F1 otherwise)")
    parser.add_argument("--cut-peers", choices=("auto", "yes", "no"), default="auto",
                        help="cut published summaries to the budget (auto: yes for DUC data, no otherwise; "
                        "ours and the baselines are always cut)")
    parser.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES,
                        help=f"bootstrap resamples and permutations (default: {DEFAULT_RESAMPLES})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed of the bootstrap and permutation test (default: {DEFAULT_SEED})")
    parser.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="one line per cluster on stderr (auto: only when stderr is a terminal)")
    parser.add_argument("--page", type=Path, default=None,
                        help="write the site's Evaluation page here (for example docs/evaluation.md) "
                        "from --results files and this run")
    parser.add_argument("--results", type=Path, nargs="+", default=[], metavar="RESULTS_JSON",
                        help="stored results files to put on the --page, in this order")
    parser.add_argument("--assets", type=Path, default=None,
                        help="folder for the charts (default: assets/ beside the page)")
    parser.add_argument("--templates", type=Path, default=PROJECT_ROOT / "templates",
                        help="folder holding evaluation.md.j2 (default: the project's templates/)")
    return parser


def main(argv: list[str]) -> int:
    """Run ``evaluate`` with the given arguments; return the process exit code.

    Usage problems exit with 2 (argparse's convention); data problems raise
    ``GeneratorError``, which the CLI turns into a one-line message.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.dataset is None and args.page is None:
        parser.error("give a DATASET to evaluate, or --page with --results to build the page")
    if args.results and args.page is None:
        parser.error("--results is only read to build a --page")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.resamples < 100:
        parser.error("--resamples must be at least 100")
    systems = _systems(args.systems, parser)

    stored = [_load_results(path) for path in args.results]
    if args.dataset is not None:
        results = _run(args, systems, command=shlex.join(["python", "-m", "generator", "evaluate", *argv]))
        out = args.out or Path(f"results-{_dataset_name(args.dataset)}.json")
        _write(out, json.dumps(results, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
        print(text_table(results), end="")
        print(f"generator: wrote {out}")
        stored.append(results)
    if args.page is not None:
        assets = args.assets or args.page.parent / "assets"
        files = render_page(stored, page=args.page, assets=assets, templates=args.templates)
        for path, content in sorted(files.items()):
            _write(path, content)
        print(f"generator: wrote {args.page} and {len(files) - 1} chart(s) into {assets}")
    return 0


def _systems(requested: list[str] | None, parser: argparse.ArgumentParser) -> tuple[str, ...]:
    if requested is None:
        return SYSTEM_CHOICES
    names = [name.strip() for item in requested for name in item.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SYSTEM_CHOICES))
    if unknown:
        parser.error(f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEM_CHOICES)}")
    return tuple(name for name in SYSTEM_CHOICES if name in names)


def _dataset_name(path: Path) -> str:
    return path.name.removesuffix(".jsonl")


def _run(args: argparse.Namespace, systems: tuple[str, ...], *, command: str) -> dict[str, Any]:
    clusters = read_clusters(args.dataset, limit=args.limit)
    convention = Convention.for_clusters(clusters)
    if args.primary != "auto":
        convention = Convention(primary=args.primary, cut_peers=convention.cut_peers)
    if args.cut_peers != "auto":
        convention = Convention(primary=convention.primary, cut_peers=args.cut_peers == "yes")
    peers_file = None
    if PEERS in systems and not args.no_peers:
        peers_file = args.peers if args.peers is not None else find_peers_file(args.dataset)
    peers = read_peers(peers_file, clusters) if peers_file is not None else {}
    budgets = sorted({cluster.target_words for cluster in clusters})
    references = sorted({len(cluster.references) for cluster in clusters})
    dataset = {
        "name": _dataset_name(args.dataset),
        "path": args.dataset.as_posix(),
        "source": clusters[0].source,
        "clusters": len(clusters),
        "limit": args.limit,
        "target_words": budgets[0] if len(budgets) == 1 else "-".join(map(str, (budgets[0], budgets[-1]))),
        "references_per_cluster": references[0] if len(references) == 1 else
        "-".join(map(str, (references[0], references[-1]))),
        "query_focused": any(cluster.query for cluster in clusters),
        "peers_file": peers_file.as_posix() if peers_file is not None else None,
    }
    stream = progress_stream(args.progress)
    if stream is not None:
        print(f"evaluate: {len(clusters)} clusters of {args.dataset}, systems: "
              f"{', '.join(name for name in systems if name != PEERS)}"
              f"{f' + {len(peers)} published' if peers else ''}", file=stream, flush=True)
    return evaluate(clusters, systems=systems, peers=peers, convention=convention, dataset=dataset,
                    command=command, resamples=args.resamples, seed=args.seed, progress=stream)


def _load_results(path: Path) -> dict[str, Any]:
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "results file not found; run `python -m generator evaluate DATASET "
                         "--out` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"not a readable results file ({error})") from None
    if not isinstance(results, dict) or results.get("format") != "generator-evaluation/1":
        raise InputError(path, "not a results file written by `python -m generator evaluate`")
    return results


def _write(path: Path, content: str) -> None:
    """Write a file atomically, so an interrupted run never leaves half a page or results file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, content.encode("utf-8"))
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror}); check the folder exists "
                          "and is writable") from None

