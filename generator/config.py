"""Loading settings from a YAML file or from the generator block of mkdocs.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .settings import Settings

MKDOCS_CONFIG = Path("mkdocs.yml")


class _PermissiveLoader(yaml.SafeLoader):
    """A safe loader that ignores MkDocs' ``!ENV`` and ``!!python/name`` tags (not settings)."""


_PermissiveLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_PermissiveLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_settings(path: Path | None) -> Settings:
    """Return settings from ``path`` (a plain YAML mapping), or from mkdocs.yml's plugin block."""
    if path is not None:
        return Settings.from_mapping(_read_yaml(path), origin=str(path))
    if MKDOCS_CONFIG.is_file():
        return Settings.from_mapping(_plugin_block(_read_yaml(MKDOCS_CONFIG)), origin=str(MKDOCS_CONFIG))
    return Settings()


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read settings file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: settings file is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_PermissiveLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: invalid YAML: {error}") from None


def _plugin_block(config: Any) -> dict[str, Any] | None:
    """The options given to the ``generator`` plugin in an mkdocs.yml mapping."""
    if not isinstance(config, dict):
        return None
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "generator" in entry:
            options = entry["generator"] or {}
            if not isinstance(options, dict):
                raise ConfigError("mkdocs.yml: the generator plugin's options must be a mapping")
            return {key: value for key, value in options.items() if key not in PLUGIN_ONLY_OPTIONS}
    return None


PLUGIN_ONLY_OPTIONS = frozenset({"seeds", "templates", "enabled"})
"""Plugin options that tell MkDocs where things are; they are not pipeline settings."""
