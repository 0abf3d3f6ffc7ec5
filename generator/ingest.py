"""Reading story folders: the only input I/O. (stub: to be replaced)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .clean import clean_text
from .errors import InputError
from .models import Article, Source
from .settings import Settings

ARTICLE_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One story folder, read and cleaned: what the rest of the pipeline starts from."""

    slug: str
    title: str | None
    directory: Path
    articles: tuple[Article, ...]
    published: str | None = None
    warnings: tuple[str, ...] = ()


def discover_stories(seeds_dir: Path) -> tuple[Path, ...]:
    """Return the story folders under ``seeds_dir``, sorted by name."""
    if not seeds_dir.is_dir():
        raise InputError(seeds_dir, "seeds folder not found; create it with one folder per story")
    folders = tuple(sorted(path for path in seeds_dir.iterdir() if path.is_dir()))
    if not folders:
        raise InputError(seeds_dir, "no story folders; add a folder of article files per story")
    return folders


def load_story(story_dir: Path, settings: Settings) -> StoryInput:
    """Read and clean every article of one story folder."""
    articles = []
    for path in sorted(story_dir.iterdir()):
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        source = Source(id=path.stem, slug=path.stem, filename=path.name,
                        outlet=cleaned.outlet, title=cleaned.headline, author=cleaned.author)
        articles.append(Article(source, cleaned.paragraphs, cleaned.removed))
    if not articles:
        raise InputError(story_dir, "no article files (.txt or .md) in this story folder")
    return StoryInput(slug=story_dir.name, title=None, directory=story_dir, articles=tuple(articles))


def load_stories(seeds_dir: Path, settings: Settings) -> tuple[StoryInput, ...]:
    """Read every story under ``seeds_dir``; slugs are unique."""
    return tuple(load_story(folder, settings) for folder in discover_stories(seeds_dir))
