"""Slugs: the lower-case ASCII names that stories and sources take in URLs and file names.

Three functions, one contract each:

- ``slugify`` turns a title or file name into a readable slug (``a-z``, ``0-9``
  and ``-``), transliterating accents and giving non-Latin titles a stable hash;
- ``page_slug`` turns any name into a safe URL path segment (``a-z 0-9 . _ -``),
  the last guard before a name becomes part of a page path or link target;
- ``unique_slugs`` numbers clashing slugs ``-2``, ``-3``, ... in input order,
  without ever taking a slug some other item holds by itself.

Every slug of the site goes through these: ``generator.folders`` names stories and
sources with them, ``generator.render`` makes page paths with them, and the
``add`` and ``fetch`` commands name new files and folders with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

SLUG_MAX_LENGTH = 60

_TRANSLITERATION = str.maketrans({
    # Letters NFKD does not decompose into an ASCII base letter plus marks.
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng", "Ŋ": "NG", "ſ": "s",
    # Apostrophes join a word ("it's" -> "its") rather than split it.
    "'": "", "’": "", "ʼ": "",
})


def slugify(text: str, *, fallback: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Return a lower-case ASCII slug of ``text`` for URLs and file names.

    Accents are transliterated through Unicode NFKD (é -> e) and a small table
    (ß -> ss). When most letters have no Latin form (Cyrillic, Chinese, Arabic ...),
    a short hash of the text is appended, or is the whole slug with ``fallback`` in
    front, so different titles still get different, stable slugs.
    """
    normal = unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFKD", normal.translate(_TRANSLITERATION))
    latin = "".join(char for char in decomposed if char.isascii())
    foreign_letters = sum(1 for char in decomposed
                          if not char.isascii() and unicodedata.category(char).startswith("L"))
    latin_letters = sum(1 for char in latin if char.isalpha())
    slug = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2:] else cut).strip("-")
    digest = hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not slug:
        return f"{fallback}-{digest}"
    if foreign_letters > latin_letters:
        return f"{slug}-{digest}"
    return slug


_PAGE_SLUG_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_SAFE_PAGE_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def page_slug(name: str) -> str:
    """Return ``name`` as a lower-case URL path segment of ``a-z 0-9 . _ -`` only.

    Names are untrusted: this keeps page paths and link targets free of
    characters that Markdown, HTML or a web server would interpret. Names with
    nothing usable left become ``item``. A ``slugify`` result is returned unchanged.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _PAGE_SLUG_UNSAFE.sub("-", ascii_name.lower()).strip("-._")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug if _SAFE_PAGE_SLUG.match(slug) else "item"


def unique_slugs(bases: Sequence[str], *, reserved: Iterable[str] = ()) -> tuple[str, ...]:
    """Return ``bases`` made unique, in the same order.

    The first item holding a base keeps it; later ones get the first free
    ``<base>-2``, ``<base>-3``, ... A suffix never takes a slug some other item
    holds naturally, so adding a file never renames an unrelated one. A base in
    ``reserved`` is never kept as it is (``index`` would clash with a story's own page).
    """
    reserved_set = frozenset(reserved)
    taken = set(bases) | reserved_set
    claimed: set[str] = set()
    result = []
    for base in bases:
        if base not in claimed and base not in reserved_set:
            claimed.add(base)
            result.append(base)
            continue
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        slug = f"{base}-{number}"
        taken.add(slug)
        claimed.add(slug)
        result.append(slug)
    return tuple(result)
