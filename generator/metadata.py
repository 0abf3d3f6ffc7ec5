"""Metadata: what ``story.yml`` and a Markdown file's front matter say about a story and its sources.

Both are YAML, read with a safe loader that never raises on an impossible date,
so every problem names the file and the key. Values are cleaned (control
characters removed, whitespace collapsed, NFC) and a URL is kept only when it is
a plain http(s) address. Layers of metadata combine with ``SourceMetadata.over``:
``story.yml`` over front matter over what the page or the text itself carries.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .decoding import CONTROL_CHARACTERS
from .errors import InputError, printable_path
from .markdown import is_http_url
from .models import Problem

SOURCE_KEYS = ("outlet", "title", "url", "published", "author")
"""Metadata keys a source may set, in front matter or under ``sources:`` in story.yml."""
STORY_KEYS = ("title", "published", "sources")
"""Top-level keys of story.yml."""


@dataclass(frozen=True, slots=True)
class SourceMetadata:
    """Metadata one layer of input gives a source; ``None`` means "not given here"."""

    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None

    def over(self, other: SourceMetadata) -> SourceMetadata:
        """Return these values, with ``other``'s filling the gaps (``self`` wins)."""
        return SourceMetadata(
            outlet=self.outlet or other.outlet,
            title=self.title or other.title,
            url=self.url or other.url,
            published=self.published or other.published,
            author=self.author or other.author,
        )


