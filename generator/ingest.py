"""Reading story folders: the only input I/O.

A story folder holds one article per ``.txt`` or ``.md`` file and an optional
``story.yml``. Every file is untrusted, so each one goes through the same fixed
steps before ``clean_text`` sees it:

1. it must be a regular file inside the seeds tree (symlinks out of it are refused)
   and no larger than ``Settings.max_file_bytes``;
2. it is decoded in a fixed order (byte order mark, strict UTF-8, Windows-1252 byte
   by byte, replacement character), never by locale or statistical guessing, so the
   same bytes always give the same text; binary files are refused;
3. line ends become ``\\n``, stray NUL and control characters are removed, and the
   text is put in Unicode NFC form so the same words compare equal across sources;
4. markup is taken off: an HTML page keeps only its visible text, Markdown keeps its
   words but none of its syntax, and a ``.md`` file's YAML front matter becomes
   metadata.

Problems a person must fix raise ``InputError`` naming the file and what to do;
problems we can work around become warnings (``StoryInput.warnings``), each naming
the file. ``read_story`` collects every problem of a folder instead of stopping at
the first, which is what ``generator check`` reports.
"""

from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from .clean import clean_text
from .errors import InputError
from .limits import story_limit_problem
from .markdown import is_http_url
from .models import Article, RemovedLine, Source
from .segment import segment
from .settings import Settings
from .slugs import slugify, unique_slugs

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
"""Saved web pages (.html, .htm) are read by ``generator.html_input``."""
STORY_FILE = "story.yml"
SOURCE_KEYS = ("outlet", "title", "url", "published", "author")
"""Metadata keys a source may set, in front matter or under ``sources:`` in story.yml."""
STORY_KEYS = ("title", "published", "sources")
"""Top-level keys of story.yml."""
RESERVED_SOURCE_SLUGS = frozenset({"index"})
"""Source slugs that would clash with a story's own page name."""


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One story folder, read and cleaned: what the rest of the pipeline starts from."""

    slug: str
    title: str | None
    directory: Path
    articles: tuple[Article, ...]
    published: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryReport:
    """Everything reading one story folder found.

    ``story`` is ``None`` when any error was found; ``errors`` lists every error in
    a fixed order (story.yml first, then files by name), so the first one is what
    ``load_story`` raises and all of them are what ``generator check`` prints.
    """

    directory: Path
    story: StoryInput | None
    errors: tuple[InputError, ...] = ()
    warnings: tuple[str, ...] = ()


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
class DecodedText:
    """A file's bytes as text, the codec that read them and what a person should know."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


class BinaryContentError(ValueError):
    """The bytes are not text (an image, an archive, or mostly control bytes)."""


# --------------------------------------------------------------------------- public API


def discover_stories(seeds_dir: Path) -> tuple[Path, ...]:
    """Return the story folders under ``seeds_dir``, sorted by name.

    Raises ``InputError`` when the seeds folder is missing, holds no story folder,
    or a story folder is a symlink leading out of the seeds tree.
    """
    folders, errors, _warnings = scan_seeds(seeds_dir)
    if errors:
        raise errors[0]
    return folders


def scan_seeds(seeds_dir: Path) -> tuple[tuple[Path, ...], tuple[InputError, ...], tuple[str, ...]]:
    """Return the story folders, the errors and the warnings found at the top of ``seeds_dir``.

    Hidden entries (names starting with ``.``) are skipped without a word: they are
    editor and system files (``.DS_Store``, ``.git``). Files lying directly in the
    seeds folder are warned about, since they belong in a story folder.
    """
    shown = _shown(seeds_dir)
    if not seeds_dir.exists():
        return (), (InputError(shown, "seeds folder not found; create it with one folder per story, "
                               "each holding that story's articles as .txt or .md files"),), ()
    if not seeds_dir.is_dir():
        return (), (InputError(shown, "is not a folder; the seeds path must be a folder with one "
                               "sub-folder per story"),), ()
    root = seeds_dir.resolve()
    folders: list[Path] = []
    errors: list[InputError] = []
    warnings: list[str] = []
    for entry in _sorted_entries(seeds_dir):
        try:
            target = _inside_tree(entry, root)
        except InputError as error:
            errors.append(error)
            continue
        if target.is_dir():
            folders.append(entry)
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            warnings.append(f"{_shown(entry)}: article file directly in the seeds folder is ignored; "
                            "move it into a story folder")
        else:
            warnings.append(f"{_shown(entry)}: not a story folder; ignored")
    if not folders and not errors:
        hint = " (files lying directly in it are ignored)" if warnings else ""
        errors.append(InputError(shown, "no story folders; add one folder per story holding its "
                                 f"articles as .txt or .md files{hint}"))
    return tuple(folders), tuple(errors), tuple(warnings)


def load_story(story_dir: Path, settings: Settings) -> StoryInput:
    """Read and clean every article of one story folder.

    Raises the first ``InputError`` found (``read_story`` lists all of them). The
    slug is this folder's own; ``load_stories`` makes slugs unique across stories.
    """
    report = read_story(story_dir, settings)
    if report.errors:
        raise report.errors[0]
    assert report.story is not None  # no errors means the story was read
    return report.story


def load_stories(seeds_dir: Path, settings: Settings) -> tuple[StoryInput, ...]:
    """Read every story under ``seeds_dir``; slugs are unique.

    Raises the first ``InputError`` in folder order. When two stories give the same
    slug, the later folder (by name) gets ``-2``, ``-3``, ... and a warning.
    """
    stories = []
    for folder in discover_stories(seeds_dir):
        report = read_story(folder, settings, root=seeds_dir)
        if report.errors:
            raise report.errors[0]
        assert report.story is not None
        stories.append(report.story)
    return unique_story_slugs(stories)


