"""The story cache: results of unchanged stories, kept as plain JSON data.

A cache file sits at a predictable path, so anyone who can write there can plant
one. It therefore holds data, never code: JSON, read back into the frozen model
classes by walking their type hints (no ``pickle``, no class names taken from the
file). Each file also carries the full key it was written under, and is used only
when that key equals the one computed for the story now; anything else (a
planted file, a truncated one, one from older code) is ignored and recomputed.

The codec is generic over the dataclasses in ``models.py`` (tuples, optional
values, nested records), so a model change needs no change here: the code
fingerprint in the key makes old entries unreachable anyway.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import types
import typing
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .atomic import write_bytes_atomic
from .models import Story, StoryInput
from .settings import Settings

CACHE_FORMAT = "generator-story-cache/1"
"""Written into every entry; an entry with another format is ignored."""
CACHE_SUFFIX = ".json"


class CacheDataError(ValueError):
    """A cache entry does not have the shape of the model it should hold (ignored, then recomputed)."""


class StoryCache:
    """Story models from earlier runs, keyed by everything that could change them.

    The key hashes the story's cleaned input, the settings and the source code
    of the generator package, so a cached model is only ever reused when
    recomputing it would give the same result.
    """

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.directory = directory
        self.settings = settings

    def key(self, story: StoryInput) -> str:
        """The full SHA-256 key of a story's entry: input, settings and generator code."""
        return story_key(story, self.settings)

    @staticmethod
    def keys(stories: Sequence[StoryInput], settings: Settings) -> dict[str, str]:
        """Slug -> key of every story (what the page cache is keyed on too)."""
        return {story.slug: story_key(story, settings) for story in stories}

    def path(self, story: StoryInput, key: str) -> Path:
        """Where the entry of ``story`` under ``key`` lives."""
        return self.directory / f"{story.slug}-{key[:32]}{CACHE_SUFFIX}"

    def get(self, story: StoryInput, *, key: str | None = None) -> Story | None:
        """Return the cached model of ``story``, or None when there is no valid entry for its key."""
        key = key or self.key(story)
        data = read_entry(self.path(story, key), CACHE_FORMAT, key)
        if data is None:
            return None
        try:
            model = from_data(Story, data.get("story"))
        except (CacheDataError, TypeError, ValueError, RecursionError):
            return None
        return model if isinstance(model, Story) and model.slug == story.slug else None

    def put(self, story: StoryInput, model: Story, *, key: str | None = None) -> None:
        """Store ``model`` as the entry of ``story`` (best effort: a failed write only costs time later)."""
        key = key or self.key(story)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for pattern in (f"{story.slug}-*{CACHE_SUFFIX}", f"{story.slug}-*.pickle"):
                for stale in self.directory.glob(pattern):
                    stale.unlink()
            payload = {"format": CACHE_FORMAT, "key": key, "story": to_data(model)}
            write_bytes_atomic(self.path(story, key), entry_bytes(payload))
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run


def story_key(story: StoryInput, settings: Settings) -> str:
    """The full SHA-256 key of a story's results: its cleaned input, the settings and generator code."""
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(repr(settings).encode())
    digest.update(repr((story.slug, story.title, story.published, story.warnings, story.articles)).encode())
    return digest.hexdigest()


INPUT_FORMAT = "generator-input-cache/1"


