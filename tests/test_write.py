"""Writing pages into docs/: all or nothing, hand-written pages untouched, stale pages removed."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.write import MANIFEST_NAME, read_manifest, write_pages

PAGES = {
    "index.md": "# Stories\n",
    "stories/a/index.md": "# A\r\nline two\r\n",
    "stories/a/story.json": "{}\n",
    "stories/a/sources/one.md": "# One — ünïcode\n",
}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (as None) under ``folder``, and what lies next to it."""
    state: dict[str, bytes | None] = {}
    for path in sorted(folder.parent.rglob("*")):
        key = path.relative_to(folder.parent).as_posix()
        state[key] = path.read_bytes() if path.is_file() else None
    return state


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    (folder / "assets").mkdir(parents=True)
    (folder / "about.md").write_text("# About\n")
    (folder / "assets" / "extra.css").write_text("p {}\n")
    return folder


def test_writes_pages_utf8_with_newlines_and_a_manifest(docs: Path) -> None:
    write_pages(PAGES, docs)
    assert (docs / "stories/a/index.md").read_bytes() == b"# A\nline two\n"
    assert (docs / "stories/a/sources/one.md").read_bytes() == "# One — ünïcode\n".encode()
    assert read_manifest(docs) == tuple(sorted(PAGES))
    assert json.loads((docs / MANIFEST_NAME).read_text())["files"] == sorted(PAGES)
    assert (docs / "about.md").read_text() == "# About\n"
    assert [p.name for p in docs.parent.iterdir()] == ["docs"]  # no staging folder left behind


def test_second_run_removes_stale_pages_and_keeps_hand_written_ones(docs: Path) -> None:
    write_pages(PAGES, docs)
    (docs / "stories" / "notes.md").write_text("hand-written, next to generated pages\n")
    write_pages({"index.md": "# Stories, fewer\n"}, docs)
    assert not (docs / "stories" / "a").exists()
    assert (docs / "stories" / "notes.md").exists()
    assert (docs / "about.md").exists() and (docs / "assets" / "extra.css").exists()
    assert read_manifest(docs) == ("index.md",)


def test_unchanged_pages_are_not_rewritten(docs: Path) -> None:
    write_pages(PAGES, docs)
    page = docs / "stories/a/story.json"
    os.utime(page, ns=(1_000_000_000, 1_000_000_000))
    write_pages({**PAGES, "index.md": "# Changed\n"}, docs)
    assert page.stat().st_mtime_ns == 1_000_000_000
    assert (docs / "index.md").read_text() == "# Changed\n"


def test_refuses_to_overwrite_a_hand_written_file(docs: Path) -> None:
    (docs / "index.md").write_text("# My own home page\n")
    before = snapshot(docs)
    with pytest.raises(OutputError, match="index.md.*did not write"):
        write_pages(PAGES, docs)
    assert snapshot(docs) == before


def test_adopts_an_identical_file_written_before_the_manifest_existed(docs: Path) -> None:
    (docs / "index.md").write_text(PAGES["index.md"])
    write_pages(PAGES, docs)
    assert "index.md" in read_manifest(docs)