def unique_story_slugs(stories: Sequence[StoryInput]) -> tuple[StoryInput, ...]:
    """Return the stories with slugs made unique, warning on each story whose slug changed.

    The first story (in the given order, which is folder-name order) keeps a
    contested slug; later ones get the first free ``<slug>-N``.
    """
    slugs = unique_slugs([story.slug for story in stories])
    owners: dict[str, StoryInput] = {}
    for story in stories:
        owners.setdefault(story.slug, story)
    result = []
    for story, slug in zip(stories, slugs):
        if slug != story.slug:
            owner = owners[story.slug]
            story = replace(story, slug=slug, warnings=story.warnings + (
                f"{_shown(story.directory)}: story slug {story.slug!r} is already used by "
                f"{_shown(owner.directory)}; this story's pages use {slug!r} (give one of them another "
                "title in story.yml to choose)",))
        result.append(story)
    return tuple(result)


def read_story(story_dir: Path, settings: Settings, *, root: Path | None = None) -> StoryReport:
    """Read one story folder and return the story together with every problem found.

    ``root`` is the seeds folder: no file may lead outside it (it defaults to the
    story folder's parent). Empty files and files with no text left after cleaning
    are skipped with a warning; a folder left with no article is an error.
    """
    tree = (root if root is not None else story_dir.parent).resolve()
    errors: list[InputError] = []
    warnings: list[str] = []
    if not story_dir.exists() and not story_dir.is_symlink():
        return StoryReport(story_dir, None, (InputError(_shown(story_dir), "story folder not found"),), ())
    try:
        _inside_tree(story_dir, tree)
        if not story_dir.is_dir():
            raise InputError(_shown(story_dir), "is not a folder; a story is a folder of article files")
        if not os.access(story_dir, os.R_OK | os.X_OK):
            raise InputError(_shown(story_dir), "cannot be read: permission denied; give the story folder "
                             "read and execute permission (chmod u+rx)")
        entries = _sorted_entries(story_dir)
    except InputError as error:
        return StoryReport(story_dir, None, (error,), ())
    except OSError as error:
        return StoryReport(story_dir, None, (InputError(_shown(story_dir), f"cannot read this folder: "
                                                        f"{error.strerror}"),), ())

    article_files, other_names, story_file = _sort_out_entries(entries, tree, errors, warnings)

    ids = {path: _source_id(path) for path in article_files}
    by_id: dict[str, list[Path]] = {}
    for path in article_files:
        by_id.setdefault(ids[path], []).append(path)
    for source_id, paths in sorted(by_id.items()):
        if len(paths) > 1:
            errors.append(InputError(_shown(paths[1]), f"has the same name as {paths[0].name} "
                                     f"once the extension is removed ({source_id!r}); each source needs "
                                     "its own file name, so rename one of them"))

    story_meta = _StoryFile()
    if story_file is not None:
        try:
            story_meta = _read_story_file(story_file, tree, settings, article_files, other_names, warnings)
        except InputError as error:
            errors.insert(0, error)

    too_many = story_limit_problem(len(article_files), 0, settings)
    if too_many:
        # Refused before reading them: the limit exists so that no story costs unbounded work.
        return StoryReport(story_dir, None, tuple(errors) + (InputError(_shown(story_dir), too_many),),
                           tuple(warnings))

    unique_ids = sorted({ids[path] for path in article_files})
    slugs = dict(zip(unique_ids, unique_slugs([slugify(i, fallback="source") for i in unique_ids],
                                              reserved=RESERVED_SOURCE_SLUGS)))
    read: list[_ReadArticle] = []
    skipped: list[str] = []
    for path in sorted(article_files, key=lambda p: (ids[p], p.name)):
        if len(by_id[ids[path]]) > 1:
            continue
        try:
            result = _read_article(path, tree, settings, source_id=ids[path], slug=slugs[ids[path]],
                                   overrides=story_meta.sources.get(path.name, SourceMetadata()))
        except InputError as error:
            errors.append(error)
            continue
        warnings.extend(result.warnings)
        if result.article is None:
            skipped.append(path.name)
        else:
            read.append(result)
    warnings.extend(_duplicate_warnings(read))

    if not read and not errors:
        if skipped:
            problem = (f"no usable article: {', '.join(skipped)} had no text; add at least one article "
                       "with text as a .txt or .md file")
        else:
            problem = "no article files (.txt or .md) in this story folder; add the articles as .txt or .md files"
        errors.append(InputError(_shown(story_dir), problem))
    if not errors:
        articles = tuple(result.article for result in read if result.article is not None)
        limit_problem = story_limit_problem(len(articles), len(segment(articles)), settings)
        if limit_problem:
            errors.append(InputError(_shown(story_dir), limit_problem))
    if errors:
        return StoryReport(story_dir, None, tuple(errors), tuple(warnings))
    title = story_meta.title
    story = StoryInput(
        slug=slugify(title or _nfc(story_dir.name), fallback="story"),
        title=title,
        directory=story_dir,
        articles=tuple(result.article for result in read if result.article is not None),
        published=story_meta.published,
        warnings=tuple(warnings),
    )
    return StoryReport(story_dir, story, (), tuple(warnings))


