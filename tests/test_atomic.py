"""Atomic writes: the target is either as it was or completely new, and nothing is left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.atomic import atomic_writer, write_bytes_atomic


def test_writes_a_new_file_and_replaces_an_existing_one(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    write_bytes_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    write_bytes_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in tmp_path.iterdir()] == ["page.md"]


def test_a_failed_write_leaves_the_target_as_it_was_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write(b"half of the new")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["page.md"]


def test_the_partial_file_is_hidden_and_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    with atomic_writer(target) as stream:
        partial = [path for path in tmp_path.iterdir()]
        stream.write(b"x")
    assert len(partial) == 1 and partial[0].parent == tmp_path and partial[0].name.startswith(".page.md.")


def test_the_file_gets_the_permissions_of_a_plain_write(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_bytes_atomic(tmp_path / "atomic", b"x")
        (tmp_path / "plain").write_bytes(b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "atomic").stat().st_mode) == stat.S_IMODE((tmp_path / "plain").stat().st_mode)


def test_a_missing_folder_raises_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_bytes_atomic(tmp_path / "missing" / "page.md", b"x")
    assert not (tmp_path / "missing").exists()
