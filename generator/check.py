"""``generator check``: validate every story folder and report all problems, writing nothing.

The build stops at the first bad file; a person fixing a seeds folder wants the
whole list at once, so this reads every story with ``folders.read_story`` (which
collects problems instead of raising) and keeps going past each error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .folders import read_story, scan_seeds, unique_story_slugs
from .models import Problem, StoryInput
from .settings import Settings


def check_seeds(seeds_dir: Path, settings: Settings) -> list[Problem]:
    """Return every problem in ``seeds_dir``, errors before warnings per story.

    An error (``kind`` ``"error"``) is what the build would fail on, a warning what
    it works around; each names the file it concerns and what to do. The CLI prints
    them as ``error: seeds/x/a.txt: looks like a binary file ...``. An empty list
    means every story reads cleanly. Nothing is written.
    """
    folders, errors, warnings = scan_seeds(seeds_dir)
    problems = _errors(errors) + list(warnings)
    stories: list[StoryInput] = []
    for folder in folders:
        report = read_story(folder, settings, root=seeds_dir)
        problems.extend(_errors(report.errors))
        problems.extend(report.problems)
        if report.story is None:
            continue
        stories.append(report.story)
        count = len(report.story.articles)
        if count < settings.summary.min_support:
            problems.append(Problem(
                str(report.story.directory), f"has {count} usable article(s) but min_support is "
                f"{settings.summary.min_support}, so no fact can reach the consensus summary; add more sources"))
    for before, after in zip(stories, unique_story_slugs(stories)):
        problems.extend(after.problems[len(before.problems):])
    return problems


def has_errors(problems: Iterable[Problem]) -> bool:
    """Return whether any problem is an error (so ``generator check`` must exit 1)."""
    return any(problem.kind == "error" for problem in problems)


def _errors(errors: Iterable[InputError]) -> list[Problem]:
    return [Problem(error.path, error.problem, "error") for error in errors]