def _sort_out_entries(entries: Sequence[Path], tree: Path, errors: list[InputError],
                      warnings: list[str]) -> tuple[list[Path], list[str], Path | None]:
    """Return a story folder's article files, the names of its other files, and its story.yml.

    Sub-folders, special files and files of other types are warned about;
    symlinks out of the tree and unusable file names are errors.
    """
    article_files: list[Path] = []
    other_names: list[str] = []
    story_file: Path | None = None
    for entry in entries:
        try:
            target = _inside_tree(entry, tree)
        except InputError as error:
            errors.append(error)
            continue
        name = entry.name
        if name.lower() == STORY_FILE:
            story_file = entry
        elif target.is_dir():
            warnings.append(f"{_shown(entry)}: sub-folder ignored; a story's articles must lie directly "
                            "in its folder")
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            problem = _bad_file_name(name)
            if problem:
                errors.append(InputError(_shown(entry), problem))
            elif not stat.S_ISREG(target.stat().st_mode):
                warnings.append(f"{_shown(entry)}: not a regular file; ignored")
            else:
                article_files.append(entry)
        else:
            other_names.append(name)
            hint = " (did you mean story.yml?)" if name.lower() == "story.yaml" else ""
            warnings.append(f"{_shown(entry)}: ignored, only .txt and .md files are read as articles{hint}")
    return article_files, other_names, story_file


# ---------------------------------------------------------------------------- decoding


_BOMS = (
    # UTF-32 LE starts with the UTF-16 LE mark, so it is tried first.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or an office document (.docx, .odt)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3\x02", "an MP3 file"),
    (b"ID3\x03", "an MP3 file"),
    (b"ID3\x04", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"\x00asm", "a WebAssembly module"),
)

