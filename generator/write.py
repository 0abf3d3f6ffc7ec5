"""Writing generated pages into docs/: the only output I/O, all or nothing.

``docs/`` also holds hand-written pages, so the folder cannot simply be
replaced. Instead:

1. every page is written into a staging folder next to ``docs/`` (same file
   system, so moving a file into place is one atomic rename);
2. only when all of them are written, each changed page is moved into place,
   the file it replaces and every stale generated file (a story that is gone)
   being moved aside first;
3. the manifest ``docs/.generated.json`` lists what the generator wrote, so the
   next run knows which files it may replace or delete. A file not in the
   manifest is never touched: if a new page would overwrite one with different
   content, nothing is written and the error names the file.

If anything fails part way (an exception, a full disk, Ctrl-C), every move
done so far is undone, so ``docs/`` is left exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from .errors import OutputError

MANIFEST_NAME = ".generated.json"
"""The manifest's file name inside ``docs/``; MkDocs skips dot files, so it is never published."""

MANIFEST_VERSION = 1


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> None:
    """Make ``docs_dir`` hold exactly ``pages`` as the generator's files, atomically.

    ``pages`` maps a relative POSIX path under ``docs_dir`` to its text; text is
    written as UTF-8 with ``\\n`` line ends. Generated files of an earlier run
    that ``pages`` no longer has are removed; hand-written files are left alone.
    Raises ``OutputError`` (and leaves ``docs_dir`` unchanged) if the pages
    cannot all be written.
    """
    for relative in pages:
        _check_relative(relative)
    docs_dir.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(docs_dir)
    contents = {relative: _encode(text) for relative, text in sorted(pages.items())}
    _refuse_overwriting_hand_written(contents, previous, docs_dir)

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{docs_dir.name}.generating-", dir=docs_dir.parent))
    except OSError as error:
        raise OutputError(f"{docs_dir.parent}: cannot create a staging folder: {error}") from error
    try:
        try:
            for relative, data in contents.items():
                target = staging / "new" / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            manifest = staging / "new" / MANIFEST_NAME
            manifest.write_bytes(_manifest_bytes(tuple(contents)))
        except OSError as error:
            raise OutputError(f"{docs_dir}: cannot write the generated pages: {error}") from error
        _swap_in(docs_dir, staging, contents, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_manifest(docs_dir: Path) -> tuple[str, ...]:
    """Return the files the generator wrote into ``docs_dir`` last time (empty if none).

    Entries that are not plain relative paths inside ``docs_dir`` are ignored,
    so an edited manifest can never make the generator delete files elsewhere.
    """
    path = docs_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OutputError(f"{path}: unreadable manifest ({error}); delete it and build again") from error
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise OutputError(f"{path}: manifest has no list of files; delete it and build again")
    return tuple(sorted(
        entry for entry in files if isinstance(entry, str) and _is_plain_relative(entry)
    ))


def _swap_in(docs_dir: Path, staging: Path, contents: Mapping[str, bytes], previous: tuple[str, ...]) -> None:
    """Move the staged pages into ``docs_dir``; on any failure undo every move."""
    backup = staging / "old"
    undo: list[Callable[[], None]] = []
    stale = sorted(set(previous) - set(contents))
    try:
        for relative in stale:
            _move_aside(docs_dir / relative, backup / relative, undo)
        for relative, data in contents.items():
            target = docs_dir / relative
            if target.is_file() and target.read_bytes() == data:
                continue  # unchanged: keep the file (and its time stamp) as it is
            _make_parents(target.parent, docs_dir, undo)
            _move_aside(target, backup / relative, undo)
            os.replace(staging / "new" / relative, target)
            undo.append(target.unlink)
        manifest = docs_dir / MANIFEST_NAME
        _move_aside(manifest, backup / MANIFEST_NAME, undo)
        os.replace(staging / "new" / MANIFEST_NAME, manifest)
        undo.append(manifest.unlink)
    except BaseException as error:
        # BaseException: Ctrl-C part way must not leave half a site either.
        for step in reversed(undo):
            try:
                step()
            except OSError:
                pass  # keep undoing the rest; the error below is what the person needs to see
        if isinstance(error, OSError):
            raise OutputError(f"{docs_dir}: cannot replace the generated pages: {error}") from error
        raise
    for relative in stale:
        _remove_empty_parents((docs_dir / relative).parent, docs_dir)


def _move_aside(path: Path, backup: Path, undo: list[Callable[[], None]]) -> None:
    """Move the file ``path`` (if there is one) to ``backup`` and remember how to put it back."""
    if not path.is_file():
        return
    backup.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, backup)
    undo.append(lambda: os.replace(backup, path))


def _make_parents(folder: Path, docs_dir: Path, undo: list[Callable[[], None]]) -> None:
    """Create ``folder`` and its missing parents under ``docs_dir``; undo removes them again."""
    missing = []
    current = folder
    while current != docs_dir and not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir()
        undo.append(path.rmdir)


def _remove_empty_parents(folder: Path, docs_dir: Path) -> None:
    """Remove folders a deleted story leaves empty (best effort: an empty folder is harmless)."""
    try:
        while folder != docs_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    except OSError:
        pass


def _refuse_overwriting_hand_written(contents: Mapping[str, bytes], previous: tuple[str, ...],
                                     docs_dir: Path) -> None:
    known = set(previous)
    for relative, data in contents.items():
        target = docs_dir / relative
        if target.exists() and not target.is_file():
            raise OutputError(f"{target}: a generated page should go here, but this is a folder; "
                              f"move it away, then build again")
        if relative in known or not target.exists():
            continue
        if target.is_file() and target.read_bytes() == data:
            continue  # already what we would write: adopt it
        raise OutputError(
            f"{target}: a generated page would replace this file, which the generator did not "
            f"write; move or rename it (or delete it if it is an old generated page), then build again"
        )


def _manifest_bytes(files: tuple[str, ...]) -> bytes:
    data = {"version": MANIFEST_VERSION, "files": sorted(files)}
    return _encode(json.dumps(data, indent=2) + "\n")


def _encode(text: str) -> bytes:
    """UTF-8 with ``\\n`` line ends, whatever the platform or the text used."""
    return text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


def _check_relative(relative: str) -> None:
    if not _is_plain_relative(relative) or relative == MANIFEST_NAME:
        raise OutputError(f"{relative!r}: not a plain relative page path; this is a bug in the generator")


def _is_plain_relative(relative: str) -> bool:
    """A relative POSIX path with no ``..``, ``.`` or empty parts and no backslashes."""
    if not relative or "\\" in relative or "\x00" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in relative.split("/"))