class InputCache:
    """A story folder's read and cleaned input, reused while the folder's files are byte-identical.

    Reading and cleaning cost about 0.1 s a story, which on a site of a thousand
    unchanged stories would be most of a build. An entry's key hashes the code, the
    settings, the folder's path and the name and bytes of every file in it; a folder
    holding anything but plain files (a symlink, a sub-folder) is always read anew.
    Kept as JSON data, verified on read like the story cache.
    """

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.directory = directory / "inputs"
        self.settings = settings

    def key(self, folder: Path, root: Path) -> str | None:
        """The key of ``folder``'s files now, or None when the folder is not plain files only."""
        digest = hashlib.sha256()
        digest.update(f"{INPUT_FORMAT}\n{_code_fingerprint()}\n{self.settings!r}\n".encode())
        digest.update(repr((str(folder), str(root), str(root.resolve()), os.getcwd())).encode("utf-8", "surrogatepass"))
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            for entry in entries:
                if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                    return None
                name = entry.name.encode("utf-8", "surrogatepass")
                content = Path(entry.path).read_bytes()
                digest.update(len(name).to_bytes(8, "big") + name + len(content).to_bytes(8, "big") + content)
        except OSError:
            return None
        return digest.hexdigest()

    def _path(self, folder: Path) -> Path:
        return self.directory / (hashlib.sha256(str(folder).encode("utf-8", "surrogatepass")).hexdigest()[:32]
                                 + CACHE_SUFFIX)

    def get(self, folder: Path, key: str) -> StoryInput | None:
        """Return the cached input of ``folder`` under ``key``, or None."""
        data = read_entry(self._path(folder), INPUT_FORMAT, key)
        if data is None:
            return None
        record = data.get("story")
        if not isinstance(record, dict) or record.get("directory") != str(folder):
            return None
        hints = _hints(StoryInput)
        names = {field.name for field in dataclasses.fields(StoryInput)}
        if not set(record) <= names:
            return None
        try:
            values = {name: from_data(hints[name], value) for name, value in record.items() if name != "directory"}
            return StoryInput(directory=folder, **values)
        except (CacheDataError, TypeError, ValueError, RecursionError):
            return None

    def put(self, folder: Path, key: str, story: StoryInput) -> None:
        """Store ``story`` as the input of ``folder`` (best effort)."""
        record = {field.name: to_data(getattr(story, field.name)) for field in dataclasses.fields(StoryInput)
                  if field.name != "directory"}
        record["directory"] = str(story.directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            payload = {"format": INPUT_FORMAT, "key": key, "story": record}
            write_bytes_atomic(self._path(folder), entry_bytes(payload))
        except (OSError, UnicodeEncodeError):
            pass


def load_stories_cached(seeds_dir: Path, settings: Settings, cache_dir: Path | None) -> tuple[StoryInput, ...]:
    """``folders.load_stories`` that skips reading and cleaning a folder whose files are unchanged.

    Gives exactly what ``load_stories`` gives: the same folders, the same inputs,
    the same unique slugs; errors are found by reading, so a folder is cached only once read cleanly.
    """
    from .folders import discover_stories, read_story, unique_story_slugs

    if cache_dir is None:
        from .folders import load_stories

        return load_stories(seeds_dir, settings)
    inputs = InputCache(cache_dir, settings)
    stories = []
    for folder in discover_stories(seeds_dir):
        key = inputs.key(folder, seeds_dir)
        story = inputs.get(folder, key) if key is not None else None
        if story is None:
            report = read_story(folder, settings, root=seeds_dir)
            if report.errors:
                raise report.errors[0]
            assert report.story is not None
            story = report.story
            if key is not None:
                inputs.put(folder, key, story)
        stories.append(story)
    return unique_story_slugs(stories)


PAGE_FORMAT = "generator-page-cache/1"


class PageCache:
    """A story's rendered pages from an earlier run, so an unchanged story is not rendered again.

    Kept beside the story cache, as JSON (text only). An entry's key hashes the
    story's key (its input, settings and code), the folder the story's pages go
    to and every template file; it is used only when equal to the key now.
    """

    def __init__(self, directory: Path, templates_dir: Path) -> None:
        self.directory = directory / "pages"
        self.templates = _folder_fingerprint(templates_dir)

    def key(self, story_key: str, folder: str) -> str:
        return hashlib.sha256(f"{PAGE_FORMAT}\n{story_key}\n{folder}\n{self.templates}".encode()).hexdigest()

    def _path(self, folder: str) -> Path:
        return self.directory / (folder.replace("/", "~") + CACHE_SUFFIX)

    def get(self, key: str, folder: str) -> dict[str, str] | None:
        """Return the pages stored under ``key`` (path under ``folder`` -> text), or None."""
        data = read_entry(self._path(folder), PAGE_FORMAT, key)
        if data is None:
            return None
        pages = data.get("pages")
        if not isinstance(pages, dict) or not all(
                isinstance(path, str) and isinstance(text, str) and _is_plain(path) for path, text in pages.items()):
            return None
        return pages

    def put(self, key: str, folder: str, pages: dict[str, str]) -> None:
        """Store a story's pages (best effort)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            payload = {"format": PAGE_FORMAT, "key": key, "pages": pages}
            write_bytes_atomic(self._path(folder), entry_bytes(payload))
        except OSError:
            pass


def read_entry(path: Path, entry_format: str, key: str) -> dict[str, Any] | None:
    """Return the cache entry at ``path`` when it is JSON of ``entry_format`` written under ``key``, else None.

    A missing, unreadable, truncated or planted file, or one from another format or
    key, is no entry: the caller recomputes (every entry is read this one way).
    """
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != entry_format or data.get("key") != key:
        return None
    return data


def entry_bytes(payload: dict[str, Any]) -> bytes:
    """A cache entry as compact ASCII JSON (every entry is written this one way)."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _is_plain(path: str) -> bool:
    """A relative path with no empty, '.' or '..' part (a cached page can only land inside its story)."""
    parts = path.split("/")
    return bool(path) and all(part not in ("", ".", "..") for part in parts) and "\\" not in path


def _folder_fingerprint(folder: Path) -> str:
    """A hash of every file under ``folder`` (the templates), names and contents."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def to_data(value: Any) -> Any:
    """Return ``value`` (a model dataclass, tuple, str, number, bool or None) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_data(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in the story cache")


def from_data(kind: Any, data: Any) -> Any:
    """Return ``data`` read back as ``kind`` (a type hint), refusing anything of another shape."""
    return _reader(kind)(data)


Reader = Callable[[Any], Any]


@cache
def _reader(kind: Any) -> Reader:
    """The function that reads data as ``kind``, built once per type hint.

    The type hints are walked once per kind, not once per value: a site of a
    thousand cached stories reads millions of values.
    """
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        arguments = typing.get_args(kind)
        optional = type(None) in arguments
        option_readers = [_reader(option) for option in arguments if option is not type(None)]

        def read_union(data: Any) -> Any:
            if data is None and optional:
                return None
            for read in option_readers:
                try:
                    return read(data)
                except CacheDataError:
                    continue
            raise CacheDataError(f"{data!r:.60} is none of {kind}")
        return read_union
    if origin is typing.Literal:
        allowed = typing.get_args(kind)

        def read_literal(data: Any) -> Any:
            if not isinstance(data, str) or data not in allowed:
                raise CacheDataError(f"{data!r:.60} is not one of {allowed}")
            return data
        return read_literal
    if origin is tuple:
        arguments = typing.get_args(kind)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            read_item = _reader(arguments[0])

            def read_sequence(data: Any) -> Any:
                if not isinstance(data, list):
                    raise CacheDataError("expected a list")
                return tuple([read_item(item) for item in data])
            return read_sequence
        item_readers = [_reader(argument) for argument in arguments]

        def read_tuple(data: Any) -> Any:
            if not isinstance(data, list):
                raise CacheDataError("expected a list")
            if len(item_readers) != len(data):
                raise CacheDataError("wrong tuple length")
            return tuple([read(item) for read, item in zip(item_readers, data)])
        return read_tuple
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind)
        read_value = _reader(value_kind)

        def read_mapping(data: Any) -> Any:
            if not isinstance(data, dict) or key_kind is not str:
                raise CacheDataError("expected a mapping")
            return {key: read_value(item) for key, item in data.items()}
        return read_mapping
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record_reader(kind)
    if kind is float:
        def read_float(data: Any) -> Any:
            if isinstance(data, bool) or not isinstance(data, (int, float)):
                raise CacheDataError("expected a number")
            return float(data)
        return read_float
    if kind in (str, int, bool):
        def read_exact(data: Any) -> Any:
            if type(data) is not kind:
                raise CacheDataError(f"expected {kind.__name__}")
            return data
        return read_exact
    if kind is type(None):
        def read_none(data: Any) -> Any:
            if data is not None:
                raise CacheDataError(f"cannot read {kind!r} from the cache")
            return None
        return read_none

    def refuse(data: Any) -> Any:
        raise CacheDataError(f"cannot read {kind!r} from the cache")
    return refuse


def _record_reader(kind: type) -> Reader:
    """The reader of a model dataclass; field readers are looked up lazily (records may nest themselves)."""
    names = frozenset(field.name for field in dataclasses.fields(kind))
    field_readers: dict[str, Reader] = {}

    def read_record(data: Any) -> Any:
        if not isinstance(data, dict):
            raise CacheDataError(f"expected a {kind.__name__} record")
        if not data.keys() <= names:
            raise CacheDataError(f"unknown fields in a {kind.__name__} record")
        if not field_readers:
            hints = _hints(kind)
            field_readers.update((name, _reader(hints[name])) for name in names)
        return kind(**{name: field_readers[name](value) for name, value in data.items()})
    return read_record


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of the generator's own source files: new code never reuses old results."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