_WINDOWS_1252 = tuple(
    bytes([byte]).decode("cp1252", errors="replace") for byte in range(256)
)
"""How Windows-1252 reads each byte; the five bytes it leaves undefined read as U+FFFD."""

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ANSI_ESCAPE = re.compile("\x1b\\[[0-9;?]*[ -/]*[@-~]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BINARY_CONTROL_SHARE = 0.05
"""Above this share of control characters, a "text" file is really binary data."""


def decode_bytes(data: bytes) -> DecodedText:
    """Return ``data`` decoded as text, with line ends as ``\\n`` and control characters removed.

    The order is fixed so the result never depends on the machine: a byte order
    mark (UTF-8, UTF-16, UTF-32) decides; else strict UTF-8; else UTF-8 with every
    byte that is not valid UTF-8 read as Windows-1252 (which also reads Latin-1
    text, with curly quotes 0x93/0x94 as “ ”), undefined bytes becoming U+FFFD.
    UTF-16 without a mark is recognised by its pattern of zero bytes. Raises
    ``BinaryContentError`` for images, archives and other binary data.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryContentError(f"looks like a binary file ({kind}), not an article")
    if data[4:8] == b"ftyp":
        raise BinaryContentError("looks like a binary file (an MP4 or HEIC media file), not an article")
    notes: list[str] = []
    text: str | None = None
    encoding = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            encoding = codec
            text = _decode_or_replace(data[len(bom):], codec, notes)
            break
    if text is None:
        # An odd length is a UTF-16 file cut short (or given a stray last byte): judge it
        # by its whole code units, and say the last byte was dropped.
        units = data[:-1] if len(data) % 2 else data
        utf16 = _bomless_utf16(units)
        if utf16 is not None:
            encoding = utf16
            text = _decode_or_replace(units, utf16, notes)
            notes.append(f"has no byte order mark but reads as {utf16.upper()}; it was read that way")
            if len(units) < len(data):
                notes.append("has an odd number of bytes, so its last byte is half a UTF-16 character; "
                             "it was dropped")
    if text is None:
        zeros = data.count(0)
        if zeros > 4 and zeros * 50 > len(data):
            raise BinaryContentError(f"looks like a binary file ({zeros} NUL bytes), not an article")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _utf8_with_windows_1252(data, notes)
    return DecodedText(_normalise(text, notes), encoding, tuple(notes))


def _decode_or_replace(data: bytes, codec: str, notes: list[str]) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        notes.append(f"has bytes that are not valid {codec.upper()}; they were replaced with U+FFFD")
        return text


def _bomless_utf16(data: bytes) -> str | None:
    """Return the UTF-16 codec when zero bytes fall on one side of most code units, else None."""
    if len(data) < 16 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    units = len(data) // 2
    for codec, zeros, other in (("utf-16-le", odd_zeros, even_zeros), ("utf-16-be", even_zeros, odd_zeros)):
        if zeros * 10 >= units * 4 and other * 50 <= units:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _utf8_with_windows_1252(data: bytes, notes: list[str]) -> tuple[str, str]:
    # surrogateescape keeps every valid UTF-8 sequence and marks each invalid
    # byte as U+DC80..U+DCFF, so a Latin-1 file and a UTF-8 file with a few
    # pasted Windows-1252 characters are both read without mojibake.
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    multibyte = len(_VALID_NON_ASCII.findall(escaped))
    text = _ESCAPED_BYTE.sub(lambda match: _WINDOWS_1252[ord(match.group()) - 0xDC00], escaped)
    undefined = text.count("\ufffd") - escaped.count("\ufffd")
    if multibyte:
        notes.append(f"mixes UTF-8 with {invalid} byte(s) in another encoding; those were read as "
                     "Windows-1252; save the file as UTF-8 to be sure")
        encoding = "utf-8+cp1252"
    else:
        notes.append("is not UTF-8; it was read as Windows-1252 (Latin-1); save it as UTF-8 to be sure")
        encoding = "cp1252"
    if undefined:
        notes.append(f"has {undefined} byte(s) that no encoding tried could read; they were replaced with U+FFFD")
    return text, encoding


def _normalise(text: str, notes: list[str]) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _ANSI_ESCAPE.sub("", text)
    zeros = text.count("\x00")
    marks = text.count("\ufeff")
    controls = len(_CONTROL.findall(text))
    replaced = text.count("\ufffd")
    if controls + replaced > 4 and (controls + replaced) > _BINARY_CONTROL_SHARE * len(text):
        raise BinaryContentError("looks like a binary file (mostly control characters), not an article")
    if controls:
        text = _CONTROL.sub("", text)
        stray = controls - zeros - marks
        if zeros:
            notes.append(f"had {zeros} NUL byte(s); they were removed")
        if stray > 0:
            notes.append(f"had {stray} control character(s); they were removed")
    return unicodedata.normalize("NFC", text)


# -------------------------------------------------------------------------------- HTML


_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|li|ul|ol|table|tr|td|article|section|main|img|script|style|meta|"
    r"link|nav|header|footer|blockquote|em|strong|b|i)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def looks_like_html(text: str, *, document_only: bool = False) -> bool:
    """Return whether ``text`` is an HTML page (or a fragment of HTML elements) rather than prose.

    It must start with a tag and either carry a document marker (``<!DOCTYPE html>``,
    ``<html>``, ``<body>``) or, unless ``document_only``, at least three common
    HTML tags; prose that merely mentions a tag does not qualify.
    """
    start = text.lstrip()[:1]
    if start != "<":
        return False
    if _HTML_DOCUMENT.search(text, 0, 4096):
        return True
    if document_only:
        return False
    count = 0
    for _match in _HTML_TAG.finditer(text, 0, 65536):
        count += 1
        if count >= 3:
            return True
    return False


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one block element per line."""

    HIDDEN = frozenset({"script", "style", "nav", "footer", "aside", "form", "noscript", "template",
                        "svg", "math", "iframe", "object", "canvas", "button", "select", "head", "dialog"})
    BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div",
                        "section", "article", "main", "header", "figure", "figcaption", "dd", "dt",
                        "td", "th", "tr", "table", "ul", "ol", "dl", "address", "caption", "br", "hr",
                        "body", "html", "summary", "details"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "param", "source", "track", "wbr"})
    META = {"og:site_name": "outlet", "og:title": "title", "og:url": "url", "author": "author",
            "article:author": "author", "article:published_time": "published", "date": "published",
            "dc.date": "published", "citation_publication_date": "published"}

    def __init__(self, line_starts: Sequence[int] = (0,)) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = line_starts
        self.unclosed_span: tuple[int, int] | None = None
        """Where the start tag of the element never closed (``unclosed``, or a ``<title>``) lies in the source."""
        self._open_span: tuple[int, int] | None = None
        self._title_span: tuple[int, int] | None = None
        self.lines: list[str] = []
        self.meta: dict[str, str] = {}
        self.removed: list[RemovedLine] = []
        self.unclosed: str | None = None
        """The hidden element (``svg``, ``nav`` ...) still open at the end, whose text was kept."""
        self._current: list[str] = []
        self._hidden: list[str] = []
        # Text of the outermost hidden element, block by block: listed as removed when the
        # element ends, kept as article text if it never does (an unclosed <svg> on the first
        # line must not swallow the article).
        self._hidden_lines: list[str] = []
        self._hidden_current: list[str] = []
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key in self.META and values.get("content"):
                self.meta.setdefault(self.META[key], values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split() and values.get("href"):
            self.meta.setdefault("canonical", values["href"])
        if tag == "title":
            self._in_title = True
            self._title_span = self._tag_span()
        if tag == "body" and "head" in self._hidden:
            self.handle_endtag("head")  # a body starts where an unclosed head ends
        if tag in self.BLOCKS:
            self._flush()
        if tag in self.VOID:
            return
        style = values.get("style", "").replace(" ", "").lower()
        hidden = ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
                  or "display:none" in style or "visibility:hidden" in style)
        # Once inside a hidden element every tag is tracked, so its end tag is found
        # even when the same tag name is nested inside it.
        if self._hidden or tag in self.HIDDEN or hidden:
            if not self._hidden:
                self._open_span = self._tag_span()
            self._hidden.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._hidden:
            outermost = self._hidden[0]
            while self._hidden and self._hidden.pop() != tag:
                pass
            if not self._hidden:
                self._flush()
                for line in self._hidden_lines:
                    self.removed.append(RemovedLine(_shortened(line), f"HTML <{outermost}> element"))
                self._hidden_lines = []
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif self._hidden:
            self._hidden_current.append(data)
        else:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        leftover = self.rawdata if self.cdata_elem else ""
        if leftover:
            # A <script> or <style> never closed: html.parser keeps what follows unread.
            self.handle_data(leftover)
            self.rawdata = ""
        self._flush()
        if self._hidden:
            self.unclosed = self._hidden[0]
            self.unclosed_span = self._open_span
            self.lines.extend(self._hidden_lines)
            self._hidden_lines = []
            self._hidden = []
        elif self._in_title:
            self.unclosed, self.unclosed_span = "title", self._title_span
        title = " ".join("".join(self._title).split())
        if title:
            self.meta.setdefault("title", title)

    def _tag_span(self) -> tuple[int, int] | None:
        """The source offsets of the start tag being handled (``getpos`` is its first character)."""
        line, column = self.getpos()
        text = self.get_starttag_text()
        if text is None or line > len(self._line_starts):
            return None
        start = self._line_starts[line - 1] + column
        return start, start + len(text)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        # The standard parser asserts on unknown "<![keyword" sections (only CDATA,
        # IF, ENDIF ... are known); skip any of them to the next "]>" instead.
        end = self.rawdata.find("]>", i + 3)
        if end < 0:
            return -1
        content = " ".join(self.rawdata[i + 3:end].removeprefix("CDATA[").removesuffix("]").split())
        if content:
            self.removed.append(RemovedLine(_shortened(content), "HTML <![...]> section"))
        return end + 2

    def _flush(self) -> None:
        line = " ".join("".join(self._current).split())
        self._current = []
        if line:
            self.lines.append(line)
        hidden = " ".join("".join(self._hidden_current).split())
        self._hidden_current = []
        if hidden:
            self._hidden_lines.append(hidden)


