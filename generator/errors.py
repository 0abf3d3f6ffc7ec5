"""The generator's errors: one small hierarchy, each message names the file and what to do."""

from __future__ import annotations

from pathlib import Path


class GeneratorError(Exception):
    """Base class of every error the generator reports to a person."""


class InputError(GeneratorError):
    """A story folder or article file cannot be used as it is."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(GeneratorError):
    """A settings file or option is invalid."""


class OutputError(GeneratorError):
    """The generated pages could not be written."""


class FetchError(GeneratorError):
    """A web address could not be fetched or gave no usable article or feed."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


def printable_path(path: Path | str) -> str:
    """The path as text safe to print and to write as UTF-8 (undecodable bytes become escapes)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")
