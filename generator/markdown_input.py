"""Markdown article files to plain text: their words, none of their syntax.

Headings, list items and block quotes become paragraphs; link text is kept while
link targets, images, footnotes, inline HTML and emphasis marks go; tables, code
blocks and link definitions are dropped and listed as removed lines. A ``.txt``
file only loses the unambiguous constructs (images, link targets, autolinks).
Front matter is not read here: ``generator.metadata`` splits it off first.
Every pattern is linear in the length of a line (see ``tests/test_linear_patterns.py``).
"""

from __future__ import annotations

import re
from html import unescape

from .models import RemovedLine

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]{1,200})\]:[ \t]*\S")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\n]{1,100}\]:")

# Each pattern below starts only at the start of a run of its opening character (a code span
# at a maximal backtick run, as CommonMark says; link text holds no "["), so a line of
# 200,000 backticks or brackets costs one scan instead of 2,000 characters per position.
_INLINE_CODE = re.compile(r"(?<!`)(`+)([^`]{1,2000}?)\1")
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,2000}\](?:\((?:[^()\n]|\([^()\n]*\)){0,2000}\)|\[[^\]\n]{0,200}\])?")
_LINK = re.compile(r"\[([^\[\]\n]{0,2000})\]\((?:[^()\n]|\([^()\n]*\)){0,2000}\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]{1,2000})\]\[([^\]\n]{0,200})\]")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\n]{1,100}\]")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto|javascript|data):[^<>\s]{0,2000}>|<[^<>\s@]{1,200}@[^<>\s@]{1,200}>",
                       re.IGNORECASE)
_HTML_COMMENT_START = "<!--"
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,40}(?:\s[^<>]{0,2000})?/?>")
# A backslash before a mark escapes it (\*not emphasis\*), so none of these start or end at one.
_STRONG = re.compile(r"(?<!\\)(\*\*|__|~~|==)(?=\S)([^\n]{1,500}?)(?<=[^\s\\])\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]{1,500}?)(?<=[^\s*\\])\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_\\])_(?=[^\s_])([^_\n]{1,500}?)(?<=[^\s_\\])_(?![\w_])")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_to_text(markdown: str) -> tuple[str, tuple[RemovedLine, ...]]:
    """Return the words of a Markdown document as plain paragraphs, and the lines dropped.

    Headings, list items and block quotes become paragraphs of their own; the
    wrapped lines of a paragraph are joined. Link text is kept while link targets,
    images, footnote markers, inline HTML and emphasis marks are dropped; tables,
    code blocks and link definitions are dropped and listed as removed lines, so no
    Markdown syntax from a source can reach a sentence of the site.
    """
    lines = _strip_html_comments(markdown).split("\n")
    removed: list[RemovedLine] = []
    labels: set[str] = set()
    paragraphs: list[list[str]] = []
    current: list[str] = []

    def end_paragraph() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = []

    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            elif line.strip():
                removed.append(RemovedLine(line.strip(), "Markdown code block"))
            index += 1
            continue
        fence_match = _FENCE.match(line)
        if fence_match:
            end_paragraph()
            fence = fence_match.group(1)
            index += 1
            continue
        if not line.strip():
            end_paragraph()
            index += 1
            continue
        if ("|" in line and index + 1 < len(lines) and "|" in lines[index + 1]
                and "-" in lines[index + 1] and _TABLE_SEPARATOR.match(lines[index + 1])):
            end_paragraph()
            while index < len(lines) and lines[index].strip() and "|" in lines[index]:
                if not _TABLE_SEPARATOR.match(lines[index]):
                    removed.append(RemovedLine(lines[index].strip(), "Markdown table"))
                index += 1
            continue
        if _FOOTNOTE_DEFINITION.match(line):
            end_paragraph()
            removed.append(RemovedLine(line.strip(), "Markdown footnote"))
            index += 1
            continue
        definition = _DEFINITION.match(line)
        if definition:
            end_paragraph()
            labels.add(" ".join(definition.group(1).lower().split()))
            removed.append(RemovedLine(line.strip(), "Markdown link definition"))
            index += 1
            continue
        if current and _SETEXT_UNDERLINE.match(line) and not _LIST_ITEM.match(line.strip() + " "):
            end_paragraph()
            index += 1
            continue
        if _THEMATIC_BREAK.match(line):
            end_paragraph()
            index += 1
            continue
        heading = _ATX_HEADING.match(line)
        if heading:
            end_paragraph()
            current = [heading.group(1) or ""]
            end_paragraph()
            index += 1
            continue
        line = _BLOCKQUOTE.sub("", line)
        item = _LIST_ITEM.match(line)
        if item:
            end_paragraph()
            line = line[item.end():]
        current.append(line.strip())
        index += 1
    end_paragraph()

    texts = []
    for paragraph in paragraphs:
        text = _markdown_inline(" ".join(part for part in paragraph if part), labels)
        if text:
            texts.append(text)
    return "\n\n".join(texts), tuple(removed)


def strip_inline_markdown(text: str) -> str:
    """Return ``text`` with Markdown images, link targets and autolinks taken out.

    Used on ``.txt`` files, whose lines are otherwise left to ``clean_text``: these
    constructs are unambiguous, and a link target or image must never reach a
    sentence.
    """
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    return _AUTOLINK.sub("", text)


def _markdown_inline(text: str, labels: set[str]) -> str:
    text = _INLINE_CODE.sub(lambda match: match.group(2).strip(), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    if labels:
        text = re.sub(r"\[([^\]\n]{1,200})\](?![(\[:])",
                      lambda m: m.group(1) if " ".join(m.group(1).lower().split()) in labels else m.group(0),
                      text)
    text = _FOOTNOTE_REFERENCE.sub("", text)
    text = _AUTOLINK.sub("", text)
    text = _INLINE_TAG.sub(" ", text)
    for _round in range(2):  # ***both*** takes two passes
        text = _STRONG.sub(r"\2", text)
        text = _EMPHASIS_STAR.sub(r"\1", text)
        text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = unescape(text)
    return " ".join(text.split())


def _strip_html_comments(text: str) -> str:
    # A find loop rather than a regex: linear even when a comment is never closed.
    if _HTML_COMMENT_START not in text:
        return text
    parts = []
    position = 0
    while True:
        start = text.find(_HTML_COMMENT_START, position)
        if start < 0:
            parts.append(text[position:])
            break
        end = text.find("-->", start + 4)
        parts.append(text[position:start])
        if end < 0:
            break
        position = end + 3
    return "".join(parts)
