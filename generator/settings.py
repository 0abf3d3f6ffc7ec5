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

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None, *, origin: str) -> "Settings":
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
