"""Rendering the story model to Markdown pages and story.json. (stub: to be replaced)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .models import Story


def render_site(stories: Sequence[Story], templates_dir: Path) -> dict[str, str]:
    """Return every generated page, keyed by its path under ``docs/``."""
    pages = {"index.md": "# Stories\n\n" + "".join(f"- {s.title}\n" for s in stories)}
    for story in stories:
        lines = [f"# {story.title}", ""] + [s.text for s in story.summary]
        pages[f"stories/{story.slug}/index.md"] = "\n\n".join(lines) + "\n"
    return pages
