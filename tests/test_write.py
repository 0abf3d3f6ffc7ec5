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
