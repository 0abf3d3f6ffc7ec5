"""Writing generated pages into docs/: the only output I/O, all or nothing, even when killed.

``docs/`` also holds hand-written pages, so the folder cannot simply be
replaced. Instead, holding an exclusive lock on ``docs/`` (``flock``: a second
build at the same time fails with a clear message instead of mixing its pages
in, and a killed build's lock dies with it):

1. a staging folder left by a build that was killed is rolled back first (see 4);
2. every page is written into the staging folder ``docs/.generator-staging/``:
   inside ``docs/``, so it is on the same file system even when ``docs/`` is a
   mount point (every move is one atomic rename), and a dot-folder, which MkDocs
   never publishes. The plan of the swap (which pages move in, which stale
   pages move out, the previous manifest) is written last, as ``plan.json``;
3. the manifest ``docs/.generated.json`` is written first and last: first as
   the union of the previous and the new generated files, so whatever state a
   kill leaves, every file the generator may have put there is listed as its
   own and the next build replaces or removes it; last, when every page is in
   place, as exactly the new files;
4. each changed page is moved into place, the file it replaces and every stale
   generated file being moved aside into the staging folder first. Every move is
   a rename, so each file is always in exactly one place, and the rollback reads
   the state from the files themselves: a staged page that is gone was moved in
   (remove it), a file in the backup folder was moved aside (put it back). The
   same rollback runs on an exception, on Ctrl-C, SIGTERM and SIGHUP (handled like
   Ctrl-C) and, for SIGKILL or a power cut, at the start of the next build.

The manifest never makes the writer touch anything outside ``docs/``: entries
are plain relative paths, and every path is resolved and checked to lie inside
``docs/`` (a symlinked folder inside ``docs/`` cannot lead a delete elsewhere).
A file not in the manifest is never touched: if a new page would overwrite one
with different content, nothing is written and the error names the file.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from .atomic import write_bytes_atomic
from .errors import OutputError

MANIFEST_NAME = ".generated.json"
"""The manifest's file name inside ``docs/``; MkDocs skips dot files, so it is never published."""
STAGING_NAME = ".generator-staging"
"""Staging folder inside ``docs/``; a dot-folder, so MkDocs never publishes it."""
PLAN_NAME = "plan.json"

MANIFEST_VERSION = 1
_INTERRUPTING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> None:
    """Make ``docs_dir`` hold exactly ``pages`` as the generator's files, atomically.

    ``pages`` maps a relative POSIX path under ``docs_dir`` to its text; text is
    written as UTF-8 with ``\\n`` line ends. Generated files of an earlier run
    that ``pages`` no longer has are removed; hand-written files are left alone.
    Raises ``OutputError`` (and leaves ``docs_dir`` unchanged) if the pages
    cannot all be written, or if another build holds the lock.
    """
    for relative in pages:
        _check_relative(relative)
    try:
        docs_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{docs_dir}: cannot create the docs folder: {error}") from error
    with _signals_as_interrupts(), _locked(docs_dir):
        recover(docs_dir)
        previous = read_manifest(docs_dir)
        contents = {relative: _encode(text) for relative, text in sorted(pages.items())}
        real_docs = docs_dir.resolve()
        for relative in contents:
            if not _inside(real_docs, docs_dir / relative):
                raise OutputError(f"{docs_dir / relative}: leads outside {docs_dir} through a symlinked "
                                  "folder; remove the symlink, then build again")
        previous = tuple(relative for relative in previous if _inside(real_docs, docs_dir / relative))
        _refuse_overwriting_hand_written(contents, previous, docs_dir)
        staging = docs_dir / STAGING_NAME
        try:
            _stage(staging, contents, previous, docs_dir)
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, OSError):
                raise OutputError(f"{docs_dir}: cannot write the generated pages: {error}") from error
            raise
        _swap_in(docs_dir, staging)


