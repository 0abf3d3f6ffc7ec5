"""Tuning knobs, with their defaults in one place.

Settings come from the ``generator`` plugin block of ``mkdocs.yml`` or from a
YAML file given to the CLI; anything not set keeps the default below.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option the pipeline reads; see the README's "Options" table."""

    summary_words: int = 200
    """Word budget of the consensus summary (it stops at the last whole sentence within it)."""
    min_support: int = 2
    """Sources that must report a fact before it can enter the consensus summary."""
    cluster_threshold: float = 0.38
    """Similarity above which two sentences from different sources report the same fact."""
    max_file_bytes: int = 2_000_000
    """Article files larger than this are refused (no real article comes close)."""
    max_story_files: int = 1000
    """Stories with more article files are refused before the files are read. The widest real story
    measured has 300 sources (one wire article carried by 300 outlets); 1,000 small files build in
    50 s and 1.0 GB on 2 cores (bench/limits.py), while 5,000 used to take 23 minutes and 13.9 GB."""
    max_story_sentences: int = 20_000
    """Stories with more sentences are refused before anything is computed. The largest story
    measured, 8 DUC 2006 topics in one story (200 sources), has about 6,000 sentences."""
    max_compared_sentences: int = 1500
    """At most this many distinct sentences of one story enter clustering and comparison, after
    near-duplicates are collapsed; a story over it is cut (lead sentences of every source first) with a
    notice. Chosen on the worst case, word salad where nearly every pair is similar (bench/limits.py,
    2 cores): 1,500 distinct sentences build in 63 s and 0.9 GB, 2,000 in 77 s and 1.3 GB; memory grows
    with the square. Real stories of one event stay far below (a DUC topic of 25 articles: about 1,100)."""

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None, *, origin: str) -> Settings:
        """Build settings from a mapping, refusing unknown keys and wrong types."""
        settings = cls()
        if not values:
            return settings
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: settings must be a mapping of option names to values")
        known = {field.name: field for field in fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in sorted(values.items()):
            if key not in known:
                raise ConfigError(
                    f"{origin}: unknown option {key!r}; known options are {', '.join(sorted(known))}"
                )
            default = getattr(settings, key)
            expected = type(default)
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or isinstance(value, bool):
                raise ConfigError(
                    f"{origin}: option {key!r} must be a {expected.__name__}, not {value!r}"
                )
            changes[key] = value
        result = replace(settings, **changes)
        result.validate(origin=origin)
        return result

    def validate(self, *, origin: str) -> None:
        """Refuse values that cannot work, naming the option."""
        if self.summary_words < 10:
            raise ConfigError(f"{origin}: summary_words must be at least 10")
        if self.min_support < 1:
            raise ConfigError(f"{origin}: min_support must be at least 1")
        if not 0.0 < self.cluster_threshold < 1.0:
            raise ConfigError(f"{origin}: cluster_threshold must be between 0 and 1")
        if self.max_file_bytes < 1000:
            raise ConfigError(f"{origin}: max_file_bytes must be at least 1000")
        for name in ("max_story_files", "max_story_sentences", "max_compared_sentences"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{origin}: {name} must be at least 1")
