"""Offline sentence splitting. (stub: to be replaced)"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Article, Sentence


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Return the sentences of one paragraph, each a verbatim, stripped substring of it."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph.strip())
    return tuple(part.strip() for part in parts if part.strip())


def segment(articles: Sequence[Article]) -> tuple[Sentence, ...]:
    """Return every sentence of every article, in article order then text order."""
    sentences: list[Sentence] = []
    for article in articles:
        index = 0
        for paragraph_index, paragraph in enumerate(article.paragraphs):
            for text in split_sentences(paragraph):
                sentences.append(Sentence(article.source.id, index, paragraph_index, text))
                index += 1
    return tuple(sentences)