def recover(docs_dir: Path) -> bool:
    """Roll back a swap that a killed build left half done; return whether there was one.

    Called by ``write_pages`` while it holds the lock. A staging folder without a
    plan was never swapped in, so it is simply removed.
    """
    staging = docs_dir / STAGING_NAME
    if not staging.exists() and not staging.is_symlink():
        return False
    if staging.is_symlink() or not staging.is_dir():
        raise OutputError(f"{staging}: should be the generator's staging folder but is not a folder; "
                          "remove it, then build again")
    plan = _read_plan(staging)
    try:
        with _signals_blocked():
            if plan is not None:
                _roll_back(docs_dir, staging, plan)
            shutil.rmtree(staging)
    except OSError as error:
        raise OutputError(f"{staging}: cannot roll back the build that was interrupted here: {error}; "
                          "fix the cause, then build again (it will try again)") from error
    return True


def read_manifest(docs_dir: Path) -> tuple[str, ...]:
    """Return the files the generator wrote into ``docs_dir`` last time (empty if none).

    Entries that are not plain relative paths inside ``docs_dir`` are ignored,
    so an edited manifest can never make the generator delete files elsewhere
    (``write_pages`` also resolves each entry, against symlinked folders).
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
        entry for entry in files
        if isinstance(entry, str) and _is_plain_relative(entry) and entry != MANIFEST_NAME
        and entry.split("/")[0] != STAGING_NAME
    ))


def _stage(staging: Path, contents: Mapping[str, bytes], previous: tuple[str, ...], docs_dir: Path) -> None:
    """Write the new pages, both manifests and, last, the plan of the swap into ``staging``."""
    staging.mkdir()
    new = staging / "new"
    for relative, data in contents.items():
        target = new / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (new / MANIFEST_NAME).write_bytes(_manifest_bytes(tuple(contents)))
    (staging / "union.json").write_bytes(_manifest_bytes(tuple(sorted(set(previous) | set(contents)))))
    changed = []
    for relative, data in contents.items():
        target = docs_dir / relative
        if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
            os.unlink(new / relative)  # unchanged: keep the file (and its time stamp) as it is
        else:
            changed.append(relative)
    try:
        old_manifest: str | None = (docs_dir / MANIFEST_NAME).read_bytes().decode("utf-8")
    except FileNotFoundError:
        old_manifest = None
    plan = {"replace": changed, "stale": sorted(set(previous) - set(contents)), "manifest": old_manifest}
    write_bytes_atomic(staging / PLAN_NAME, json.dumps(plan, indent=1).encode("utf-8"))


def _swap_in(docs_dir: Path, staging: Path) -> None:
    """Move the staged pages into ``docs_dir``; on any failure or interruption roll every move back."""
    plan = _read_plan(staging)
    assert plan is not None  # _stage wrote it
    new, backup = staging / "new", staging / "old"
    stale, replace = _strings(plan.get("stale")), _strings(plan.get("replace"))
    try:
        os.replace(staging / "union.json", docs_dir / MANIFEST_NAME)
        for relative in stale:
            _move_aside(docs_dir / relative, backup / relative)
        for relative in replace:
            target = docs_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _move_aside(target, backup / relative)
            os.replace(new / relative, target)
        os.replace(new / MANIFEST_NAME, docs_dir / MANIFEST_NAME)
        for relative in stale:
            _remove_empty_parents((docs_dir / relative).parent, docs_dir)
        os.unlink(staging / PLAN_NAME)  # from here on the swap is complete: nothing to roll back
    except BaseException as error:
        # BaseException: Ctrl-C (or SIGTERM, SIGHUP) part way must not leave half a site either.
        with _signals_blocked():
            try:
                _roll_back(docs_dir, staging, plan)
                shutil.rmtree(staging, ignore_errors=True)
            except OSError:
                pass  # the staging folder and its plan stay; the next build finishes the rollback
        if isinstance(error, OSError):
            raise OutputError(f"{docs_dir}: cannot replace the generated pages: {error}") from error
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _roll_back(docs_dir: Path, staging: Path, plan: Mapping[str, object]) -> None:
    """Put ``docs_dir`` back as it was before the swap of ``plan``, reading progress from the files.

    Every step is a rename, so a page is in exactly one place: a staged page that
    is no longer staged was moved into ``docs/`` (remove it); a file in the backup
    folder was moved aside (put it back). Running this twice is harmless, so a
    rollback that is itself interrupted is finished by the next build.
    """
    new, backup = staging / "new", staging / "old"
    real_docs = docs_dir.resolve()
    replace = [r for r in _strings(plan.get("replace")) if _is_plain_relative(r) and _inside(real_docs, docs_dir / r)]
    stale = [r for r in _strings(plan.get("stale")) if _is_plain_relative(r) and _inside(real_docs, docs_dir / r)]
    for relative in replace:
        target = docs_dir / relative
        if not (new / relative).exists() and (target.is_file() or target.is_symlink()):
            target.unlink()
        if (backup / relative).exists():
            os.replace(backup / relative, target)
        elif not target.exists():
            _remove_empty_parents(target.parent, docs_dir)
    for relative in stale:
        if (backup / relative).exists():
            (docs_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(backup / relative, docs_dir / relative)
    manifest = docs_dir / MANIFEST_NAME
    old_manifest = plan.get("manifest")
    if isinstance(old_manifest, str):
        temporary = staging / "manifest.tmp"
        temporary.write_bytes(old_manifest.encode("utf-8"))
        os.replace(temporary, manifest)
    elif manifest.exists():
        manifest.unlink()


def _read_plan(staging: Path) -> dict[str, object] | None:
    try:
        data = json.loads((staging / PLAN_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OutputError(f"{staging / PLAN_NAME}: unreadable plan of an interrupted build ({error}); "
                          "check docs/ by hand, remove the staging folder, then build again") from error
    return data if isinstance(data, dict) else None


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _move_aside(path: Path, backup: Path) -> None:
    """Move the file ``path`` (if there is one) to ``backup``; the rollback finds it there."""
    if not (path.is_file() or path.is_symlink()):
        return
    backup.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, backup)


def _inside(real_docs: Path, path: Path) -> bool:
    """Whether ``path``'s folder, with every symlink resolved, lies inside ``docs/`` (``real_docs``)."""
    try:
        folder = path.parent.resolve()
    except (OSError, RuntimeError):
        return False
    return folder == real_docs or folder.is_relative_to(real_docs)


