"""Bounded work for any story within the limits (issue 13, item 1): limits, near-duplicate collapse, cap."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from builders import sentences as make_sentences

from generator.check import check_seeds
from generator.folders import read_story
from generator.limits import bound_sentences, story_limit_problem
from generator.models import Sentence
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings()
VOCABULARY = "the police said on monday that officers had found a car near river bridge".split()


def _salad(count: int, seed: int = 13) -> list[str]:
    chooser = random.Random(seed)
    return [" ".join(chooser.choice(VOCABULARY) for _ in range(chooser.randint(8, 14))).capitalize() + "."
            for _ in range(count)]


def test_story_within_the_cap_passes_through_unchanged() -> None:
    given = make_sentences(a=["One fact here.", "Two facts here."], b=["One fact here!", "Other."])
    bounded = bound_sentences(given, SETTINGS, label="seeds/x")
    assert bounded.sentences == given and bounded.notices == ()


def test_near_duplicates_collapse_before_the_cap() -> None:
    base = "Officers found the stolen car near the river bridge on Monday night"
    texts = [f"{base}, police said.", f"{base}, the police said.", f"{base}, police say.", "Something else entirely."]
    given = make_sentences(a=texts)
    bounded = bound_sentences(given, replace(SETTINGS, max_compared_sentences=2), label="seeds/x")
    assert [s.text for s in bounded.sentences] == [texts[0], texts[3]]
    assert any("nearly repeat" in notice and "2 sentences" in notice for notice in bounded.notices)


def test_cap_keeps_lead_sentences_of_every_source_and_every_copy_of_a_kept_wording() -> None:
    texts = _salad(30)
    given = make_sentences(a=texts[:10], b=texts[10:20], c=texts[20:] + [texts[0]])
    settings = replace(SETTINGS, max_compared_sentences=6)
    bounded = bound_sentences(given, settings, label="seeds/x")
    kept = {(s.source, s.index) for s in bounded.sentences}
    assert {("a", 0), ("b", 0), ("c", 0), ("a", 1), ("b", 1), ("c", 1)} <= kept
    assert ("c", 10) in kept  # an exact copy of a's first sentence costs nothing downstream
    assert len({s.text for s in bounded.sentences}) <= 6
    assert any("only the first 6" in notice and "max_compared_sentences" in notice for notice in bounded.notices)
    assert list(bounded.sentences) == [s for s in given if (s.source, s.index) in kept]  # input order kept


def test_bounding_is_deterministic_and_linear_in_sentences() -> None:
    given = tuple(Sentence("a", i, i, text) for i, text in enumerate(_salad(5000)))
    settings = replace(SETTINGS, max_compared_sentences=100)
    first = bound_sentences(given, settings, label="x")
    assert first == bound_sentences(given, settings, label="x")
    assert len({s.text.casefold() for s in first.sentences}) <= 100


def test_hard_limits_name_the_option() -> None:
    assert story_limit_problem(10, 10, SETTINGS) is None
    files = story_limit_problem(1001, 0, SETTINGS)
    sentences = story_limit_problem(1, 20_001, SETTINGS)
    assert files and "1,001 article files" in files and "max_story_files" in files
    assert sentences and "20,001 sentences" in sentences and "max_story_sentences" in sentences


def _story_folder(tmp_path: Path, files: int, sentences_per_file: int) -> Path:
    folder = tmp_path / "seeds" / "big"
    folder.mkdir(parents=True)
    texts = _salad(files * sentences_per_file)
    for number in range(files):
        chunk = texts[number * sentences_per_file:(number + 1) * sentences_per_file]
        (folder / f"{number:03d}.txt").write_text("\n\n".join(chunk) + "\n")
    return folder


def test_check_reports_too_many_files_and_sentences_before_a_build(tmp_path: Path) -> None:
    _story_folder(tmp_path, 6, 5)
    few_files = replace(SETTINGS, max_story_files=5)
    problems = check_seeds(tmp_path / "seeds", few_files)
    assert any(p.kind == "error" and "6 article files" in str(p) for p in problems)
    few_sentences = replace(SETTINGS, max_story_sentences=20)
    report = read_story(tmp_path / "seeds" / "big", few_sentences)
    assert report.story is None and "30 sentences" in str(report.errors[0])


def test_build_over_a_limit_stops_with_one_clear_line(tmp_path: Path) -> None:
    _story_folder(tmp_path, 3, 4)
    config = tmp_path / "config.yml"
    config.write_text("max_story_sentences: 10\n")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--seeds", str(tmp_path / "seeds"),
                             "--docs", str(tmp_path / "docs"), "--config", str(config), "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "12 sentences" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "docs").exists()


def test_story_over_the_cap_is_built_with_a_notice_and_every_kept_sentence_in_one_cluster() -> None:
    from generator.models import Article, Source, StoryInput
    from generator.pipeline import build_story

    texts = _salad(40)
    articles = tuple(Article(Source(name, name, f"{name}.txt"), tuple(texts[start:start + 20]))
                     for name, start in (("a", 0), ("b", 20)))
    story = build_story(StoryInput("big", "Big", Path("seeds/big"), articles),
                        replace(SETTINGS, max_compared_sentences=12))
    assert any("only the first 12" in notice for notice in story.notices)
    members = [member for item in story.clusters for member in item.members]
    assert sorted(members, key=lambda s: s.id) == sorted(story.sentences, key=lambda s: s.id)
    assert len({s.text for s in story.sentences}) <= 12
