"""Reading story folders: the only input I/O.

A story folder holds one article per ``.txt``, ``.md`` or saved ``.html`` file and
an optional ``story.yml``. Every file is untrusted, so each one goes through the
same fixed steps before ``clean_text`` sees it:

1. it must be a regular file inside the seeds tree (symlinks out of it are refused)
   and no larger than ``Settings.max_file_bytes`` (this module);
2. it is decoded in a fixed order (byte order mark, strict UTF-8, Windows-1252 byte
   by byte, replacement character), never by locale or statistical guessing, so the
   same bytes always give the same text; binary files are refused (``generator.decoding``);
3. line ends become ``\\n``, stray NUL and control characters are removed, and the
   text is put in Unicode NFC form so the same words compare equal across sources
   (``generator.decoding``);
4. markup is taken off: an HTML page keeps only its visible text (``generator.html_input``),
   Markdown keeps its words but none of its syntax (``generator.markdown_input``), and a
   ``.md`` file's YAML front matter becomes metadata (``generator.metadata``).

Problems a person must fix raise ``InputError`` naming the file and what to do;
problems we can work around become warnings (``Problem`` records in
``StoryInput.problems``), each naming the file. ``read_story`` collects every problem of a folder instead of stopping at
the first, which is what ``generator check`` reports.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .clean import clean_text
from .decoding import BinaryContentError, decode_bytes
from .errors import InputError, printable_path
from .html_input import HTML_SUFFIXES, extract_page, looks_like_html, read_html
from .limits import story_limit_problem
from .markdown_input import markdown_to_text, strip_inline_markdown
from .metadata import SourceMetadata, StoryFile, parse_source_metadata, parse_story_file, source_id, split_front_matter
from .models import Article, Problem, RemovedLine, Source, StoryInput
from .segment import segment
from .settings import Settings
from .slugs import slugify, unique_slugs

ARTICLE_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
"""Saved web pages (.html, .htm) are read by ``generator.html_input``."""
STORY_FILE = "story.yml"
RESERVED_SOURCE_SLUGS = frozenset({"index"})
"""Source slugs that would clash with a story's own page name."""


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
    problems: tuple[Problem, ...] = ()
    """The warnings: problems the build works around (errors are in ``errors``)."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings as the lines a person reads (``path: what happened; what to do``)."""
        return tuple(str(problem) for problem in self.problems)


def discover_stories(seeds_dir: Path) -> tuple[Path, ...]:
    """Return the story folders under ``seeds_dir``, sorted by name.

    Raises ``InputError`` when the seeds folder is missing, holds no story folder,
    or a story folder is a symlink leading out of the seeds tree.
    """
    folders, errors, _warnings = scan_seeds(seeds_dir)
    if errors:
        raise errors[0]
    return folders


