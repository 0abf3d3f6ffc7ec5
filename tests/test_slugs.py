"""Slugs: readable, stable, safe as path segments, and unique without renaming anyone else."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.slugs import page_slug, slugify, unique_slugs


def test_slugify_transliterates_and_hashes_non_latin() -> None:
    assert slugify("Überraschung in Köln: “Straße” œuvre", fallback="story") == "uberraschung-in-koln-strasse-oeuvre"
    assert slugify("It's the mayor’s plan", fallback="story") == "its-the-mayors-plan"
    russian = slugify("Выборы в Москве", fallback="story")
    assert russian.startswith("story-") and len(russian) == len("story-") + 8
    assert russian == slugify("Выборы в Москве", fallback="story")
    assert russian != slugify("Выборы в Киеве", fallback="story")
    assert slugify("2024 选举结果公布", fallback="story").startswith("2024-")
    assert slugify("!!!", fallback="source").startswith("source-")
    long_slug = slugify("word " * 40, fallback="story")
    assert len(long_slug) <= 60 and not long_slug.endswith("-")


def test_unique_slugs_is_deterministic_and_never_steals_a_natural_slug() -> None:
    assert unique_slugs(["a", "a", "a-2", "b"]) == ("a", "a-3", "a-2", "b")
    assert unique_slugs(["index", "x"], reserved={"index"}) == ("index-2", "x")


@pytest.mark.parametrize("name, slug", [
    ("000_1fbcdd156a88098c", "000_1fbcdd156a88098c"),
    ("Only Source", "only-source"),
    ("../../etc/passwd", "etc-passwd"),
    ("<script>alert(1)</script>", "script-alert-1-script"),
    ("Café Müller", "cafe-muller"),
    ("...", "item"),
    ("", "item"),
])
def test_page_slug_is_a_plain_path_segment(name: str, slug: str) -> None:
    assert page_slug(name) == slug
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", page_slug(name))


def test_unique_page_slugs_number_collisions_in_input_order() -> None:
    assert unique_slugs([page_slug(name) for name in ("A", "a", "a!", "b")]) == ("a", "a-2", "a-3", "b")


@given(st.text())
def test_a_slugify_result_is_already_a_page_slug(text: str) -> None:
    slug = slugify(text, fallback="story")
    assert page_slug(slug) == slug


@given(st.lists(st.sampled_from(["a", "a-2", "a-3", "b", "index"]), max_size=8))
def test_unique_slugs_are_unique_and_keep_every_first_natural_slug(bases: list[str]) -> None:
    slugs = unique_slugs(bases, reserved={"index"})
    assert len(set(slugs)) == len(slugs) == len(bases)
    for position, base in enumerate(bases):
        if base != "index" and base not in bases[:position]:
            assert slugs[position] == base
        assert "index" != slugs[position]