@dataclass(frozen=True, slots=True)
class StoryFile:
    """What story.yml gives: the story's title and date, and metadata per article file."""

    title: str | None = None
    published: str | None = None
    sources: Mapping[str, SourceMetadata] = field(default_factory=dict)
    """Metadata per article file name."""


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Return the YAML front matter of a Markdown file as a mapping, and the text after it.

    Front matter is a block between a first line ``---`` and the next line ``---``
    (or ``...``). Raises ``InputError`` naming the file line when it is not closed,
    not valid YAML, or not a mapping.
    """
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            break
    else:
        raise InputError(printable_path(path), "front matter opened by '---' on line 1 is never closed; add a line "
                         "'---' after the metadata, or remove the first line if it is not front matter")
    loaded = _load_yaml("\n".join(lines[1:number]), path, what="front matter", first_line=2)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(printable_path(path), f"front matter must be 'key: value' lines (outlet, title, url, "
                         f"published, author), not {_yaml_type(loaded)}")
    return loaded, "\n".join(lines[number + 1:])


@dataclass(frozen=True, slots=True)
class _ImpossibleDate:
    """A YAML timestamp that names no real day (``2024-13-45``, ``2023-02-30``), kept as written.

    PyYAML raises a bare ``ValueError`` for these while constructing the value, when
    it no longer knows which key it belongs to; keeping the text lets the key's own
    check name the file and the field.
    """

    text: str


class _MetadataLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose timestamps never raise: an impossible date becomes ``_ImpossibleDate``."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return _ImpossibleDate(str(node.value))


_MetadataLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load_yaml(text: str, path: Path, *, what: str, first_line: int) -> Any:
    try:
        return yaml.load(text, Loader=_MetadataLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + first_line}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(error.problem or error.context or "invalid syntax").split())
        raise InputError(printable_path(path), f"{what} is not valid YAML{where}: {problem}; fix the YAML "
                         "(quote values that contain ': ' or start with a special character)") from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise InputError(printable_path(path), f"{what} is not valid YAML: {problem}") from None
    except RecursionError:
        raise InputError(printable_path(path), f"{what} is nested too deeply to be metadata") from None


def parse_source_metadata(values: Mapping[Any, Any], path: Path, where: str,
                           warnings: list[Problem]) -> SourceMetadata:
    found: dict[str, str | None] = {}
    for key in sorted(values, key=repr):
        if key not in SOURCE_KEYS:
            warnings.append(Problem(
                printable_path(path), f"{where}: unknown key {_short(key)} ignored; known keys are "
                f"{', '.join(SOURCE_KEYS)}"))
            continue
        found[key] = _text_value(values[key], key=key, path=path, where=where)
    url = found.get("url")
    if url is not None and http_url(url) is None:
        warnings.append(Problem(
            printable_path(path), f"{where}: url {_short(url)} is not an http(s) address; it was dropped"))
        url = None
    return SourceMetadata(outlet=found.get("outlet"), title=found.get("title"), url=url,
                          published=found.get("published"), author=found.get("author"))


def _text_value(value: Any, *, key: str, path: Path, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, _ImpossibleDate):
        raise InputError(printable_path(path), f"{where}: {key} {_short(value.text)} is not a real date; write it "
                         "as YYYY-MM-DD with a month from 01 to 12 and a day that month has")
    if isinstance(value, str):
        return clean_value(value)
    if key == "published" and isinstance(value, datetime.date):
        return value.isoformat()  # a datetime is a date too
    if key == "published" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(printable_path(path), f"{where}: {key} must be text, not {_yaml_type(value)}; write it as "
                     f"a quoted string, for example {key}: \"...\"")


def parse_story_file(text: str, path: Path, article_files: Sequence[Path], other_names: Sequence[str],
                     warnings: list[Problem]) -> StoryFile:
    """Return what a story folder's ``story.yml`` (already decoded to ``text``) says.

    ``article_files`` are the folder's article files, which ``sources:`` may name by
    file name or by source id; ``other_names`` are its other files, named in the
    error when ``sources:`` names one of them. Unknown keys add a warning to
    ``warnings``; anything else wrong raises ``InputError`` naming the file.
    """
    loaded = _load_yaml(text, path, what="story.yml", first_line=1)
    if loaded is None:
        return StoryFile()
    if not isinstance(loaded, dict):
        raise InputError(printable_path(path), f"must be a mapping with the keys {', '.join(STORY_KEYS)}, "
                         f"not {_yaml_type(loaded)}")
    for key in sorted(loaded, key=repr):
        if key not in STORY_KEYS:
            hint = " (per-source metadata goes under 'sources:')" if key in SOURCE_KEYS else ""
            warnings.append(Problem(
                printable_path(path), f"unknown key {_short(key)} ignored; known keys are "
                f"{', '.join(STORY_KEYS)}{hint}"))
    title = _text_value(loaded.get("title"), key="title", path=path, where="story.yml")
    published = _text_value(loaded.get("published"), key="published", path=path, where="story.yml")
    sources_value = loaded.get("sources")
    if sources_value is None:
        return StoryFile(title, published)
    if not isinstance(sources_value, dict):
        raise InputError(printable_path(path), f"sources must map article file names to their metadata, not "
                         f"{_yaml_type(sources_value)}")
    by_name = {_nfc(file.name): file for file in article_files}
    by_stem = {source_id(file): file for file in article_files}
    sources: dict[str, SourceMetadata] = {}
    named_by: dict[str, str] = {}
    for key in sorted(sources_value, key=repr):
        if not isinstance(key, str):
            raise InputError(printable_path(path), f"sources: {_short(key)} is {_yaml_type(key)}; write the file "
                             "name in quotes, for example \"001.txt\":")
        name = _nfc(key.strip())
        if (not name or name in (".", "..") or "/" in name or "\\" in name or Path(name).is_absolute()
                or re.match(r"^[A-Za-z]:", name)):
            raise InputError(printable_path(path), f"sources: {_short(key)} is a path; name an article file of this "
                             "story folder by its file name (files outside the folder are not read)")
        file = by_name.get(name) or by_stem.get(name)
        if file is None:
            if name in other_names:
                raise InputError(printable_path(path), f"sources: {_short(key)} is not an article file; only .txt "
                                 "and .md files are sources")
            known = ", ".join(sorted(by_name)) or "none"
            raise InputError(printable_path(path), f"sources: {_short(key)} names no file in this folder; fix the "
                             f"name or remove the entry (article files: {known})")
        if file.name in named_by:
            raise InputError(printable_path(path), f"sources: {_short(key)} and {_short(named_by[file.name])} both "
                             f"name {file.name}; keep one entry")
        named_by[file.name] = key
        entry = sources_value[key]
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise InputError(printable_path(path), f"sources: {_short(key)} must be a mapping of "
                             f"{', '.join(SOURCE_KEYS)}, not {_yaml_type(entry)}")
        sources[file.name] = parse_source_metadata(entry, path, f"sources: {_short(key)}", warnings)
    return StoryFile(title, published, sources)


def source_id(path: Path) -> str:
    """A source's id: its file name without the extension, in NFC (what ``sources:`` may name it by)."""
    return _nfc(path.stem)


def http_url(value: str | None) -> str | None:
    """Return the URL when it is a plain http(s) address, else None (never javascript: or data:)."""
    url = (value or "").strip()
    # Quote marks and angle brackets have no business in an address we keep as metadata.
    if not is_http_url(url) or any(char in "<>\"'`\\" for char in url):
        return None
    return url


def clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", CONTROL_CHARACTERS.sub("", value)).split())
    return text or None


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false (in YAML, yes/no/on/off are booleans)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, _ImpossibleDate):
        return f"an impossible date ({value.text})"
    return type(value).__name__


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