def scan_seeds(seeds_dir: Path) -> tuple[tuple[Path, ...], tuple[InputError, ...], tuple[Problem, ...]]:
    """Return the story folders, the errors and the warnings found at the top of ``seeds_dir``.

    Hidden entries (names starting with ``.``) are skipped without a word: they are
    editor and system files (``.DS_Store``, ``.git``). Files lying directly in the
    seeds folder are warned about, since they belong in a story folder.
    """
    shown = printable_path(seeds_dir)
    if not seeds_dir.exists():
        return (), (InputError(shown, "seeds folder not found; create it with one folder per story, "
                               "each holding that story's articles as .txt or .md files"),), ()
    if not seeds_dir.is_dir():
        return (), (InputError(shown, "is not a folder; the seeds path must be a folder with one "
                               "sub-folder per story"),), ()
    root = seeds_dir.resolve()
    folders: list[Path] = []
    errors: list[InputError] = []
    warnings: list[Problem] = []
    for entry in _sorted_entries(seeds_dir):
        try:
            target = _inside_tree(entry, root)
        except InputError as error:
            errors.append(error)
            continue
        if target.is_dir():
            folders.append(entry)
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            warnings.append(Problem(
                printable_path(entry), "article file directly in the seeds folder is ignored; "
                "move it into a story folder"))
        else:
            warnings.append(Problem(printable_path(entry), "not a story folder; ignored"))
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
            story = replace(story, slug=slug, problems=story.problems + (Problem(
                printable_path(story.directory), f"story slug {story.slug!r} is already used by "
                f"{printable_path(owner.directory)}; this story's pages use {slug!r} (give one of them another "
                "title in story.yml to choose)"),))
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
    warnings: list[Problem] = []
    if not story_dir.exists() and not story_dir.is_symlink():
        return StoryReport(story_dir, None, (InputError(printable_path(story_dir), "story folder not found"),), ())
    try:
        _inside_tree(story_dir, tree)
        if not story_dir.is_dir():
            raise InputError(printable_path(story_dir), "is not a folder; a story is a folder of article files")
        if not os.access(story_dir, os.R_OK | os.X_OK):
            raise InputError(printable_path(story_dir), "cannot be read: permission denied; give the story folder "
                             "read and execute permission (chmod u+rx)")
        entries = _sorted_entries(story_dir)
    except InputError as error:
        return StoryReport(story_dir, None, (error,), ())
    except OSError as error:
        return StoryReport(story_dir, None, (InputError(printable_path(story_dir), f"cannot read this folder: "
                                                        f"{error.strerror}"),), ())

    article_files, other_names, story_file = _sort_out_entries(entries, tree, errors, warnings)

    ids = {path: source_id(path) for path in article_files}
    by_id: dict[str, list[Path]] = {}
    for path in article_files:
        by_id.setdefault(ids[path], []).append(path)
    for shared_id, paths in sorted(by_id.items()):
        if len(paths) > 1:
            errors.append(InputError(printable_path(paths[1]), f"has the same name as {paths[0].name} "
                                     f"once the extension is removed ({shared_id!r}); each source needs "
                                     "its own file name, so rename one of them"))

    story_meta = StoryFile()
    if story_file is not None:
        try:
            story_meta = _read_story_file(story_file, tree, settings, article_files, other_names, warnings)
        except InputError as error:
            errors.insert(0, error)

    too_many = story_limit_problem(len(article_files), 0, settings)
    if too_many:
        # Refused before reading them: the limit exists so that no story costs unbounded work.
        return StoryReport(story_dir, None, tuple(errors) + (InputError(printable_path(story_dir), too_many),),
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
        errors.append(InputError(printable_path(story_dir), problem))
    if not errors:
        articles = tuple(result.article for result in read if result.article is not None)
        limit_problem = story_limit_problem(len(articles), len(segment(articles)), settings)
        if limit_problem:
            errors.append(InputError(printable_path(story_dir), limit_problem))
    if errors:
        return StoryReport(story_dir, None, tuple(errors), tuple(warnings))
    title = story_meta.title
    story = StoryInput(
        slug=slugify(title or _nfc(story_dir.name), fallback="story"),
        title=title,
        directory=story_dir,
        articles=tuple(result.article for result in read if result.article is not None),
        published=story_meta.published,
        problems=tuple(warnings),
    )
    return StoryReport(story_dir, story, (), tuple(warnings))


def _sort_out_entries(entries: Sequence[Path], tree: Path, errors: list[InputError],
                      warnings: list[Problem]) -> tuple[list[Path], list[str], Path | None]:
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
            warnings.append(Problem(
                printable_path(entry), "sub-folder ignored; a story's articles must lie directly "
                "in its folder"))
        elif entry.suffix.lower() in ARTICLE_SUFFIXES:
            problem = _bad_file_name(name)
            if problem:
                errors.append(InputError(printable_path(entry), problem))
            elif not stat.S_ISREG(target.stat().st_mode):
                warnings.append(Problem(printable_path(entry), "not a regular file; ignored"))
            else:
                article_files.append(entry)
        else:
            other_names.append(name)
            hint = " (did you mean story.yml?)" if name.lower() == "story.yaml" else ""
            warnings.append(Problem(
                printable_path(entry), f"ignored, only .txt and .md files are read as articles{hint}"))
    return article_files, other_names, story_file


def _read_story_file(path: Path, tree: Path, settings: Settings, article_files: Sequence[Path],
                     other_names: Sequence[str], warnings: list[Problem]) -> StoryFile:
    raw = _read_bytes(path, tree, settings)
    try:
        decoded = decode_bytes(raw)
    except BinaryContentError as error:
        raise InputError(printable_path(path), f"{error}; story.yml must be a YAML text file") from None
    return parse_story_file(decoded.text, path, article_files, other_names, warnings)


@dataclass(frozen=True, slots=True)
class _ReadArticle:
    article: Article | None
    path: Path
    raw_digest: str = ""
    text_digest: str = ""
    warnings: tuple[Problem, ...] = ()


def _read_article(path: Path, tree: Path, settings: Settings, *, source_id: str, slug: str,
                  overrides: SourceMetadata) -> _ReadArticle:
    shown = printable_path(path)
    raw = _read_bytes(path, tree, settings)
    warnings: list[Problem] = []
    if not raw.strip():
        what = "is empty" if not raw else "contains only whitespace"
        return _ReadArticle(None, path, warnings=(Problem(shown, f"{what}; skipped"),))
    try:
        decoded = decode_bytes(raw)
    except BinaryContentError as error:
        raise InputError(shown, f"{error}; save the article as plain text (.txt) or Markdown (.md)") from None
    warnings.extend(Problem(shown, note) for note in decoded.notes)
    text = decoded.text
    removed: tuple[RemovedLine, ...] = ()
    found = SourceMetadata()
    is_markdown = path.suffix.lower() == ".md"
    if is_markdown:
        front, text = split_front_matter(text, path)
        found = parse_source_metadata(front, path, "front matter", warnings)
    if path.suffix.lower() in HTML_SUFFIXES:  # a saved web page: its article and metadata
        saved = extract_page(text)
        text, found = saved.text, saved.metadata
    elif looks_like_html(text, document_only=is_markdown):
        page = read_html(text)
        text, removed = page.text, page.removed
        found = found.over(page.metadata)
        warnings.append(Problem(
            shown, "looks like an HTML page; only its visible text was kept (scripts, "
            "styles, navigation and footers were dropped and are listed as removed); save "
            "the article text instead"))
        if page.unclosed:
            warnings.append(Problem(
                shown, f"its {page.unclosed} element is never closed; the text after it "
                "was kept as article text"))
    elif is_markdown:
        text, removed = markdown_to_text(text)
    else:
        text = strip_inline_markdown(text)
    if not text.strip():
        return _ReadArticle(None, path, warnings=tuple(warnings) + (Problem(shown, "has no article text; skipped"),))
    cleaned = clean_text(text)
    if not cleaned.paragraphs:
        return _ReadArticle(None, path, warnings=tuple(warnings) + (
            Problem(shown, "nothing was left after removing page furniture; skipped"),))
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
    shown = printable_path(path)
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
        raise InputError(printable_path(path), "is a broken symlink (its target does not exist); fix or "
                         "remove it") from None
    except PermissionError:
        raise InputError(printable_path(path), "cannot be reached: permission denied; give its folder read and "
                         "execute permission (chmod u+rx on the folder)") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(printable_path(path), "is a symlink loop; replace it with a real file or "
                             "folder") from None
        raise InputError(printable_path(path), f"cannot be resolved: {error.strerror}; check it and its "
                         "folder's permissions") from None
    except RuntimeError:  # Python before 3.13 reports a symlink loop this way
        raise InputError(printable_path(path), "is a symlink loop; replace it with a real file or "
                         "folder") from None
    if target != tree and not target.is_relative_to(tree):
        raise InputError(printable_path(path), "leads outside the seeds folder (a symlink to "
                         f"{printable_path(target)}); copy the file into the story folder instead")
    return target


def _duplicate_warnings(read: Sequence[_ReadArticle]) -> list[Problem]:
    warnings = []
    first_raw: dict[str, Path] = {}
    first_text: dict[str, Path] = {}
    for result in read:
        if result.raw_digest in first_raw:
            original = first_raw[result.raw_digest]
            warnings.append(Problem(
                printable_path(result.path), f"byte-identical to {original.name}; both are kept and "
                "count as two sources agreeing; delete one if they are the same publication"))
        elif result.text_digest in first_text:
            original = first_text[result.text_digest]
            warnings.append(Problem(
                printable_path(result.path), f"same text as {original.name}; both are kept and "
                "count as two sources agreeing; delete one if they are the same publication"))
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


def _bad_file_name(name: str) -> str | None:
    if any(0xDC80 <= ord(char) <= 0xDCFF for char in name):
        return "file name is not valid UTF-8; rename the file"
    if any(unicodedata.category(char) == "Cc" for char in name):
        return "file name contains control characters (such as a line break); rename the file"
    if not Path(name).stem.strip():
        return "file name has no name before the extension; rename the file"
    return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
