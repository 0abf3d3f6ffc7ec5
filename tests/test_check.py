"""``generator check``: every problem in a seeds folder, errors and warnings, nothing written."""

from __future__ import annotations

from pathlib import Path

from generator.check import check_seeds, has_errors
from generator.cli import main
from generator.models import Problem
from generator.settings import Settings

ARTICLE = ("The city council approved the new budget on Tuesday after a long debate. "
           "Members voted nine to four in favour of the plan.\n\n"
           "The mayor said the money would pay for repairs to three bridges.\n")


ERROR = "error: "
WARNING = "warning: "


def lines(problems: list[Problem]) -> list[str]:
    """The problems as ``generator check`` prints them (after ``generator: ``)."""
    return [f"{problem.kind}: {problem}" for problem in problems]


def write(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() if path.is_file() else b""
            for path in sorted(root.rglob("*"))}


def good_seeds(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    for story in ("one", "two"):
        write(seeds / story, "a.txt", ARTICLE)
        write(seeds / story, "b.txt", ARTICLE.replace("Tuesday", "Monday"))
    return seeds


def test_clean_seeds_have_no_problems(tmp_path: Path) -> None:
    assert check_seeds(good_seeds(tmp_path), Settings()) == []


def test_missing_seeds_folder_is_one_error(tmp_path: Path) -> None:
    problems = lines(check_seeds(tmp_path / "missing", Settings()))
    assert len(problems) == 1
    assert problems[0].startswith(ERROR) and "missing: seeds folder not found" in problems[0]


def test_every_error_in_every_story_is_reported(tmp_path: Path) -> None:
    seeds = good_seeds(tmp_path)
    write(seeds / "one", "photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    write(seeds / "one", "bad.md", "---\ntitle: [\n---\n" + ARTICLE)
    write(seeds / "two", "story.yml", "sources:\n  nothing.txt: {}\n")
    write(seeds / "two", "big.txt", "word " * 400)
    write(seeds / "three", "readme.pdf", b"%PDF-1.4")
    found = check_seeds(seeds, Settings(max_file_bytes=1000))
    problems = lines(found)
    errors = [p for p in problems if p.startswith(ERROR)]
    assert len(errors) == 5
    for fragment in ("one/bad.md: front matter is not valid YAML", "one/photo.txt: looks like a binary file",
                     "two/story.yml: sources: 'nothing.txt' names no file", "two/big.txt: is larger than",
                     "three: no article files"):
        assert sum(fragment in error for error in errors) == 1, fragment
    assert any(p.startswith(WARNING) and "readme.pdf" in p for p in problems)
    assert has_errors(found)


def test_warnings_alone_are_not_errors(tmp_path: Path) -> None:
    seeds = good_seeds(tmp_path)
    write(seeds / "one", "empty.txt", b"")
    write(seeds / "one", "notes.odt", b"PK\x03\x04")
    write(seeds / "two", "c.md", "---\nurl: javascript:alert(1)\nmood: happy\n---\n" + ARTICLE + "\nMore text here.\n")
    found = check_seeds(seeds, Settings())
    problems = lines(found)
    assert problems and all(p.startswith(WARNING) for p in problems)
    assert not has_errors(found)
    text = "\n".join(problems)
    for fragment in ("one/empty.txt: is empty", "one/notes.odt: ignored", "two/c.md: front matter: url",
                     "two/c.md: front matter: unknown key 'mood'"):
        assert fragment in text


def test_too_few_sources_for_min_support_is_a_warning(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write(seeds / "lonely", "a.txt", ARTICLE)
    problems = lines(check_seeds(seeds, Settings()))
    assert problems == [f"{WARNING}{seeds / 'lonely'}: has 1 usable article(s) but min_support is 2, so no fact "
                        "can reach the consensus summary; add more sources"]


def test_slug_collision_is_a_warning(tmp_path: Path) -> None:
    seeds = good_seeds(tmp_path)
    write(seeds / "two", "story.yml", "title: One\n")
    problems = lines(check_seeds(seeds, Settings()))
    assert len(problems) == 1
    assert problems[0].startswith(WARNING) and "story slug 'one' is already used by" in problems[0]


def test_check_writes_nothing(tmp_path: Path) -> None:
    seeds = good_seeds(tmp_path)
    write(seeds / "one", "c.md", "# Heading\n\n" + ARTICLE)
    before = snapshot(tmp_path)
    check_seeds(seeds, Settings())
    assert snapshot(tmp_path) == before


def test_cli_prints_errors_without_a_traceback(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    seeds = good_seeds(tmp_path)
    write(seeds / "one", "photo.txt", b"\x89PNG\r\n\x1a\n")
    assert main(["check", "--seeds", str(seeds)]) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "photo.txt: looks like a binary file" in err
    assert "Traceback" not in err


def test_a_problem_is_a_record_printed_as_one_line() -> None:
    problem = Problem("seeds/x/a.txt", "is empty; skipped")
    assert problem.kind == "warning" and str(problem) == "seeds/x/a.txt: is empty; skipped"
    assert not has_errors([problem]) and has_errors([problem, Problem("seeds/x", "no article files", "error")])


def test_cli_prints_each_problem_with_its_kind_and_counts_them(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    seeds = good_seeds(tmp_path)
    write(seeds / "one", "photo.txt", b"\x89PNG\r\n\x1a\n")
    write(seeds / "one", "empty.txt", b"")
    assert main(["check", "--seeds", str(seeds)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"generator: error: {seeds / 'one' / 'photo.txt'}: looks like a binary file (a PNG image), not an " \
        "article; save the article as plain text (.txt) or Markdown (.md)" in err
    assert f"generator: warning: {seeds / 'one' / 'empty.txt'}: is empty; skipped" in err
    assert err[-1] == "generator: 1 error(s), 1 warning(s)"
