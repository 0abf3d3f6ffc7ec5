"""Cleaning: separate an article's news text from its page furniture. (stub: to be replaced)"""

from __future__ import annotations

from .models import CleanedText


def clean_text(raw: str) -> CleanedText:
    """Return the article's news paragraphs and the metadata found in its text."""
    paragraphs = tuple(line.strip() for line in raw.splitlines() if line.strip())
    return CleanedText(paragraphs=paragraphs)
