"""``generator check``: validate every story folder and report all problems, writing nothing.

The build stops at the first bad file; a person fixing a seeds folder wants the
whole list at once, so this reads every story with ``folders.read_story`` (which
collects problems instead of raising) and keeps going past each error.
"""

from __future__ import annotations

from pathlib import Path

from .folders import read_story, scan_seeds, unique_story_slugs
from .models import StoryInput
from .settings import Settings

ERROR = "error: "
"""Prefix of a problem that stops ``generator build``: check must exit 1."""
WARNING = "warning: "
"""Prefix of a problem the build works around: printed, but check still exits 0."""


def check_seeds(seeds_dir: Path, settings: Settings) -> list[str]:
    """Return every problem in ``seeds_dir``, one line each, errors before warnings per story.

    Each line starts with ``"error: "`` (the build would fail on it) or
    ``"warning: "`` (the build works around it), followed by the file it concerns
    and what to do: ``"error: seeds/x/a.txt: looks like a binary file ..."``. An
    empty list means every story reads cleanly. Nothing is written.
    """
    folders, errors, warnings = scan_seeds(seeds_dir)
    problems = [ERROR + str(error) for error in errors] + [WARNING + warning for warning in warnings]
    stories: list[StoryInput] = []
    for folder in folders:
        report = read_story(folder, settings, root=seeds_dir)
        problems.extend(ERROR + str(error) for error in report.errors)
        problems.extend(WARNING + warning for warning in report.warnings)
        if report.story is None:
            continue
        stories.append(report.story)
        count = len(report.story.articles)
        if count < settings.min_support:
            problems.append(
                f"{WARNING}{report.story.directory}: has {count} usable article(s) but min_support is "
                f"{settings.min_support}, so no fact can reach the consensus summary; add more sources"
            )
    for before, after in zip(stories, unique_story_slugs(stories)):
        problems.extend(WARNING + warning for warning in after.warnings[len(before.warnings):])
    return problems


def has_errors(problems: list[str]) -> bool:
    """Return whether any problem is an error (so ``generator check`` must exit 1)."""
    return any(problem.startswith(ERROR) for problem in problems)