@contextlib.contextmanager
def _locked(docs_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``docs/`` for the block; fail at once, clearly, if another build holds it.

    The lock is ``flock`` on the ``docs/`` folder itself: nothing is left in the
    folder, and the lock dies with its process, so a killed build never leaves a
    stale lock behind.
    """
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, as before
        yield
        return
    try:
        descriptor = os.open(docs_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise OutputError(f"{docs_dir}: cannot open the docs folder to lock it: {error}") from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputError(f"{docs_dir}: another build is writing into this folder right now; wait "
                                  "for it to finish, then build again") from None
            raise OutputError(f"{docs_dir}: cannot lock the docs folder: {error}") from error
        yield
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``KeyboardInterrupt`` for the block, so they roll back like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {number}")

    previous = {number: signal.signal(number, interrupt) for number in _INTERRUPTING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold back Ctrl-C and the like while a rollback runs; they are delivered right after it."""
    numbers = {signal.SIGINT, *_INTERRUPTING_SIGNALS}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
    if (not _is_plain_relative(relative) or relative == MANIFEST_NAME
            or relative.split("/")[0] == STAGING_NAME):
        raise OutputError(f"{relative!r}: not a plain relative page path; this is a bug in the generator")


def _is_plain_relative(relative: str) -> bool:
    """A relative POSIX path with no ``..``, ``.`` or empty parts and no backslashes."""
    if not relative or "\\" in relative or "\x00" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in relative.split("/"))