def _shortened(text: str, limit: int = 300) -> str:
    """A removed line as listed on the source page: a script can be megabytes, its listing need not be."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What reading an HTML page gives: visible text, metadata, and what was removed."""

    text: str
    metadata: SourceMetadata
    removed: tuple[RemovedLine, ...] = ()
    unclosed: str | None = None
    """The hidden elements never closed, as ``"<svg>, <script>"`` (their text was kept as article text)."""


def html_to_text(html: str) -> tuple[str, SourceMetadata]:
    """Return the visible text of an HTML page, one block per paragraph, and its metadata (see ``read_html``)."""
    page = read_html(html)
    return page.text, page.metadata


def read_html(html: str) -> HtmlText:
    """Return the visible text of an HTML page, one block per paragraph, its metadata and what was removed.

    Uses the standard library's ``html.parser`` (no network, no JavaScript). Text in
    ``script``, ``style``, ``nav``, ``footer``, ``aside``, forms and hidden
    elements is dropped; headings, paragraphs and list items each become a
    paragraph. ``<title>`` and ``og:``/``article:`` meta tags become metadata.
    Everything dropped is listed in ``removed``; a hidden element that is never
    closed drops nothing (its text is kept), since a stray ``<svg>`` on the first
    line would otherwise hide the whole article.
    """
    unclosed: list[str] = []
    for _attempt in range(_MAX_UNCLOSED_TAGS + 1):
        parser = _parse_html(html)
        span = parser.unclosed_span
        if parser.unclosed is None or span is None or _attempt == _MAX_UNCLOSED_TAGS:
            break
        # Read the page again without that one start tag: its content is then parsed as the
        # rest of the page (paragraphs stay paragraphs), which no script or style mode can swallow.
        unclosed.append(parser.unclosed)
        html = html[:span[0]] + html[span[1]:]
    if parser.unclosed:
        unclosed.append(parser.unclosed)
    meta = parser.meta
    metadata = SourceMetadata(
        outlet=_clean_value(meta.get("outlet")),
        title=_clean_value(meta.get("title")),
        url=_http_url(meta.get("canonical") or meta.get("url")),
        published=_clean_value(meta.get("published")),
        author=_clean_value(meta.get("author")),
    )
    return HtmlText("\n\n".join(parser.lines), metadata, tuple(parser.removed),
                    ", ".join(f"<{tag}>" for tag in dict.fromkeys(unclosed)) or None)


_MAX_UNCLOSED_TAGS = 8
"""Unclosed hidden elements taken out one by one (one parse each) before the text inside the
rest is simply kept as it stands."""


def _parse_html(html: str) -> _VisibleText:
    line_starts = [0]
    position = html.find("\n")
    while position >= 0:
        line_starts.append(position + 1)
        position = html.find("\n", position + 1)
    parser = _VisibleText(line_starts)
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        # html.parser's last line of defence against markup it cannot place; keep
        # what it read so far rather than fail on a page that is mostly fine.
        parser._flush()
    return parser


# ---------------------------------------------------------------------------- Markdown


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]{1,200})\]:[ \t]*\S")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]{1,100}\]:")

# Each pattern below starts only at the start of a run of its opening character (a code span
# at a maximal backtick run, as CommonMark says; link text holds no "["), so a line of
# 200,000 backticks or brackets costs one scan instead of 2,000 characters per position.
_INLINE_CODE = re.compile(r"(?<!`)(`+)([^`]{1,2000}?)\1")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,2000}\](?:\((?:[^()\n]|\([^()\n]*\)){0,2000}\)|\[[^\]\n]{0,200}\])?")
_LINK = re.compile(r"\[([^\[\]\n]{0,2000})\]\((?:[^()\n]|\([^()\n]*\)){0,2000}\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]{1,2000})\]\[([^\]\n]{0,200})\]")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\n]{1,100}\]")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto|javascript|data):[^<>\s]{0,2000}>|<[^<>\s@]{1,200}@[^<>\s@]{1,200}>",
                       re.IGNORECASE)
