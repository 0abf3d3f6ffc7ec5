"""Turning untrusted text into Markdown that can only ever show as text.

Everything a source file carries (sentences, headline, outlet, author, url, file
name) is untrusted: a page must never turn it into live HTML, a script, a
Markdown link, image, footnote, attribute list, table or admonition, or
Jinja2/MkDocs syntax. ``escape`` does this by writing every Markdown- or
HTML-significant ASCII character as an HTML numeric character reference
(``[`` becomes ``&#91;``): Python-Markdown passes references through untouched
and the browser shows the literal character, so no extension ever sees the
character it would act on. Whitespace is collapsed to single spaces so no text
can start a block (code block, list, heading, table row) of its own.

Markdown that the generator builds itself is wrapped in ``SafeMarkdown``; the
template environment escapes every other value (see ``generator.render``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

# ASCII characters that some Markdown extension, HTML, Jinja2 or MkDocs gives a
# meaning to wherever they stand. Left out on purpose because they mean nothing
# in any position: letters, digits, space, and , ; / @ ' % $ (an apostrophe
# only delimits a link title, which needs a "[" first; "{%" needs its "{").
_SIGNIFICANT = frozenset('\\`*_{}[]()#+<>&|~^:"=')

# Characters that only mean something at the start of a line ("- " list,
# "---" rule, "!!!" admonition, "???" details, "1." ordered list). A value never
# holds a line break, so only its first character can stand at a line start.
_SIGNIFICANT_AT_START = frozenset("-!?")

_ENTITY = {character: f"&#{ord(character)};" for character in _SIGNIFICANT | _SIGNIFICANT_AT_START | {"."}}

# "1. Text" starts an ordered list; escaping the dot after the leading digits is enough.
_LEADING_NUMBER = re.compile(r"^([0-9]+)\.(?= |$)")

_WHITESPACE = re.compile(r"\s+")

# Embedding, override and isolate controls can make text display in another
# order than it is stored ("Trojan Source", Boucher and Anderson 2021).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class SafeMarkdown(str):
    """Markdown built by the generator's own code from escaped parts: emitted as it is."""

    __slots__ = ()


def escape(text: object) -> SafeMarkdown:
    """Return ``text`` as Markdown that renders to exactly its visible characters.

    Control characters and bidi overrides are dropped, runs of whitespace (line
    breaks included) become one space, and every significant ASCII character
    becomes a numeric character reference (``-``, ``!``, ``?`` and a dot after
    leading digits only at the start, the one place they mean something).
    ``SafeMarkdown`` values are returned unchanged so that escaping twice is harmless.
    """
    if isinstance(text, SafeMarkdown):
        return text
    value = "".join(
        character for character in str(text)
        if character.isspace() or not _is_hidden_control(character)
    )
    value = _WHITESPACE.sub(" ", value).strip()
    escaped = "".join(
        _ENTITY[character]
        if character in _SIGNIFICANT or (position == 0 and character in _SIGNIFICANT_AT_START)
        else character
        for position, character in enumerate(value)
    )
    return SafeMarkdown(_LEADING_NUMBER.sub(lambda match: match.group(1) + "&#46;", escaped))


def _is_hidden_control(character: str) -> bool:
    """Control characters, lone surrogates and bidi overrides: invisible, or able to reorder text."""
    return unicodedata.category(character) in ("Cc", "Cs") or character in _BIDI_CONTROLS


def safe_url(url: str | None) -> str | None:
    """Return ``url`` percent-encoded if it is an absolute http(s) URL, else ``None``.

    Only these may become links: ``javascript:``, ``data:``, relative and
    protocol-relative URLs are shown as text by the caller instead. Characters
    that could end a Markdown link target or an HTML attribute are
    percent-encoded, so the result can be put between ``(`` and ``)`` as is.
    """
    if not url or not is_http_url(url.strip()):
        return None
    return quote(url.strip(), safe=":/?#@!$&*+,;=%~")


def is_http_url(url: str) -> bool:
    """Whether ``url`` is a plain http(s) address with a host: never javascript:, data: or relative."""
    if not url or any(character.isspace() or unicodedata.category(character) == "Cc" for character in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def url_label(url: str) -> str:
    """Return a short label for a link to ``url``: its host name (still to be escaped).

    Phones have no room for a full URL; the host says where the link goes.
    """
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def link(label: str, target: str, *, title: str | None = None,
         classes: tuple[str, ...] = (), described_by: str | None = None) -> SafeMarkdown:
    """Return a Markdown link to a target the generator built (a page path or safe URL).

    ``label`` and ``title`` are escaped; ``target`` must already be safe: a
    relative page path from ``page_path`` or a result of ``safe_url``.
    ``described_by`` is the id of an element that describes the link to screen
    readers (``aria-describedby``): an id the generator made, never source text.
    """
    if any(character in target for character in " ()<>\"'\\\n"):
        raise ValueError(f"unsafe link target: {target!r}")
    attributes = [f".{name}" for name in classes]
    if described_by:
        if not _PLAIN_ID.match(described_by):
            raise ValueError(f"unsafe element id: {described_by!r}")
        attributes.append(f'aria-describedby="{described_by}"')
    if title:
        # attr_list does not decode character references, so a title can only
        # be the generator's own plain words, never source text.
        if not _PLAIN_TITLE.match(title):
            raise ValueError(f"link titles must be plain words: {title!r}")
        attributes.append(f'title="{title}"')
    suffix = "{ " + " ".join(attributes) + " }" if attributes else ""
    return SafeMarkdown(f"[{escape(label)}]({target}){suffix}")


_PLAIN_TITLE = re.compile(r"^[A-Za-z0-9 ,.]+$")
_PLAIN_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def fenced_code(text: str, language: str) -> SafeMarkdown:
    """Return ``text`` as a fenced code block that shows it verbatim, whatever it holds.

    The fence is one backtick longer than the longest run of backticks in ``text``
    (three at least), so no line of the text can close it; inside the block Markdown
    and HTML are shown as written. ``language`` is the generator's own word (``sh``).
    """
    if not _PLAIN_ID.match(language):
        raise ValueError(f"unsafe code block language: {language!r}")
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return SafeMarkdown(f"{fence}{language}\n{text}\n{fence}")