def test_manifest_entries_outside_docs_are_ignored(docs: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (docs / MANIFEST_NAME).write_text(json.dumps({"files": ["../victim.txt", "/etc/passwd", "about.md"]}))
    assert read_manifest(docs) == ("about.md",)
    write_pages(PAGES, docs)
    assert victim.read_text() == "keep me\n"


@pytest.mark.parametrize("bad", ["../x.md", "/abs.md", "a/../../x.md", "a\\b.md", "", MANIFEST_NAME, "a//b.md"])
def test_refuses_page_paths_outside_docs(docs: Path, bad: str) -> None:
    with pytest.raises(OutputError):
        write_pages({bad: "x"}, docs)


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, target: object, name: str, call: int,
                  error: BaseException) -> None:
    """Make ``target.name`` raise ``error`` on its ``call``-th use, and behave normally otherwise."""
    original = getattr(target, name)
    calls = {"count": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["count"] += 1
        if calls["count"] == call:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


@pytest.mark.parametrize("call", [1, 3])
def test_disk_full_while_staging_leaves_docs_as_it_was(docs: Path, monkeypatch: pytest.MonkeyPatch,
                                                       call: int) -> None:
    write_pages(PAGES, docs)
    before = snapshot(docs)
    _fail_on_call(monkeypatch, Path, "write_bytes", call, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left"):
        write_pages({"index.md": "# New\n", "stories/b/index.md": "# B\n"}, docs)
    assert snapshot(docs) == before


@pytest.mark.parametrize("call", [1, 2, 3, 4, 5, 6])
def test_failure_while_swapping_in_undoes_every_move(docs: Path, monkeypatch: pytest.MonkeyPatch,
                                                     call: int) -> None:
    write_pages(PAGES, docs)
    before = snapshot(docs)
    new_pages = {"index.md": "# New\n", "stories/b/index.md": "# B\n", "stories/b/sources/x.md": "# X\n"}
    _fail_on_call(monkeypatch, os, "replace", call, OSError(errno.EIO, "I/O error"))
    with pytest.raises(OutputError, match="I/O error"):
        write_pages(new_pages, docs)
    assert snapshot(docs) == before


@pytest.mark.parametrize("call", [1, 4])
def test_ctrl_c_part_way_leaves_docs_as_it_was(docs: Path, monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    write_pages(PAGES, docs)
    before = snapshot(docs)
    _fail_on_call(monkeypatch, os, "replace", call, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_pages({"index.md": "# New\n", "stories/b/index.md": "# B\n"}, docs)
    assert snapshot(docs) == before


def test_exception_while_preparing_pages_leaves_docs_as_it_was(docs: Path) -> None:
    write_pages(PAGES, docs)
    before = snapshot(docs)

    class Exploding(dict[str, str]):
        def items(self):  # type: ignore[no-untyped-def]
            yield "index.md", "# fine\n"
            raise RuntimeError("template blew up")

    with pytest.raises(RuntimeError):
        write_pages(Exploding({"index.md": "x"}), docs)
    assert snapshot(docs) == before


def test_unreadable_manifest_is_reported(docs: Path) -> None:
    (docs / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(OutputError, match="delete it"):
        write_pages(PAGES, docs)


def test_creates_a_missing_docs_folder(tmp_path: Path) -> None:
    write_pages(PAGES, tmp_path / "new-docs")
    assert (tmp_path / "new-docs" / "index.md").is_file()


# ----------------------------------------------- issue 13: interruption, locks, mounts, symlinks

NEW_PAGES = {
    "index.md": "# Stories, new\n",
    "stories/a/index.md": "# A\nline two\n",  # unchanged once line ends are normalised
    "stories/a/story.json": '{"new": true}\n',
    "stories/b/index.md": "# B\n",
    "stories/b/sources/x.md": "# X\n",
}
"""A second generation: one page unchanged, two changed, one stale (one.md), two new."""

_KILL_SCRIPT = """
import os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator import write
function, call, how = {function!r}, {call}, {how!r}
count = 0
original = getattr(os, function)
def dying(*args, **kwargs):
    global count
    count += 1
    if count == call:
        if how == "kill":
            os._exit(9)  # like SIGKILL: no cleanup of any kind
        os.kill(os.getpid(), {{"term": 15, "hup": 1}}[how])
    return original(*args, **kwargs)
setattr(os, function, dying)
try:
    write.write_pages({pages!r}, Path({docs!r}))
except KeyboardInterrupt:
    sys.exit(130)
sys.exit(0 if count < call else 3)
"""


def _run_until(docs: Path, function: str, call: int, how: str) -> int:
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parent.parent)
    script = _KILL_SCRIPT.format(root=root, function=function, call=call, how=how, pages=NEW_PAGES,
                                 docs=str(docs))
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).returncode


def _fresh(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name / "docs"
    (folder / "assets").mkdir(parents=True)
    (folder / "about.md").write_text("# About\n")
    (folder / "assets" / "extra.css").write_text("p {}\n")
    write_pages(PAGES, folder)
    return folder


@pytest.mark.parametrize("function", ["replace", "unlink"])
def test_kill_at_any_point_then_a_normal_build_gives_exactly_the_normal_result(tmp_path: Path,
                                                                               function: str) -> None:
    reference = _fresh(tmp_path, "reference")
    start = snapshot(reference)
    write_pages(NEW_PAGES, reference)
    expected = snapshot(reference)
    call = 1
    while True:
        docs = _fresh(tmp_path, f"{function}-{call}")
        code = _run_until(docs, function, call, "kill")
        if code == 0:
            break  # the write finished before reaching this call: every point was covered
        assert code == 9, code
        again = _fresh(tmp_path, f"{function}-{call}-back")
        assert _run_until(again, function, call, "kill") == 9
        write_pages(NEW_PAGES, docs)  # the next normal build
        assert snapshot(docs) == {key.replace("reference", f"{function}-{call}"): value
                                  for key, value in expected.items()}, call
        write_pages(PAGES, again)  # or a build of the old seeds gives exactly the old site
        assert snapshot(again) == {key.replace("reference", f"{function}-{call}-back"): value
                                   for key, value in start.items()}, call
        call += 1
    assert call > 5


@pytest.mark.parametrize("how", ["term", "hup"])
def test_sigterm_and_sighup_mid_swap_roll_back_like_ctrl_c(tmp_path: Path, how: str) -> None:
    for call in range(1, 12):
        docs = _fresh(tmp_path, f"{how}-{call}")
        before = snapshot(docs)
        code = _run_until(docs, "replace", call, how)
        if code == 0:
            break
        assert code == 130, code
        assert snapshot(docs) == before, call  # nothing changed, no staging folder left
    else:
        pytest.fail("the write never finished")


@pytest.mark.parametrize("call", range(1, 12))
def test_ctrl_c_at_every_rename_leaves_docs_and_manifest_as_they_were(docs: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     call: int) -> None:
    write_pages(PAGES, docs)
    before = snapshot(docs)
    _fail_on_call(monkeypatch, os, "replace", call, KeyboardInterrupt())
    try:
        write_pages(NEW_PAGES, docs)
    except KeyboardInterrupt:
        assert snapshot(docs) == before
        assert read_manifest(docs) == tuple(sorted(PAGES))


def test_leftover_staging_without_a_plan_is_removed(docs: Path) -> None:
    from generator.write import STAGING_NAME

    write_pages(PAGES, docs)
    (docs / STAGING_NAME / "new").mkdir(parents=True)
    (docs / STAGING_NAME / "new" / "index.md").write_text("half written")
    write_pages(PAGES, docs)
    assert not (docs / STAGING_NAME).exists()


def test_second_build_at_the_same_time_fails_clearly(docs: Path) -> None:
    import fcntl

    write_pages(PAGES, docs)
    before = snapshot(docs)
    holder = os.open(docs, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="another build is writing into this folder"):
            write_pages(NEW_PAGES, docs)
    finally:
        os.close(holder)
    assert snapshot(docs) == before
    write_pages(NEW_PAGES, docs)  # the lock died with its holder


def test_every_rename_stays_inside_docs_so_a_mount_point_works(docs: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/ on its own file system failed with EXDEV: staging was made next to it."""
    write_pages(PAGES, docs)
    real = docs.resolve()
    original = os.replace
    moves: list[tuple[Path, Path]] = []

    def checked(source: object, target: object) -> None:
        moves.append((Path(source).resolve(), Path(target).resolve()))  # type: ignore[arg-type]
        original(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", checked)
    monkeypatch.setattr("tempfile.mkdtemp", lambda *a, **k: pytest.fail("staging outside docs"))
    write_pages(NEW_PAGES, docs)
    assert moves and all(s.is_relative_to(real) and t.is_relative_to(real) for s, t in moves)


def test_staging_folder_is_hidden_from_mkdocs() -> None:
    from mkdocs.structure.files import _default_exclude

    from generator.write import STAGING_NAME

    assert STAGING_NAME.startswith(".")
    assert _default_exclude.match_file(f"{STAGING_NAME}/new/index.md")


def test_manifest_and_symlinked_folder_cannot_make_a_build_delete_outside_docs(docs: Path,
                                                                               tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "victim.md").write_text("keep me\n")
    (docs / "link").symlink_to(outside, target_is_directory=True)
    write_pages(PAGES, docs)
    manifest = json.loads((docs / MANIFEST_NAME).read_text())
    manifest["files"].append("link/victim.md")
    (docs / MANIFEST_NAME).write_text(json.dumps(manifest))
    write_pages(PAGES, docs)
    assert (outside / "victim.md").read_text() == "keep me\n"
    assert "link/victim.md" not in read_manifest(docs)
    with pytest.raises(OutputError, match="leads outside"):
        write_pages({**PAGES, "link/new.md": "# New\n"}, docs)
    assert not (outside / "new.md").exists()


def test_rollback_that_cannot_finish_is_a_clear_error_and_is_retried(docs: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.write import STAGING_NAME

    write_pages(PAGES, docs)
    before = snapshot(docs)
    assert _run_until(docs, "replace", 4, "kill") == 9  # leaves a half swap and its plan
    _fail_on_call(monkeypatch, os, "replace", 1, OSError(errno.EIO, "I/O error"))
    with pytest.raises(OutputError, match="cannot roll back"):
        write_pages(PAGES, docs)
    monkeypatch.undo()
    write_pages(PAGES, docs)
    assert snapshot(docs) == before and not (docs / STAGING_NAME).exists()


def test_cli_turns_an_unforeseen_file_system_error_into_one_line(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli

    def failing(_args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", "docs/index.md")

    monkeypatch.setattr(cli, "_check", failing)
    assert cli.main(["check"]) == cli.EXIT_PROBLEMS
    error = capsys.readouterr().err
    assert error.strip() == ("generator: error: docs/index.md: Permission denied; check the file and "
                             "its permissions")