_HTML_COMMENT_START = "<!--"
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,2000})?/?>")
# A backslash before a mark escapes it (\*not emphasis\*), so none of these start or end at one.
_STRONG = re.compile(r"(?<!\\)(\*\*|__|~~|==)(?=\S)([^\n]{1,500}?)(?<=[^\s\\])\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*\\])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_\\])_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_\\])_(?![\w_])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_to_text(markdown: str) -> tuple[str, tuple[RemovedLine, ...]]:
    """Return the words of a Markdown document as plain paragraphs, and the lines dropped.

    Headings, list items and block quotes become paragraphs of their own; the
    wrapped lines of a paragraph are joined. Link text is kept while link targets,
    images, footnote markers, inline HTML and emphasis marks are dropped; tables,
    code blocks and link definitions are dropped and listed as removed lines, so no
    Markdown syntax from a source can reach a sentence of the site.
    """
    lines = _strip_html_comments(markdown).split("\n")
    removed: list[RemovedLine] = []
    labels: set[str] = set()
    paragraphs: list[list[str]] = []
    current: list[str] = []

    def end_paragraph() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = []

    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            elif line.strip():
                removed.append(RemovedLine(line.strip(), "Markdown code block"))
            index += 1
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            end_paragraph()
            fence = fence_match.group(1)
            index += 1
            continue
        if not line.strip():
            end_paragraph()
            index += 1
            continue
        if ("|" in line and index + 1 < len(lines) and "|" in lines[index + 1]
                and "-" in lines[index + 1] and _TABLE_SEPARATOR.match(lines[index + 1])):
            end_paragraph()
            while index < len(lines) and lines[index].strip() and "|" in lines[index]:
                if not _TABLE_SEPARATOR.match(lines[index]):
                    removed.append(RemovedLine(lines[index].strip(), "Markdown table"))
                index += 1
            continue
        if _FOOTNOTE_DEFINITION.match(line):
            end_paragraph()
            removed.append(RemovedLine(line.strip(), "Markdown footnote"))
            index += 1
            continue
        definition = _DEFINITION.match(line)
        if definition:
            end_paragraph()
            labels.add(" ".join(definition.group(1).lower().split()))
            removed.append(RemovedLine(line.strip(), "Markdown link definition"))
            index += 1
            continue
        if current and _SETEXT_UNDERLINE.match(line) and not _LIST_ITEM.match(line.strip() + " "):
            end_paragraph()
            index += 1
            continue
        if _THEMATIC_BREAK.match(line):
            end_paragraph()
            index += 1
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            end_paragraph()
            current = [heading.group(1) or ""]
            end_paragraph()
            index += 1
            continue
        line = _BLOCKQUOTE.sub("", line)
        item = _LIST_ITEM.match(line)
        if item:
            end_paragraph()
            line = line[item.end():]
        current.append(line.strip())
        index += 1
    end_paragraph()

    texts = []
    for paragraph in paragraphs:
        text = _markdown_inline(" ".join(part for part in paragraph if part), labels)
        if text:
            texts.append(text)
    return "\n\n".join(texts), tuple(removed)


def strip_inline_markdown(text: str) -> str:
    """Return ``text`` with Markdown images, link targets and autolinks taken out.

    Used on ``.txt`` files, whose lines are otherwise left to ``clean_text``: these
    constructs are unambiguous, and a link target or image must never reach a
    sentence.
    """
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    return _AUTOLINK.sub("", text)


def _markdown_inline(text: str, labels: set[str]) -> str:
    text = _INLINE_CODE.sub(lambda match: match.group(2).strip(), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    if labels:
        text = re.sub(r"\[([^\]\n]{1,200})\](?![(\[:])",
                      lambda m: m.group(1) if " ".join(m.group(1).lower().split()) in labels else m.group(0),
                      text)
    text = _FOOTNOTE_REFERENCE.sub("", text)
    text = _AUTOLINK.sub("", text)
    text = _INLINE_TAG.sub(" ", text)
    for _round in range(2):  # ***both*** takes two passes
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS_STAR.sub(r"\1", text)
        text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = unescape(text)
    return " ".join(text.split())


def _strip_html_comments(text: str) -> str:
    # A find loop rather than a regex: linear even when a comment is never closed.
    if _HTML_COMMENT_START not in text:
        return text
    parts = []
    position = 0
    while True:
        start = text.find(_HTML_COMMENT_START, position)
        if start < 0:
            parts.append(text[position:])
            break
        end = text.find("-->", start + 4)
        parts.append(text[position:start])
        if end < 0:
            break
        position = end + 3
    return "".join(parts)


# ---------------------------------------------------------------------- YAML metadata


@dataclass(frozen=True, slots=True)
class _StoryFile:
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
        raise InputError(_shown(path), "front matter opened by '---' on line 1 is never closed; add a line "
                         "'---' after the metadata, or remove the first line if it is not front matter")
    loaded = _load_yaml("\n".join(lines[1:number]), path, what="front matter", first_line=2)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(_shown(path), f"front matter must be 'key: value' lines (outlet, title, url, "
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
        raise InputError(_shown(path), f"{what} is not valid YAML{where}: {problem}; fix the YAML "
                         "(quote values that contain ': ' or start with a special character)") from None
    except yaml.YAMLError as error:
        problem = " ".join(str(error).split())
        raise InputError(_shown(path), f"{what} is not valid YAML: {problem}") from None
    except RecursionError:
        raise InputError(_shown(path), f"{what} is nested too deeply to be metadata") from None


def _parse_source_metadata(values: Mapping[Any, Any], path: Path, where: str,
                           warnings: list[str]) -> SourceMetadata:
    found: dict[str, str | None] = {}
    for key in sorted(values, key=repr):
        if key not in SOURCE_KEYS:
            warnings.append(f"{_shown(path)}: {where}: unknown key {_short(key)} ignored; known keys are "
                            f"{', '.join(SOURCE_KEYS)}")
            continue
        found[key] = _text_value(values[key], key=key, path=path, where=where)
    url = found.get("url")
    if url is not None and _http_url(url) is None:
        warnings.append(f"{_shown(path)}: {where}: url {_short(url)} is not an http(s) address; it was dropped")
        url = None
    return SourceMetadata(outlet=found.get("outlet"), title=found.get("title"), url=url,
                          published=found.get("published"), author=found.get("author"))


def _text_value(value: Any, *, key: str, path: Path, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, _ImpossibleDate):
        raise InputError(_shown(path), f"{where}: {key} {_short(value.text)} is not a real date; write it "
                         "as YYYY-MM-DD with a month from 01 to 12 and a day that month has")
    if isinstance(value, str):
        return _clean_value(value)
    if key == "published" and isinstance(value, datetime.date):
        return value.isoformat()  # a datetime is a date too
    if key == "published" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(_shown(path), f"{where}: {key} must be text, not {_yaml_type(value)}; write it as "
                     f"a quoted string, for example {key}: \"...\"")


def _read_story_file(path: Path, tree: Path, settings: Settings, article_files: Sequence[Path],
                     other_names: Sequence[str], warnings: list[str]) -> _StoryFile:
    raw = _read_bytes(path, tree, settings)
    try:
        decoded = decode_bytes(raw)
    except BinaryContentError as error:
        raise InputError(_shown(path), f"{error}; story.yml must be a YAML text file") from None
    loaded = _load_yaml(decoded.text, path, what="story.yml", first_line=1)
    if loaded is None:
        return _StoryFile()
    if not isinstance(loaded, dict):
        raise InputError(_shown(path), f"must be a mapping with the keys {', '.join(STORY_KEYS)}, "
                         f"not {_yaml_type(loaded)}")
    for key in sorted(loaded, key=repr):
        if key not in STORY_KEYS:
            hint = " (per-source metadata goes under 'sources:')" if key in SOURCE_KEYS else ""
            warnings.append(f"{_shown(path)}: unknown key {_short(key)} ignored; known keys are "
                            f"{', '.join(STORY_KEYS)}{hint}")
    title = _text_value(loaded.get("title"), key="title", path=path, where="story.yml")
    published = _text_value(loaded.get("published"), key="published", path=path, where="story.yml")
    sources_value = loaded.get("sources")
    if sources_value is None:
        return _StoryFile(title, published)
    if not isinstance(sources_value, dict):
        raise InputError(_shown(path), f"sources must map article file names to their metadata, not "
                         f"{_yaml_type(sources_value)}")
    by_name = {_nfc(file.name): file for file in article_files}
    by_stem = {_source_id(file): file for file in article_files}
    sources: dict[str, SourceMetadata] = {}
    named_by: dict[str, str] = {}
    for key in sorted(sources_value, key=repr):
        if not isinstance(key, str):
            raise InputError(_shown(path), f"sources: {_short(key)} is {_yaml_type(key)}; write the file "
                             "name in quotes, for example \"001.txt\":")
        name = _nfc(key.strip())
        if (not name or name in (".", "..") or "/" in name or "\\" in name or Path(name).is_absolute()
                or re.match(r"^[A-Za-z]:", name)):
            raise InputError(_shown(path), f"sources: {_short(key)} is a path; name an article file of this "
                             "story folder by its file name (files outside the folder are not read)")
        file = by_name.get(name) or by_stem.get(name)
        if file is None:
            if name in other_names:
                raise InputError(_shown(path), f"sources: {_short(key)} is not an article file; only .txt "
                                 "and .md files are sources")
            known = ", ".join(sorted(by_name)) or "none"
            raise InputError(_shown(path), f"sources: {_short(key)} names no file in this folder; fix the "
                             f"name or remove the entry (article files: {known})")
        if file.name in named_by:
            raise InputError(_shown(path), f"sources: {_short(key)} and {_short(named_by[file.name])} both "
                             f"name {file.name}; keep one entry")
        named_by[file.name] = key
        entry = sources_value[key]
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise InputError(_shown(path), f"sources: {_short(key)} must be a mapping of "
                             f"{', '.join(SOURCE_KEYS)}, not {_yaml_type(entry)}")
        sources[file.name] = _parse_source_metadata(entry, path, f"sources: {_short(key)}", warnings)
    return _StoryFile(title, published, sources)


# ------------------------------------------------------------------------------ files


@dataclass(frozen=True, slots=True)
class _ReadArticle:
    article: Article | None
    path: Path
    raw_digest: str = ""
    text_digest: str = ""
    warnings: tuple[str, ...] = ()


def _read_article(path: Path, tree: Path, settings: Settings, *, source_id: str, slug: str,
                  overrides: SourceMetadata) -> _ReadArticle:
    shown = _shown(path)
    raw = _read_bytes(path, tree, settings)
    warnings: list[str] = []
    if not raw.strip():
        what = "is empty" if not raw else "contains only whitespace"
        return _ReadArticle(None, path, warnings=(f"{shown}: {what}; skipped",))
    try:
        decoded = decode_bytes(raw)
    except BinaryContentError as error:
        raise InputError(shown, f"{error}; save the article as plain text (.txt) or Markdown (.md)") from None
    warnings.extend(f"{shown}: {note}" for note in decoded.notes)
    text = decoded.text
    removed: tuple[RemovedLine, ...] = ()
    found = SourceMetadata()
    is_markdown = path.suffix.lower() == ".md"
    if is_markdown:
        front, text = split_front_matter(text, path)
        found = _parse_source_metadata(front, path, "front matter", warnings)
    if path.suffix.lower() in (".html", ".htm"):
        from .html_input import extract_page  # a saved web page: its article and metadata

        saved = extract_page(text)
        text, found = saved.text, saved.metadata
    elif looks_like_html(text, document_only=is_markdown):
        page = read_html(text)
        text, removed = page.text, page.removed
        found = found.over(page.metadata)
        warnings.append(f"{shown}: looks like an HTML page; only its visible text was kept (scripts, "
                        "styles, navigation and footers were dropped and are listed as removed); save "
                        "the article text instead")
        if page.unclosed:
            warnings.append(f"{shown}: its {page.unclosed} element is never closed; the text after it "
                            "was kept as article text")
    elif is_markdown:
        text, removed = markdown_to_text(text)
    else:
        text = strip_inline_markdown(text)
    if not text.strip():
        return _ReadArticle(None, path, warnings=tuple(warnings) + (f"{shown}: has no article text; skipped",))
    cleaned = clean_text(text)
    if not cleaned.paragraphs:
        return _ReadArticle(None, path, warnings=tuple(warnings) + (
            f"{shown}: nothing was left after removing page furniture; skipped",))
    metadata = overrides.over(found).over(SourceMetadata(
        outlet=cleaned.outlet, title=cleaned.headline, author=cleaned.author, published=cleaned.published))
    source = Source(id=source_id, slug=slug, filename=_nfc(path.name), outlet=metadata.outlet,
                    title=metadata.title, url=metadata.url, author=metadata.author,
                    published=metadata.published)
    article = Article(source, cleaned.paragraphs, removed + cleaned.removed)
    return _ReadArticle(article, path, hashlib.sha256(raw).hexdigest(),
                        hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), tuple(warnings))


def _read_bytes(path: Path, tree: Path, settings: Settings) -> bytes:
    """Return the file's bytes, refusing links out of the tree, special files and files over the size limit.

    The file is opened without blocking and checked to be a regular file on the
    open descriptor itself: a FIFO, socket or device (even one swapped in after a
    check by name) would otherwise make the build wait forever or read without end.
    """
    shown = _shown(path)
    target = _inside_tree(path, tree)
    limit = settings.max_file_bytes
    too_big = (f"is larger than the limit of {limit:,} bytes (max_file_bytes); no news article is that "
               "long, so check it is the right file, or raise max_file_bytes in the generator settings")
    try:
        descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputError(shown, f"cannot be read: {error.strerror}; check its permissions") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise InputError(shown, f"is not a regular file ({_file_kind(status.st_mode)}); replace it with "
                             "a plain text file")
        if status.st_size > limit:
            raise InputError(shown, too_big)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(shown, f"cannot be read: {error.strerror}; check its permissions") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise InputError(shown, too_big)
    return data


def _file_kind(mode: int) -> str:
    """A person's name for a file type that is not a regular file."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _inside_tree(path: Path, tree: Path) -> Path:
    """Return where ``path`` really leads, refusing symlinks that leave the seeds tree."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise InputError(_shown(path), "is a broken symlink (its target does not exist); fix or "
                         "remove it") from None
    except PermissionError:
        raise InputError(_shown(path), "cannot be reached: permission denied; give its folder read and "
                         "execute permission (chmod u+rx on the folder)") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(_shown(path), "is a symlink loop; replace it with a real file or "
                             "folder") from None
        raise InputError(_shown(path), f"cannot be resolved: {error.strerror}; check it and its "
                         "folder's permissions") from None
    except RuntimeError:  # Python before 3.13 reports a symlink loop this way
        raise InputError(_shown(path), "is a symlink loop; replace it with a real file or "
                         "folder") from None
    if target != tree and not target.is_relative_to(tree):
        raise InputError(_shown(path), "leads outside the seeds folder (a symlink to "
                         f"{_shown(target)}); copy the file into the story folder instead")
    return target


def _duplicate_warnings(read: Sequence[_ReadArticle]) -> list[str]:
    warnings = []
    first_raw: dict[str, Path] = {}
    first_text: dict[str, Path] = {}
    for result in read:
        if result.raw_digest in first_raw:
            original = first_raw[result.raw_digest]
            warnings.append(f"{_shown(result.path)}: byte-identical to {original.name}; both are kept and "
                            "count as two sources agreeing; delete one if they are the same publication")
        elif result.text_digest in first_text:
            original = first_text[result.text_digest]
            warnings.append(f"{_shown(result.path)}: same text as {original.name}; both are kept and "
                            "count as two sources agreeing; delete one if they are the same publication")
        first_raw.setdefault(result.raw_digest, result.path)
        first_text.setdefault(result.text_digest, result.path)
    return warnings


def _sorted_entries(folder: Path) -> list[Path]:
    """Return the folder's non-hidden entries in code-point order of their NFC names.

    Sorting by name (never by file system order) keeps output identical across
    machines; NFC makes a name typed on macOS sort like the same name typed on Linux.
    """
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    return sorted(entries, key=lambda entry: (_nfc(entry.name), entry.name))


def _source_id(path: Path) -> str:
    return _nfc(path.stem)


def _bad_file_name(name: str) -> str | None:
    if any(0xDC80 <= ord(char) <= 0xDCFF for char in name):
        return "file name is not valid UTF-8; rename the file"
    if any(unicodedata.category(char) == "Cc" for char in name):
        return "file name contains control characters (such as a line break); rename the file"
    if not Path(name).stem.strip():
        return "file name has no name before the extension; rename the file"
    return None


def _http_url(value: str | None) -> str | None:
    """Return the URL when it is a plain http(s) address, else None (never javascript: or data:)."""
    url = (value or "").strip()
    # Quote marks and angle brackets have no business in an address we keep as metadata.
    if not is_http_url(url) or any(char in "<>\"'`\\" for char in url):
        return None
    return url


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", _CONTROL.sub("", value)).split())
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


def _shown(path: Path | str) -> str:
    """The path as text safe to print and to write as UTF-8 (undecodable bytes become escapes)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")
