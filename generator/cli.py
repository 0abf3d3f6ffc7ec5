"""Command line: ``python -m generator build|check|evaluate``.

A thin adapter over the pipeline: it parses options, runs the same code the
MkDocs plugin runs, and turns every ``GeneratorError`` into a one-line message
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import GeneratorError
from .settings import Settings

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _load_settings(path: Path | None) -> Settings:
    from .config import load_settings

    return load_settings(path)


def _build(args: argparse.Namespace) -> int:
    from .executors import story_executor
    from .pipeline import BuildReport, build_pages
    from .write import write_pages

    settings = _load_settings(args.config)
    cache_dir = None if args.no_cache else args.cache
    report = BuildReport()
    with story_executor(jobs=args.jobs, scheduler=args.scheduler) as executor:
        pages = build_pages(args.seeds, args.templates, settings, cache_dir=cache_dir, executor=executor,
                            report=report)
    stories = report.stories
    for story in stories:
        for notice in story.notices:
            print(f"generator: warning: {notice}", file=sys.stderr)
    write_pages(pages, args.docs)
    print(f"generator: wrote {len(pages)} files for {len(stories)} stories into {args.docs} "
          f"({len(report.computed)} computed, {len(stories) - len(report.computed)} from the cache)")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from .check import check_seeds, has_errors

    settings = _load_settings(args.config)
    problems = check_seeds(args.seeds, settings)
    for problem in problems:
        print(f"generator: {problem.kind}: {problem}", file=sys.stderr)
    if has_errors(problems):
        errors = sum(problem.kind == "error" for problem in problems)
        print(f"generator: {errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"generator: {args.seeds} is fine" + (f" ({len(problems)} warning(s))" if problems else ""))
    return EXIT_OK


def _story_folder(seeds: Path, slug: str) -> Path:
    from .errors import ConfigError

    name = slug.strip()
    if not name or name.startswith(".") or "/" in name or "\\" in name:
        raise ConfigError(f"--story {slug!r}: give the story folder's name (a slug such as storm-cuts-power), "
                          "not a path")
    return seeds / name


def _add(args: argparse.Namespace) -> int:
    from .add import add_pages

    story_dir = _story_folder(args.seeds, args.story)
    saved, failed = add_pages(args.urls, story_dir, settings=_load_settings(args.config))
    for page in saved:
        outlet = page.metadata.outlet or "no outlet named"
        print(f"generator: saved {page.path} ({outlet}: {page.metadata.title or 'no headline'})")
    for error in failed:
        print(f"generator: error: {error}", file=sys.stderr)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _fetch(args: argparse.Namespace) -> int:
    from .feeds import LOG_FILE, fetch_feeds, load_feeds

    feeds = load_feeds(args.feeds)
    decisions, failed = fetch_feeds(feeds, args.seeds, settings=_load_settings(args.config))
    for decision in decisions:
        where = f" -> {decision.story}/{decision.file}" if decision.file else ""
        reason = f": {decision.reason}" if decision.reason else ""
        print(f"generator: {decision.decision}{where}: {decision.link}{reason}")
    for error in failed:
        print(f"generator: error: {error}", file=sys.stderr)
    added = sum(decision.file is not None for decision in decisions)
    print(f"generator: {added} new article(s) from {len(feeds)} feed(s); decisions logged in "
          f"{args.seeds / LOG_FILE}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Multi-source news summary generator: article files in, a cited consensus "
        "summary and the differences between sources out, as MkDocs pages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--seeds", type=Path, default=Path("seeds"),
                         help="folder with one sub-folder of article files per story (default: seeds)")
        sub.add_argument("--config", type=Path, default=None,
                         help="YAML file of options (default: the generator block of mkdocs.yml if present)")

    build = commands.add_parser("build", help="generate the Markdown pages and story.json files into docs/")
    common(build)
    build.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder to write into (default: docs)")
    build.add_argument("--templates", type=Path, default=PROJECT_ROOT / "templates",
                       help="folder of Jinja2 templates (default: the project's templates/)")
    build.add_argument("--cache", type=Path, default=Path(".cache/generator"),
                       help="folder for results of unchanged stories, reused on the next build "
                            "(default: .cache/generator)")
    build.add_argument("--no-cache", action="store_true", help="recompute every story")
    build.add_argument("--jobs", type=int, default=1,
                       help="stories computed in parallel processes (default: 1)")
    build.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="compute stories (and a large story's sentence encoding) on a Dask cluster: "
                       "the scheduler's address such as tcp://10.0.0.5:8786, or 'local' for a cluster of "
                       "--jobs worker processes on this machine")
    build.set_defaults(run=_build)

    check = commands.add_parser("check", help="validate every story and report all problems; writes nothing")
    common(check)
    check.set_defaults(run=_check)

    add = commands.add_parser("add", help="fetch web pages and save them into a story folder (the only "
                              "commands that use the network are add and fetch)")
    common(add)
    add.add_argument("urls", nargs="+", metavar="URL", help="http(s) address of an article")
    add.add_argument("--story", required=True, metavar="SLUG",
                     help="story folder under --seeds to save into (created if missing)")
    add.set_defaults(run=_add)

    fetch = commands.add_parser("fetch", help="read the feeds in feeds.yml and file new articles into stories")
    common(fetch)
    fetch.add_argument("--feeds", type=Path, default=Path("feeds.yml"),
                       help="YAML file listing the RSS/Atom feeds (default: feeds.yml)")
    fetch.set_defaults(run=_fetch)

    commands.add_parser("evaluate", help="score the summarizer and baselines with ROUGE (see evaluate --help)",
                        add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] == "evaluate":
        from .evaluation.command import main as evaluate_main

        return _guarded(lambda: evaluate_main(arguments[1:]))
    args = _parser().parse_args(arguments)
    return _guarded(lambda: int(args.run(args)))


def _guarded(run: Callable[[], int]) -> int:
    try:
        return run()
    except GeneratorError as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("generator: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        # A safety net: every step wraps the file errors it expects in a GeneratorError, but a
        # person must never get a traceback for a file system problem nobody foresaw.
        where = f"{error.filename}: " if error.filename else ""
        print(f"generator: error: {where}{error.strerror or error}; check the file and its permissions",
              file=sys.stderr)
        return EXIT_PROBLEMS
