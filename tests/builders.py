"""Test builders: turn short strings into the pipeline's model objects."""

from __future__ import annotations

from generator.models import Sentence


def sentences(**by_source: list[str]) -> tuple[Sentence, ...]:
    """``sentences(a=["x.", "y."], b=["z."])`` -> Sentence objects, one paragraph per sentence."""
    return tuple(
        Sentence(source, index, index, text)
        for source, texts in sorted(by_source.items())
        for index, text in enumerate(texts)
    )
