"""Cleaning: separate an article's news text from its page furniture.

A scraped or pasted article carries, around its news paragraphs, whatever the
page showed: headline, byline, dateline, photo captions and credits, share and
newsletter prompts, related links, comment forms, agency credits, reader FAQs.
None of that may reach the summary or the differences, yet none of it may be
silently lost either: every dropped line is kept in ``CleanedText.removed``
with the rule that dropped it, and the headline, author, outlet and date are
lifted into metadata.

The rules are general, so they work on outlets never seen:

1. **Line rules** (``LINE_RULES``, an ordered table: name, reason, pattern,
   word limits, condition) look at one line: marker words at the line start
   ("Image source", "Sign up", "Related", "By ..."), a photo credit at the line
   end ("... Photo: Name/Agency", "REUTERS/Name"), whole-line shapes (a date
   and nothing else, a social post signature "— Name (@handle) May 1, 2020",
   a line in capitals, a line that is only a URL prompt).
2. **Block rules** (``BLOCK_RULES``, the same kind of table) follow a marker
   to the lines it governs: the caption after a caption marker ("image
   description,"), the questions and answers after a "FAQ" heading, the link
   titles after "Related Posts", the form after "Leave a Reply".
3. **Shape rules** use position and punctuation: before the first sentence of
   the body, the first short line without a final full stop is the headline
   and the other short unpunctuated lines are standfirsts or captions; inside
   the body a very short unpunctuated line is a subheading.

Real sentences that merely mention a marker word ("... shared a photo on
Twitter") survive because the markers are anchored to the line start or end
and most rules only fire on short lines. A file in which no line has sentence
punctuation keeps its text: the shape rules are switched off for it, and
cleaning never returns zero paragraphs for a file that has text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .lexicon import (
    ADVERT_LINES,
    CREDIT_LOWERCASE_WORDS,
    MONTH_ABBREVIATIONS,
    MONTH_NUMBERS,
    MONTHS,
    NAME_CONNECTORS,
    NEWSROOM_ROLES,
    SHARE_BUTTONS,
    SHARE_ROW_WORDS,
    TIME_ZONES,
)
from .models import CleanedText, RemovedLine
from .segment import sentence_spans
from .tokenizer import words

# --- Shapes -----------------------------------------------------------------

# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes
# or brackets; a line ending in a closing quote is quoted speech, which is text.
_TERMINAL = re.compile(r"""[.!?…]['"’”)\]]*\s*$""")
# A line ending in a closing quote is quoted speech when it is long; a short one is a pull quote.
_QUOTE_END = re.compile(r"""[,;]?['"’”]\s*$""")
# Both patterns run on every line, so each can only start where a run of its characters
# starts (a lookbehind) and eats that run without giving any back (possessive ``++``):
# linear in the line's length. "\b[\w-]+\." tried from every letter of "a-a-a-..." was
# quadratic (4 minutes on a 200,000-character token).
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w-])[\w-]++\.(?:com|co\.uk|org|net|ly|rs|ws|co|news)/\S*"
                  r"|\bt\.co/\S+", re.I)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,30}\b")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+\b")

_MONTHS = "|".join(MONTHS + MONTH_ABBREVIATIONS)
_TIME_ZONES = "|".join(TIME_ZONES)
# Tokens a line that is "only a date or time" may consist of.
_DATE_TOKEN = re.compile(
    rf"""^(?:
        (?:{_MONTHS})\.?
      | (?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?
      | \d{{1,4}}(?:st|nd|rd|th)?
      | \d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:am|pm)?
      | \d{{4}}-\d{{2}}-\d{{2}}(?:t[\d:.]+z?)?
      | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
      | a\.?m\.? | p\.?m\.? | noon | midnight
      | {_TIME_ZONES}
      | at | on | updated | published | posted | modified | last | first | local | time
    )$""",
    re.I | re.X,
)
_HAS_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?",
    re.I,
)
_AGE_TOKEN = re.compile(r"ago|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|an?|one|yesterday|today|by", re.I)
_FULL_DATE = (
    re.compile(rf"\b(?P<month>{_MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTHS})\.?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)

# A byline: a marker, then names (capitalised words, initials, "and", "&", commas).
_BYLINE = re.compile(r"^[-–—•|*\s]*(?:by|written by|words by|reported by|story by|text by|author:?)\s+(?P<names>\S.*)$", re.I)
_AGENCY_WORDS = re.compile(
    r"(?:getty images(?: plus)?|ap photo|ap images|associated press|reuters|afp|epa(?:-efe)?|shutterstock|istock(?:photo)?"
    r"|alamy(?: stock photo)?|pa (?:images|wire|media)|bloomberg|xinhua|anadolu|zuma(?: press)?|sipa|nurphoto|efe|imago|handout"
    r"|stock photo|file photo|file|supplied|ap)\b",
    re.I,
)
# Agencies whose name alone after a caption marks a photo credit (news agencies also appear in text).
_PHOTO_AGENCY = re.compile(
    r"\b(?:getty images(?: plus)?|ap photo|ap images|shutterstock|istock(?:photo)?|alamy(?: stock photo)?|stock photo"
    r"|afp(?: via getty images)?|reuters|ap|epa(?:-efe)?|pa (?:images|wire))\b", re.I)
_CAPTION_MARKER_ONLY = re.compile(
    r"^(?:image|photo|picture|media|video)?\s*(?:caption|description)\s*[,:]?$|^(?:image|photo) description\s*[,:]?$", re.I)
_FAQ_QUESTION = re.compile(r"^(?:q\s*[:.)\-–]|question\s*\d*\s*[:.])\s*", re.I)
_FAQ_ANSWER = re.compile(r"^(?:a\s*[:.)\-–]|answer\s*\d*\s*[:.])\s*", re.I)
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s+\(@\w{1,30}\))?\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,5}"
    r"(?:" + "|".join(NEWSROOM_ROLES) + r")\b"
    # A full name (two words at least) who lives somewhere and writes about something.
    r"|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}(?:\s+\(@\w{1,30}\))?\s+(?:[\w,-]+\s+){0,8}?(?:where|and)\s+"
    r"(?:(?:she|he|they)\s+)?writes?\s+(?:about|on)\b")
# "Label:Headline" glued without a space is how some sites print teaser links.
_GLUED_LINK = re.compile(r"""^\S.{0,70}?[^\s\d:/]:['"‘“]?[A-Z]""")
_LABEL_VALUE = re.compile(r"^[^:]{2,60}:\s+\S*\d")
# A dateline that opens the first paragraph: a place in capitals ("WASHINGTON",
# "NEW DELHI", "ST. LOUIS"), optionally a region or date after a comma
# ("Calif.", "March 3"), optionally an agency in brackets, then a dash, a wire
# underscore or a colon, and a sentence that starts with a capital or a quote.
_INLINE_DATELINE = re.compile(
    r"""^(?P<dateline>(?:[A-Z][A-Z.'’-]+\s+){0,3}[A-Z][A-Z.'’-]*[A-Z.]"""
    r"""(?:,\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,2})?"""
    r"""(?:\s*\([^()]{1,40}\))?\s*(?:--?|[—–―_:])\s*)"""
    r"""(?=["“‘'A-Z0-9])"""
)
# An outlet or agency credit in brackets that opens the first paragraph: "(CNN) Former ...".
_INLINE_CREDIT = re.compile(r"""^(?P<dateline>\((?:[A-Z][\w.&'’-]*)(?:\s+[A-Z][\w.&'’-]*){0,3}\)\s*(?:(?:--?|[—–―_:])\s*)?)(?=["“‘'A-Z0-9])""")


# --- Limits of the block and shape rules ---------------------------------------
#
# The block rules (a marker and the lines it governs) and the shape rules (position
# and punctuation) are code below; the numbers they stop at are here, with what each
# one separates. Word counts are those of ``_words``.

# A date line is a date, a time, a zone and a few words such as "Updated" or "at"; twelve tokens hold
# "Published: Sunday, 24 September 2023, 4:40 p.m. BST" and are fewer than any sentence giving a date.
_DATE_LINE_MAX_TOKENS = 12
# The caption a caption marker ("image description,") introduces is one or two sentences at the most.
_MARKED_CAPTION_MAX_WORDS = 40
# The unpunctuated caption after an "Image source" credit is a phrase.
_CREDITED_CAPTION_MAX_WORDS = 30
# A "Related Posts" heading is a few words; only after such a heading do the link titles follow.
_LINK_HEADING_MAX_WORDS = 4
# A link title under a "Related" heading is a headline; a longer unpunctuated line ends the list.
_LINK_TITLE_MAX_WORDS = 20
# A reader's question under a FAQ heading is one sentence.
_FAQ_QUESTION_MAX_WORDS = 25
# "Jane Roe" / "DAILY PAPER" at the very top: a name line of two to seven words ...
_TOP_NAME_MAX_WORDS = 7
# ... over an outlet line of at most four capitalised words.
_TOP_OUTLET_MAX_WORDS = 4
# The desk or outlet printed beside a byline is a name of one to five words ...
_DESK_MAX_WORDS = 5
# ... most of them capitalised (also the share that makes a longer trailing line a list of names).
_CAPITALISED_SHARE = 0.6
# Items of a list introduced by a line ending in ":" are phrases or short sentences.
_LIST_ITEM_MAX_WORDS = 30
# A question in the body over this many words is the article asking, not a subheading.
_BODY_QUESTION_MAX_WORDS = 8
# An author's bio at the end ("Jane Roe is a reporter for ...") is two sentences at the most.
_AUTHOR_BIO_MAX_WORDS = 40
# A text whose letters are mostly capitals is typed in capitals (a paragraph after a dateline,
# or the whole document): then capitals mark no heading.
_SHOUTING_SHARE = 0.6
# An opening dateline names a place of three letters at least ("ROME", not "US" or "UK" opening a
# sentence), an opening bracketed credit an outlet of two ("(AP)").
_PLACE_MIN_LETTERS = 3
_CREDIT_MIN_LETTERS = 2
# A photo credit names a photographer and an agency or two ("Jane Doe/AFP via Getty Images"): ten words
# at the most; a longer capitalised line is a headline or a list of names.
_CREDIT_MAX_WORDS = 10
# The years a news date may have: a four-digit number outside them is a count, a code or a typo.
_YEARS = (1900, 2100)


@dataclass(frozen=True, slots=True)
class _Line:
    """One logical input line: stripped text and its position among non-empty lines."""

    index: int
    text: str


# --- Small predicates ---------------------------------------------------------

def _words(text: str) -> tuple[str, ...]:
    """The words of a line as the rules count them: dotted abbreviations and a final full stop kept ("U.S.")."""
    return words(text, variant="line")


def _has_terminal(text: str, *, pull_quote_words: int = 10) -> bool:
    """True when ``text`` ends as a sentence does (a long quotation counts, a short pull quote not)."""
    if _TERMINAL.search(text):
        return True
    return bool(_QUOTE_END.search(text)) and len(_words(text)) > pull_quote_words


def _is_sentence(text: str, *, min_words: int = 4) -> bool:
    """True for a line that reads as running text: terminal punctuation and a few words."""
    return _has_terminal(text) and len(_words(text)) >= min_words


def _capitalised_share(words: Sequence[str]) -> float:
    """Share of words that start with a capital letter or digit (title case, names, credits)."""
    if not words:
        return 0.0
    return sum(1 for word in words if word[0].isupper() or word[0].isdigit()) / len(words)


def _upper_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if char.isupper()) / len(letters)


def _inside_quote(text: str, position: int) -> bool:
    """True when ``position`` lies inside a quotation: someone said it, the page did not."""
    before = text[:position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _starts_with_emoji(text: str) -> bool:
    first = text[0]
    return unicodedata.category(first) == "So" or 0x1F000 <= ord(first) <= 0x1FAFF


def _is_name_list(text: str, *, max_words: int = 12) -> bool:
    """True when ``text`` is only person names: capitalised words joined by 'and', '&' or commas."""
    words = _words(text)
    # A trailing full stop may close an initial ("Jr."); a question or exclamation is a sentence.
    if not words or len(words) > max_words or text.rstrip().endswith(("!", "?")):
        return False
    content = [word for word in words if word.lower() not in NAME_CONNECTORS]
    if not content or not content[0][0].isupper():
        return False
    return _capitalised_share(content) >= 0.8 and not re.search(r"[.!?]\s+[a-z]", text)


def _is_credit(segment: str) -> bool:
    """True when ``segment`` is a photo credit: names joined by '/', '|' or 'via', or an agency name.

    Credits are short and capitalised ("Jane Doe/Reuters", "REUTERS/John Roe",
    "Joe Bloggs | Getty Images", "(Name/AP)"); running text has lower-case words.
    """
    core = segment.strip().strip("()[]").strip()
    core = re.sub(r"^(?:photo|photograph|picture|image|pic|credit|source|file)\s*(?:by|:)?\s*", "", core, flags=re.I)
    core = re.sub(r"\s+more$", "", core)
    words = _words(core)
    if not words or len(words) > _CREDIT_MAX_WORDS or re.search(r"[.!?]\s", core):
        return False
    lower = [word for word in words if word[0].islower() and not any(char.isdigit() or char.isupper() for char in word)
             and word.lower() not in CREDIT_LOWERCASE_WORDS]
    if lower:
        return False
    if "/" in core or "|" in core or re.search(r"\bvia\b", core):
        return True
    return bool(_AGENCY_WORDS.fullmatch(core.strip().rstrip("."))) or bool(
        re.search(r"(?:^|\s)(?:getty images(?: plus)?|ap photo|stock photo)$", core, re.I))


@lru_cache(maxsize=1024)
def _credit_tail(text: str) -> str | None:
    """The photo credit that ends ``text``, if any, e.g. '... Street. Photo: Name/Agency'."""
    match = re.search(r"(?:photo|photograph|picture|image|pic|credit)s?\s*(?:by|:)\s*([^.]{2,80})$", text, re.I)
    if (match and (_is_credit(match.group(1)) or _is_name_list(match.group(1).strip("()[] "), max_words=6))
            and match.start() > 0 and text[match.start() - 1] in " .(|["):
        return match.group(0)
    match = re.search(r"Credit\s*:?\s*([A-Z][^.]{2,60})$", text)
    if match and _is_credit(match.group(1)):
        return match.group(0)
    if text.rstrip().endswith("."):
        return None
    for separator in (r"\.\s+", r"\s\|\s", r"\s[\[(]", r"\s[-–—]\s"):
        parts = re.split(separator, text)
        if len(parts) > 1:
            tail = parts[-1]
            if _is_credit(tail) and ("/" in tail or "|" in tail or _PHOTO_AGENCY.search(tail)):
                return tail
    return None


def _credit_head(text: str) -> bool:
    """True when ``text`` opens with a photo credit such as 'Jane Doe / Getty Images The ...'."""
    name = r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}"
    # The agency in any case, as _PHOTO_AGENCY matches it elsewhere ("Jane Doe/AP", "Jane Doe/ap"); the
    # names and the caption's first letter stay capitalised.
    agency = f"(?i:{_PHOTO_AGENCY.pattern})"
    match = re.match(rf"^(?!(?:A|An|The|In|On|At)\s)({name}\s?/\s?(?:{name}\s?/\s?)*)({agency})\s+[A-Z]", text)
    return bool(match)


def _is_credit_line(line: LineView) -> bool:
    """True when the photo credit that ends the line is all of it (but a word such as "Photo")."""
    tail = _credit_tail(line.text)
    return tail is not None and len(_words(tail)) >= len(line.words) - 1


def _is_date_only(text: str) -> bool:
    """True when ``text`` is a date and/or time and nothing else ('September 24, 2023, 4:40 p.m. BST')."""
    if not re.search(rf"\d|\b(?:{_MONTHS})\b", text, re.I):
        return False
    tokens = [token for token in re.split(r"[\s,|•·()/–—-]+", text.strip()) if token]
    if not tokens or len(tokens) > _DATE_LINE_MAX_TOKENS:
        return False
    if not all(_DATE_TOKEN.match(token.rstrip(".")) or _DATE_TOKEN.match(token) for token in tokens):
        return False
    return bool(_HAS_DATE.search(text) or re.search(r"\b\d{4}\b", text))


def parse_date(text: str) -> str | None:
    """Return the first full date in ``text`` as ``YYYY-MM-DD``, or None.

    Datelines come in many spellings ("September 24, 2023", "24 Sept 2023",
    "2023-09-24"); one canonical form lets the site sort and compare them.
    """
    for pattern in _FULL_DATE:
        match = pattern.search(text)
        if not match:
            continue
        month_text = match.group("month").lower()
        month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS.get(month_text, 0)
        day, year = int(match.group("day")), int(match.group("year"))
        if 1 <= month <= 12 and 1 <= day <= 31 and _YEARS[0] <= year <= _YEARS[1]:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# --- Line rules ------------------------------------------------------------
#
# A line rule looks at one line on its own. The rules are tried in the order of
# ``LINE_RULES`` and the first that fires names the line's furniture kind; the
# order matters where two rules could fire (a byline before a caption, a credit
# marker naming a caption before the plain credit marker). Word limits are part
# of each rule: most furniture is short, and a long line that opens like a
# prompt ("Get ...", "Join ...") is news.

# A prompt, a "related" heading or a contact line is a phrase or one sentence, never a paragraph:
# over this many words a line that opens like one is news ("Join ..." opening a long report).
_PROMPT_MAX_WORDS = 45
# A caption marked inside the line ("(file photo)") sits in a short caption; in a long line it is text.
_INLINE_CAPTION_MAX_WORDS = 20
# A row of share buttons ("Share this on Facebook Twitter Email") is a dozen labels at the most.
_SHARE_ROW_MAX_WORDS = 12
# Lines with a web address: up to this many words it is a pointer ("Read the report: https://...") ...
_LINK_LINE_MAX_WORDS = 12
# ... and up to this many when the line is no sentence once the address is taken out.
_LINK_PHRASE_MAX_WORDS = 25
# "Email the desk: news@example.com" is short; a sentence quoting an address is longer.
_CONTACT_MAX_WORDS = 15
# "Follow @jane_roe" and a handle line are a few words without a full stop.
_HANDLE_MAX_WORDS = 8
# A promo opening with an emoji ("📲 Get our app ...") is at most a short paragraph.
_EMOJI_PROMO_MAX_WORDS = 40
# A teaser link glued to its label ("Politics:Senate votes ...") is a headline, not a paragraph.
_GLUED_LINK_MAX_WORDS = 25
# An update line ("Updated: 24 Sept 2023, 4:40 p.m.") is a marker, a date and a time; more words is news.
_UPDATE_LINE_MAX_WORDS = 12
# A short photo credit in names and slashes ("Jane Doe/Reuters").
_SLASH_CREDIT_MAX_WORDS = 6
# A line in capitals: a share of letters in capitals this high (a few names or "US" in capitals do not count) ...
_SHOUTED_UPPER_SHARE = 0.85
# ... and at least this many letters, so "US", "BBC News" or "OK" alone are not shouting.
_SHOUTED_MIN_LETTERS = 8
# A heading or teaser in capitals is two to this many words; a longer line in capitals is typed text.
_SHOUTED_MAX_WORDS = 25
# A line in capitals of this many words or more is a teaser link rather than a section heading.
_SHOUTED_TEASER_MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class LineView:
    """What a line rule sees: the line, its words, and whether the whole document is in capitals."""

    text: str
    words: tuple[str, ...]
    shouting_document: bool = False


@dataclass(frozen=True, slots=True)
class LineRule:
    """One rule for a single line: when it fires, the line is page furniture of kind ``reason``.

    The rule fires when the line has from ``min_words`` to ``max_words`` words,
    ``pattern`` (when given) is found in it, outside a quotation when
    ``outside_quotes`` (someone said it, the page did not), and ``condition``
    (when given) holds for the line and the pattern's match.
    """

    name: str
    reason: str
    pattern: re.Pattern[str] | None = None
    min_words: int = 0
    max_words: int | None = None
    outside_quotes: bool = False
    condition: Callable[[LineView, re.Match[str] | None], bool] | None = None

    def fires(self, line: LineView) -> bool:
        """True when this rule marks ``line`` as furniture."""
        count = len(line.words)
        if count < self.min_words or (self.max_words is not None and count > self.max_words):
            return False
        found: re.Match[str] | None = None
        if self.pattern is not None:
            found = self.pattern.search(line.text)
            if found is None or (self.outside_quotes and _inside_quote(line.text, found.start())):
                return False
        return self.condition is None or self.condition(line, found)


def _i(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern: marker words are matched in any case."""
    return re.compile(pattern, re.I)


def _only_date_after_marker(line: LineView, found: re.Match[str] | None) -> bool:
    """Only a date, time or age follows the update marker: "Updated figures show ..." is news."""
    assert found is not None
    rest = [token for token in re.split(r"[\s,|•·()–—]+", line.text[found.end():]) if token]
    other = [token for token in rest
             if not (_DATE_TOKEN.match(token.rstrip(".")) or _AGE_TOKEN.fullmatch(token.rstrip(".")))]
    return bool(rest) and len(other) <= 1


def _speaks_to_reader(line: LineView, found: re.Match[str] | None) -> bool:
    """A prompt speaks to the reader or is no sentence; news sentences rarely say "you"."""
    return not _has_terminal(line.text) or bool(re.search(r"\b(?:you|your|here)\b|\?", line.text, re.I))


def _is_share_row(line: LineView, found: re.Match[str] | None) -> bool:
    """Only share-button words, at least one of them a network or "share" itself."""
    social = [word.lower() for word in line.words]
    return all(word in SHARE_ROW_WORDS for word in social) and any(word in SHARE_BUTTONS for word in social)


def _is_shouted(line: LineView, found: re.Match[str] | None) -> bool:
    """A line in capitals in a document that is not itself typed in capitals."""
    return (not line.shouting_document and _upper_share(line.text) >= _SHOUTED_UPPER_SHARE
            and sum(char.isalpha() for char in line.text) >= _SHOUTED_MIN_LETTERS)


def _is_shouted_teaser(line: LineView, found: re.Match[str] | None) -> bool:
    """A line in capitals that invites a click ("CLICK HERE ...") or is long: a teaser link."""
    return _is_shouted(line, found) and (
        bool(re.match(r"^\W*(?:click|watch|read|listen|see|more|get|download|sign|subscribe)\b", line.text, re.I))
        or len(line.words) >= _SHOUTED_TEASER_MIN_WORDS)


_CREDIT_MARKER = r"^(?:image|picture|photo|video)\s+(?:source|copyright|credit)s?\b"
_COPYRIGHT = r"^(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*\d{4}\b|^©|\ball rights reserved\b"

LINE_RULES: tuple[LineRule, ...] = (
    # Whole-line shapes and markers that decide before any other rule.
    LineRule("advertisement line", "advertisement",
             condition=lambda line, _: re.sub(r"[^\w\s]", "", line.text).strip().lower() in ADVERT_LINES),
    LineRule("advertisement word", "advertisement", _i(r"^\W*(?:advertisement|ad)\W*\Z")),
    LineRule("no words", "symbols", max_words=0),
    LineRule("byline", "byline", _BYLINE,
             condition=lambda line, found: found is not None and _is_name_list(found.group("names").split("|")[0])),
    LineRule("update time", "timestamp",
             _i(r"^\W*(?:updated|published|posted|last updated|first published|modified)\b\s*:?"),
             max_words=_UPDATE_LINE_MAX_WORDS, condition=_only_date_after_marker),
    LineRule("age", "timestamp",
             _i(r"^\W*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\W*\Z")),
    LineRule("date only", "dateline", condition=lambda line, _: _is_date_only(line.text)),
    # Marker words at the line start.
    LineRule("credit marker naming a caption", "caption", _i(f"{_CREDIT_MARKER}|{_COPYRIGHT}"),
             condition=lambda line, _: bool(re.search(r"\b(?:image|media|photo) caption\b", line.text, re.I))),
    LineRule("credit marker", "credit", _i(_CREDIT_MARKER)),
    LineRule("copyright", "credit", _i(_COPYRIGHT)),
    LineRule("caption marker", "caption", _i(r"^(?:image|photo|picture|media)\s+(?:caption|description)\b")),
    LineRule("caption toggle", "caption", _i(r"^(?:enlarge this image|toggle caption|hide caption|show caption)\b")),
    LineRule("video player", "video", _i(r"^(?:media playback is unsupported|play video\b|watch video\b|video\s*:)")),
    LineRule("video embed", "video", _i(r"^embed\b.*\bautoplay\b|copy this code to your website")),
    LineRule("caption label", "caption", _i(r"^(?:photo|photograph|picture|pic|caption|file photo|pictured)\s*[:|]")),
    LineRule("bracketed photo credit", "caption", _i(r"^\((?:photo|photograph|picture)s?\s+(?:by|courtesy|credit)\b")),
    LineRule("photo by", "caption",
             _i(r"^(?:photo|photograph|picture)s?\s+(?:by|courtesy of|credit)\s+[A-Z][^.]{0,60}$")),
    LineRule("representational image", "caption", _i(r"^representational\s+(?:image|photo|picture)\b")),
    LineRule("share this", "share prompt", _i(r"^(?:share|tweet|email|print)\s+(?:this|on|via|with|the)\b[^.!?]{0,40}$"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("read or share", "share prompt", _i(r"^read or share this\b"), max_words=_PROMPT_MAX_WORDS),
    LineRule("leave a reply", "comment form",
             _i(r"^(?:leave|post|add|write)\s+a\s+(?:reply|comment|response)\b\W*(?:\w+\W*){0,4}$")),
    LineRule("comment form notice", "comment form",
             _i(r"^your email address will not be published|required fields are marked")),
    LineRule("comment widget", "comment form",
             _i(r"^(?:save my name|notify me of|be the first to comment|join the (?:conversation|discussion)"
                r"|show comments|view comments|\d+\s+comments?\s*$|comments?\s*\(\d+\)\s*$)")),
    LineRule("more by the author", "related links",
             _i(r"^read the (?:most recent|latest) (?:articles|stories|posts) (?:written )?by\b"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("related heading", "related links",
             _i(r"^(?:related|see also|also read|read also|read next|up next|more from \w+(?: \w+)?|recommended"
                r"|you (?:may|might) also like|most read|most popular|trending(?: now)?|top stories|more stories)"
                r"(?:\s+(?:posts|articles|stories|coverage|content|reading|links|videos?|news))?\s*(?:[:|\-–—].*)?$"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("related list heading", "related links",
             _i(r"^related (?:posts|articles|stories|coverage|content|reading|links|videos?)\b"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("read more label", "related links", _i(r"^(?:read more|more|watch|listen|see)\s*[:|\-–—]"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("read more", "related links", _i(r"^read more\b.{0,60}$|\bread more\s*$"), max_words=_PROMPT_MAX_WORDS),
    LineRule("follow on", "follow prompt",
             _i(r"^follow\s+(?:us|me|him|her|them|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+on\s+"
                r"(?:twitter|x|facebook|instagram|threads|linkedin|tiktok|bluesky|youtube)\b")),
    LineRule("contact us", "contact",
             _i(r"^please include a contact number|\byou can (?:also )?contact us\b|^get in touch\b"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("see it here", "link", _i(r"^(?:check out|see|read|watch|view|download|find)\b.{0,60}\bhere\s*[.!:]?$")),
    LineRule("send tips", "contact",
             _i(r"^(?:send|email|e-mail)\s+(?:us\s+)?(?:your\s+)?(?:a\s+)?(?:news\s+)?tips?\b|^contact us\b"
                r"|^(?:got|have) a (?:news )?tip\b"),
             max_words=_PROMPT_MAX_WORDS),
    LineRule("subscribe invitation", "subscribe prompt",
             _i(r"^(?:sign up|subscribe|register|join|download|install|get|want|never miss|don['’]t miss"
                r"|stay (?:up to date|informed|updated)|interested in|let our news|become a member"
                r"|click|tap|like us|tune in)\b"
                r".*\b(?:newsletters?|inbox|sign(?:ing)? up|subscribe|subscription|app|apps|alerts?|channel"
                r"|notifications|podcast|telegram|whatsapp|membership|updates|here|interest|briefing|digest|emails?)\b"),
             max_words=_PROMPT_MAX_WORDS, condition=_speaks_to_reader),
    LineRule("subscribe button", "subscribe prompt", _i(r"^(?:sign up|subscribe)\s*(?:now|here|today)?\W*$"),
             max_words=_PROMPT_MAX_WORDS, condition=_speaks_to_reader),
    LineRule("reader call-out", "contact",
             _i(r"\bwants? to hear from you\b|\bwe(?:['’]d| would)? (?:love|like|want) to hear from you\b"
                r"|\bshare your (?:experiences?|stor(?:y|ies)|views|thoughts|photos)\b|\byour (?:responses|stories) will\b"
                r"|\btell us (?:about your|your|what you)\b"),
             max_words=_PROMPT_MAX_WORDS, outside_quotes=True),
    LineRule("newsletter blurb", "subscribe prompt", _i(r"^(?:this|our) (?:\w+ )?newsletter\b"),
             max_words=_PROMPT_MAX_WORDS, outside_quotes=True),
    LineRule("reader Q&A heading", "reader Q&A",
             _i(r"^(?:faqs?|frequently asked questions|reader(?:s['’])? q\s?&\s?a|your questions answered)\s*:?$")),
    LineRule("quiz", "quiz", _i(r"^(?:quiz|poll)\s*:")),
    # Marker phrases anywhere in the line, unless inside a quotation.
    LineRule("subscribe phrase", "subscribe prompt",
             _i(r"\b(?:sign up|subscribe)\s+(?:here|now|for free|today)\b|\bclick here to (?:join|subscribe|sign up|get|download)"
                r"|\bjoin our (?:\w+ )?(?:channel|community|newsletter|mailing list)\b|\bis now on (?:telegram|whatsapp)\b"
                r"|\bdelivered (?:straight |directly )?to your inbox\b|\bmanage newsletters\b|\bprotected by recaptcha\b"
                r"|\bby signing up,? you agree\b|\bget it in your inbox\b"),
             max_words=_PROMPT_MAX_WORDS, outside_quotes=True),
    LineRule("click here", "click prompt", _i(r"\bclick here\b|\bclicking here\b"),
             max_words=_PROMPT_MAX_WORDS, outside_quotes=True),
    LineRule("embedded post", "embedded post",
             _i(r"pic\.twitter\.com/|[—–-]\s*[^—–\n]{1,60}\(@\w{1,30}\)\s+(?:{m})\w*\.? \d{1,2},? \d{4}\s*$"
                .replace("{m}", _MONTHS)),
             outside_quotes=True),
    LineRule("agency credit", "agency credit",
             _i(r"\bcontributed (?:reporting )?to this (?:report|article|story)\b|^additional reporting by\b"
                r"|^contributing\s*:|^\(\s*(?:with (?:inputs from )?[\w .&/-]{1,40} inputs?|(?:additional )?reporting by\b"
                r"|editing by\b|writing by\b)|^(?:reporting|writing) by\b[^.]{0,80};\s*editing by\b"),
             max_words=_PROMPT_MAX_WORDS, outside_quotes=True),
    LineRule("update notice", "timestamp",
             _i(r"^\W*(?:this (?:report|story|article|post) (?:was|has been) (?:last )?updated\b|last updated\b)"),
             outside_quotes=True),
    LineRule("age notice", "timestamp", _i(r"^this (?:article|story|content) is more than \S+ \w+ old$"),
             outside_quotes=True),
    LineRule("representational image note", "caption",
             _i(r"\((?:representational|file) (?:image|photo|picture)\)|\brepresentational (?:image|photo|picture)\s*$"),
             max_words=_INLINE_CAPTION_MAX_WORDS, outside_quotes=True),
    # Shapes: share rows, file photos, credits, addresses, handles, emoji, capitals.
    LineRule("share row", "share prompt", max_words=_SHARE_ROW_MAX_WORDS, condition=_is_share_row),
    LineRule("file photo", "caption",
             re.compile(r"^(?:FILE -|FILE –|FILE:|FILE PHOTO|\(FILE)"
                        r"|^(?:FILE\s*[-–—]\s*)?In (?:this|a|an) (?:\S+\s+){0,8}?(?:file )?(?:photo|image|picture|handout)\b")),
    LineRule("credit before caption", "caption", condition=lambda line, _: _credit_head(line.text)),
    LineRule("credit line", "credit", condition=lambda line, _: _is_credit_line(line)),
    LineRule("caption ending in a credit", "caption", condition=lambda line, _: _credit_tail(line.text) is not None),
    LineRule("slash credit", "credit", max_words=_SLASH_CREDIT_MAX_WORDS,
             condition=lambda line, _: not _has_terminal(line.text) and "/" in line.text and _is_credit(line.text)),
    LineRule("bracketed credit", "credit", re.compile(r"^\((?:[^()]*/[^()]*)\)\Z"),
             condition=lambda line, _: _is_credit(line.text)),
    # "Read the report: https://..." points away from the article; a sentence citing a site stays.
    LineRule("web address", "link", _URL, max_words=_LINK_LINE_MAX_WORDS),
    LineRule("web address phrase", "link", _URL, max_words=_LINK_PHRASE_MAX_WORDS,
             condition=lambda line, _: not _has_terminal(_URL.sub("", line.text).strip())),
    LineRule("email address", "contact", _EMAIL, max_words=_CONTACT_MAX_WORDS),
    LineRule("email prompt", "contact", _EMAIL, max_words=_PROMPT_MAX_WORDS, outside_quotes=True,
             condition=_speaks_to_reader),
    LineRule("handle", "follow prompt", _HANDLE, max_words=_HANDLE_MAX_WORDS,
             condition=lambda line, _: not _has_terminal(line.text)),
    LineRule("emoji promo", "promo", max_words=_EMOJI_PROMO_MAX_WORDS,
             condition=lambda line, _: _starts_with_emoji(line.text)),
    LineRule("glued link", "related links", _GLUED_LINK, max_words=_GLUED_LINK_MAX_WORDS,
             condition=lambda line, _: not _has_terminal(line.text)),
    LineRule("show hide", "widget", _i(r"\bshow hide\b")),
    LineRule("teaser in capitals", "related links", min_words=2, max_words=_SHOUTED_MAX_WORDS,
             condition=_is_shouted_teaser),
    LineRule("heading in capitals", "subheading", min_words=2, max_words=_SHOUTED_MAX_WORDS, condition=_is_shouted),
)
"""Every single-line rule, in the order they are tried; the first that fires names the furniture."""


def line_rule(text: str, *, shouting_document: bool = False) -> LineRule | None:
    """The first line rule that marks ``text`` as furniture, or None for text.

    Only looks at the line itself; block and shape rules come later.
    """
    line = LineView(text, _words(text), shouting_document)
    return next((rule for rule in LINE_RULES if rule.fires(line)), None)


def _marker_reason(text: str, *, shouting_document: bool = False) -> str | None:
    """The furniture kind a single line shows by its own markers, or None for text."""
    rule = line_rule(text, shouting_document=shouting_document)
    return rule.reason if rule is not None else None


# --- Passes ------------------------------------------------------------------

def _logical_lines(raw: str, *, min_wrapped_chars: int) -> list[_Line]:
    """Non-empty stripped lines, with hard-wrapped continuations joined by a space.

    A line is a wrapped continuation only when the previous line is long, has
    no closing punctuation and the line starts in lower case: then the break
    fell mid-sentence, which no paragraph break does.
    """
    lines: list[_Line] = []
    previous_blank = True
    for raw_line in raw.splitlines():
        text = raw_line.strip()
        if not text:
            previous_blank = True
            continue
        if (lines and not previous_blank and text[0].islower() and len(lines[-1].text) >= min_wrapped_chars
                and not _has_terminal(lines[-1].text) and not lines[-1].text.endswith((":", ",", ";"))
                and _marker_reason(lines[-1].text) is None):
            lines[-1] = _Line(lines[-1].index, f"{lines[-1].text} {text}")
        else:
            lines.append(_Line(len(lines), text))
        previous_blank = False
    return lines


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A marker line and the lines it governs: the governed lines become furniture of kind ``reason``.

    The rule opens on a line the line rules gave one of the ``opened_by``
    reasons, when ``marker`` (if any) matches it from its start, it has at most
    ``marker_max_words`` words, and (``from_middle``) it stands in the second
    half of the page. It then governs, by ``extent``, the next line, a run of
    lines, the questions and answers of a FAQ, or the rest of the page; a
    governed line has at most ``follower_max_words`` words and, when
    ``unpunctuated``, no sentence punctuation.
    """

    name: str
    opened_by: frozenset[str]
    extent: Literal["next line", "run", "questions", "rest of page"]
    reason: str
    marker: re.Pattern[str] | None = None
    marker_max_words: int | None = None
    from_middle: bool = False
    follower_max_words: int | None = None
    unpunctuated: bool = False

    def opens(self, lines: Sequence[_Line], reasons: Sequence[str | None], position: int) -> bool:
        """True when the line at ``position`` is this rule's marker."""
        text = lines[position].text
        return (reasons[position] in self.opened_by
                and (self.marker is None or self.marker.match(text) is not None)
                and (self.marker_max_words is None or len(_words(text)) <= self.marker_max_words)
                and not (self.from_middle and position < len(lines) // 2)
                and not (self.extent == "next line" and position + 1 >= len(lines)))

    def governs(self, text: str) -> bool:
        """True when a line after the marker may be one of the lines it governs."""
        return ((self.follower_max_words is None or len(_words(text)) <= self.follower_max_words)
                and not (self.unpunctuated and _has_terminal(text)))

    def mark(self, lines: Sequence[_Line], reasons: list[str | None], position: int) -> int | None:
        """Mark the lines governed by the marker at ``position``; return the line to go on from, None to stop."""
        if self.extent == "questions":
            return _mark_faq(lines, reasons, position + 1)
        follower = position + 1
        while follower < len(lines):
            if reasons[follower] is None:
                if self.extent != "rest of page" and not self.governs(lines[follower].text):
                    break
                reasons[follower] = self.reason
            if self.extent == "next line":
                break
            follower += 1
        return None if self.extent == "rest of page" else position + 1


BLOCK_RULES: tuple[BlockRule, ...] = (
    # "image description," introduces the caption on the next line.
    BlockRule("caption after a caption marker", frozenset({"caption", "credit"}), "next line", "caption",
              marker=_CAPTION_MARKER_ONLY, follower_max_words=_MARKED_CAPTION_MAX_WORDS),
    # "Image source, Getty Images" is followed by the picture's caption, a phrase.
    BlockRule("caption after an image source", frozenset({"credit"}), "next line", "caption",
              marker=_i(r"^(?:image|picture|photo)\s+source\b"), follower_max_words=_CREDITED_CAPTION_MAX_WORDS,
              unpunctuated=True),
    BlockRule("questions after a FAQ heading", frozenset({"reader Q&A"}), "questions", "reader Q&A"),
    # A "Related Posts" heading: the link titles that follow are short and unpunctuated.
    BlockRule("links after a related heading", frozenset({"related links"}), "run", "related links",
              marker_max_words=_LINK_HEADING_MAX_WORDS, follower_max_words=_LINK_TITLE_MAX_WORDS, unpunctuated=True),
    # Everything after a comment form at the end of the page is the form or readers' comments.
    BlockRule("page end after a comment form", frozenset({"comment form"}), "rest of page", "comment form",
              from_middle=True),
)
"""Every block rule, in the order they are tried on each marker line; the first that opens governs."""


def _mark_blocks(lines: Sequence[_Line], reasons: list[str | None]) -> None:
    """Extend markers to the lines they govern (captions, FAQ answers, link lists, comment forms)."""
    position: int | None = 0
    while position is not None and position < len(lines):
        rule = next((rule for rule in BLOCK_RULES if rule.opens(lines, reasons, position)), None)
        position = position + 1 if rule is None else rule.mark(lines, reasons, position)


def _mark_faq(lines: Sequence[_Line], reasons: list[str | None], start: int) -> int:
    """Mark the question/answer lines after a FAQ heading; return the first line after the block."""
    position = start
    expect_answer = False
    while position < len(lines):
        text = lines[position].text
        question = bool(_FAQ_QUESTION.match(text)) or (text.rstrip().endswith("?") and len(_words(text)) <= _FAQ_QUESTION_MAX_WORDS)
        answer = bool(_FAQ_ANSWER.match(text))
        if not (question or answer or expect_answer):
            break
        if reasons[position] is None:
            reasons[position] = "reader Q&A"
        expect_answer = question
        position += 1
    return position


def _mark_lead(
    lines: Sequence[_Line], reasons: list[str | None], *, headline_max_words: int, standfirst_max_words: int,
) -> int | None:
    """Mark headline, byline neighbours, standfirsts and captions before the body; return the headline line.

    The lead zone ends at the first kept line that reads as a sentence. Inside
    it, a line without a final full stop is not running text: the first such
    line is the headline, the next a standfirst, later ones captions.
    """
    headline: int | None = None
    seen_text = False
    for position, line in enumerate(lines):
        text = line.text
        reason = reasons[position]
        if reason is not None:
            continue
        words = _words(text)
        if _is_sentence(text) or len(words) > standfirst_max_words:
            break
        if text.endswith(":"):
            break
        # Name line + short outlet line at the very top ("Jane Roe" / "DAILY PAPER").
        if (not seen_text and position + 1 < len(lines) and reasons[position + 1] in {None, "subheading"}
                and 2 <= len(words) <= _TOP_NAME_MAX_WORDS and _is_name_list(text, max_words=_TOP_NAME_MAX_WORDS) and not _has_terminal(text)
                and len(_words(lines[position + 1].text)) <= _TOP_OUTLET_MAX_WORDS and not _has_terminal(lines[position + 1].text)
                and _capitalised_share(_words(lines[position + 1].text)) == 1.0):
            reasons[position] = "byline"
            reasons[position + 1] = "outlet"
            continue
        if headline is None and not seen_text and len(words) <= headline_max_words and not text.endswith("."):
            reasons[position] = "headline"
            headline = position
        elif not seen_text or headline is not None:
            reasons[position] = "standfirst" if not any(r == "standfirst" for r in reasons[:position]) else "caption"
        else:
            reasons[position] = "caption"
        seen_text = True
    return headline


def _mark_byline_neighbours(lines: Sequence[_Line], reasons: list[str | None]) -> None:
    """A short capitalised line next to a byline is the outlet's or the author's desk name."""
    for position, reason in enumerate(reasons):
        if reason != "byline":
            continue
        for neighbour in (position + 1, position - 1):
            if 0 <= neighbour < len(lines) and reasons[neighbour] is None:
                text = lines[neighbour].text.lstrip("-–—•|* ")
                words = _words(text)
                if 1 <= len(words) <= _DESK_MAX_WORDS and not _has_terminal(text) and _capitalised_share(words) >= _CAPITALISED_SHARE:
                    reasons[neighbour] = "outlet"


def _mark_body(
    lines: Sequence[_Line], reasons: list[str | None], *, subheading_max_words: int, start: int,
) -> None:
    """Mark short unpunctuated lines inside and after the body: subheadings and trailing furniture."""
    last_sentence = max((p for p, r in enumerate(reasons) if r is None and _is_sentence(lines[p].text)), default=-1)
    # Lines after one ending in ":" are items of the list it introduces, which are text.
    list_items: set[int] = set()
    listing = False
    for position, line in enumerate(lines):
        if reasons[position] is not None:
            continue
        if line.text.endswith(":"):
            listing = True
        elif listing and len(_words(line.text)) <= _LIST_ITEM_MAX_WORDS:
            list_items.add(position)
        else:
            listing = False

    def in_list(position: int) -> bool:
        return position in list_items

    for position in range(start, len(lines)):
        if reasons[position] is not None:
            continue
        text = lines[position].text
        words = _words(text)
        if _has_terminal(text) and not text.endswith("?"):
            continue
        if text.endswith(":") or _LABEL_VALUE.match(text) or in_list(position):
            continue
        if text.endswith("?") and len(words) > _BODY_QUESTION_MAX_WORDS:
            continue
        if len(words) <= subheading_max_words:
            reasons[position] = "trailing line" if position > last_sentence else "subheading"
        elif (position > last_sentence and len(words) <= 2 * subheading_max_words
              and _capitalised_share(words) >= _CAPITALISED_SHARE):
            reasons[position] = "trailing line"


def _mark_tail(lines: Sequence[_Line], reasons: list[str | None], *, tail_lines: int) -> None:
    """Author bios in the last lines of an article ('Jane Roe is a reporter for ...', 'Jane Roe (@jane)
    lives in Leeds, where she writes about music.')."""
    for position in range(max(0, len(lines) - tail_lines), len(lines)):
        if reasons[position] is None and _AUTHOR_BIO.match(lines[position].text) and len(_words(lines[position].text)) <= _AUTHOR_BIO_MAX_WORDS:
            reasons[position] = "author bio"


def _mark_duplicates(lines: Sequence[_Line], reasons: list[str | None]) -> None:
    """A line repeating an earlier kept line word for word is a rendering artefact (twice-printed caption)."""
    seen: set[str] = set()
    for position, line in enumerate(lines):
        key = line.text.casefold()
        if reasons[position] is None:
            if key in seen:
                reasons[position] = "duplicate"
            seen.add(key)


# --- Metadata ---------------------------------------------------------------

def _clean_names(names: str) -> str:
    return re.sub(r"\s+", " ", names.strip(" ,;-–—|")).strip()


def _split_byline(names: str) -> tuple[str, str | None]:
    """Split the text after "By" into the author names and the desk or outlet, if one follows.

    "Jane Roe | Daily Paper" and "Jane Roe, Daily Paper, Lisbon" name a desk
    after the author; "Jane Roe, Sam Poe and Ann Lee" is only names (the last
    part joins names with "and").
    """
    bar = re.split(r"\s+\|\s+", names)
    if len(bar) > 1:
        return _clean_names(bar[0]), _clean_names(bar[1]) or None
    parts = [part for part in re.split(r"\s*,\s*", names) if part.strip()]
    if len(parts) > 1 and not re.search(r"\band\b|&", parts[-1]):
        return _clean_names(parts[0]), _clean_names(parts[1]) or None
    return _clean_names(names), None


def _metadata(lines: Sequence[_Line], reasons: Sequence[str | None]) -> tuple[str | None, str | None, str | None]:
    """Author, outlet and published date found in the dropped lines, in that order."""
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    for line, reason in zip(lines, reasons):
        text = line.text
        if reason == "byline" and author is None:
            match = _BYLINE.match(text)
            author, desk = _split_byline(match.group("names") if match else text)
            outlet = outlet or desk
        elif reason == "outlet" and outlet is None:
            outlet = _clean_names(text)
        elif reason in {"dateline", "timestamp"} and published is None:
            published = parse_date(text)
        elif reason == "agency credit" and outlet is None:
            match = re.search(r"with (?:inputs from )?(?P<agency>[\w .&/-]{1,40}?) inputs?\b", text, re.I)
            if match:
                outlet = _clean_names(match.group("agency"))
    return author, outlet, published


def _split_inline_dateline(text: str, *, min_rest_words: int = 4) -> tuple[str | None, str]:
    """Split "WASHINGTON (Reuters) - The Senate ..." or "(CNN) The Senate ..." into dateline and sentence.

    Only a place in capitals (three letters at least) or a bracketed credit
    ("(AP)") is taken, and only when a real sentence follows, so "NATO - the
    alliance ..." or a paragraph that is all capitals stays whole.
    """
    match = _INLINE_DATELINE.match(text)
    credit = match is None
    if credit:
        match = _INLINE_CREDIT.match(text)
    if not match:
        return None, text
    dateline = match.group("dateline")
    place = re.split(r"[,(]", dateline.lstrip("("))[0]
    letters = [c for c in place if c.isalpha()]
    rest = text[match.end():]
    if len(letters) < (_CREDIT_MIN_LETTERS if credit else _PLACE_MIN_LETTERS) or len(_words(rest)) < min_rest_words or _upper_share(rest) >= _SHOUTING_SHARE:
        return None, text
    return dateline.strip(), rest


_WIRE_PICKUP = re.compile(
    r"(?:^|(?<=\s))[\"“]?\s?[A-Z][^.!?\"“”]{0,60},\s*(?:pickup\s+)?(?:\d{1,2}(?:st|nd|rd|th)(?:\s+graf)?|graf\s+\d{1,2})"
    r"(?:\s+pvs)?(?:,\s*\d{1,2}(?:st|nd|rd|th)\s+Ld-Writethru)?\s*$")
"""A news agency's pickup note ending a paragraph: "Troops massed, 4th graf pvs" (insert after the
paragraph of the previous version that opens "Troops massed"), "..., 5th graf, 1st Ld-Writethru"."""


def _split_wire_pickup(text: str) -> tuple[str, str | None]:
    """Return ``text`` without a trailing agency pickup note, and the note (None when there is none)."""
    found = _WIRE_PICKUP.search(text)
    if not found or not re.search(r"\b(?:graf|pvs|pickup)\b", found.group(0)):
        return text, None
    before = text[:found.start()].rstrip()
    if before and not _TERMINAL.search(before):
        return text, None  # a note follows a finished sentence, or stands alone
    return before, found.group(0).strip()


_CARD_NAME_WORDS = r"(?:(?:[A-Z][\w'’.-]*|\([A-Z][\w'’ .-]+\)) )"
_NAME_CARD_HEADS = (
    re.compile(r"\b(?P<first>[A-Z][\w'’-]+) (?P<last>[A-Z][\w'’-]+) (?P<full>" + _CARD_NAME_WORDS
               + r"{0,5})(?P=last)(?![a-z])"),
    re.compile(r"\b(?P<last>[A-Z][\w'’-]+) (?P<full>" + _CARD_NAME_WORDS + r"{1,5})(?P=last)(?![a-z])"),
)
"""A name card pasted into a sentence starts as the person's name, then the same person's full name;
the latest headlines about them follow, and "MORE" ends it ("Sen. Jane Roe Jane Ann RoeSenate passes
budget ... MORE (D-Ohio) said"; after a title, the surname alone: "President Roe Jane Ann Roe...")."""
_CARD_END = re.compile(r" MORE\b")
_CARD_TEXT = (30, 600)
"""Characters of headlines between a card's full name and its "MORE" (three headlines: about 150 to 350)."""


def _split_name_cards(text: str) -> tuple[str, list[str]]:
    """Return ``text`` without the name cards pasted after a name, and the cards removed.

    After a first name and surname, the full name must hold the first name, as
    itself or as a nickname in brackets ("Mitch McConnell Addison (Mitch)
    Mitchell McConnell..."); so "Leader Charles Schumer Charles ..." is cut
    after "Schumer", not after "Charles".
    """
    cards: list[str] = []
    if " MORE" not in text:
        return text, cards
    shortest, longest = _CARD_TEXT
    for pattern in _NAME_CARD_HEADS:
        kept: list[str] = []
        position = search_from = 0
        while head := pattern.search(text, search_from):
            search_from = head.start() + 1
            full = head.group("full").split()
            first = head.groupdict().get("first")
            if first is not None and first not in full and f"({first})" not in full:
                continue
            end = _CARD_END.search(text, head.end() + shortest, head.end() + longest + len(" MORE"))
            if not end or "\n" in text[head.end():end.start()]:
                continue
            kept.append(text[position:head.start("full")].rstrip())
            cards.append(text[head.start("full"):end.end()])
            position = search_from = end.end()
        kept.append(text[position:])
        text = "".join(kept)
    return text, cards


_FURNITURE_CUE = re.compile(
    r"@|://|www\.|\b(?:sign(?:ing)? up|subscri\w+|newsletters?|follow \w+(?: \w+)? on|click|tap here|recaptcha"
    r"|inbox|contact|e-?mail\w*|download|unsubscribe|notifications?|podcast|hear from you|share your"
    r"|your (?:responses|stories)|tell us)\b", re.I)
"""The marks of the furniture found inside paragraphs of news (an address, a sign-up, follow or contact
prompt): a paragraph without any is not split into sentences to be looked at."""


_SENTENCE_RULES = frozenset({
    "subscribe invitation", "subscribe button", "subscribe phrase", "newsletter blurb", "email address",
    "email prompt", "contact us", "send tips", "reader call-out", "follow on", "click here", "comment form notice",
    "comment widget"})
"""The line rules that also judge one sentence of a paragraph: prompts that speak to the reader. Not the
web-address rules: a short sentence naming a site is news ("The group posts its findings at www.example.org.")."""


_TO_THE_READER = re.compile(r"\b(?:you|your|please)\b", re.I)
_FORM_MIN_SENTENCES = 4
_FORM_READER_SHARE = 0.6
"""A paragraph of at least four sentences, six in ten of them speaking to the reader ("Please enter a valid email
address. Please select your country. ..."), one of them a prompt, is a sign-up form, not news."""


def _split_furniture_sentences(text: str, *, shouting_document: bool) -> tuple[str, list[RemovedLine]]:
    """Return a paragraph of several sentences without those a line rule marks, and those removed.

    A page's furniture can share a paragraph with news ("... a large audience.
    For licensing, please contact licensing@example.org."): each sentence of a
    paragraph of several is tried as a line of its own, by the rules for prompts
    to the reader (``_SENTENCE_RULES``).
    """
    if not _FURNITURE_CUE.search(text):
        return text, []  # most paragraphs: no word any line rule starts from
    spans = sentence_spans(text)
    if len(spans) < 2:
        return text, []
    removed: list[RemovedLine] = []
    kept: list[str] = []
    for start, end in spans:
        sentence = text[start:end]
        rule = line_rule(sentence, shouting_document=shouting_document)
        if rule is None or rule.name not in _SENTENCE_RULES:
            kept.append(sentence)
        else:
            removed.append(RemovedLine(sentence, rule.reason))
    if not removed:
        return text, []
    addressed = sum(bool(_TO_THE_READER.search(text[start:end])) for start, end in spans)
    if len(spans) >= _FORM_MIN_SENTENCES and addressed >= _FORM_READER_SHARE * len(spans):
        # A sign-up form: a prompt among sentences that nearly all speak to the reader.
        return "", [RemovedLine(text, removed[0].reason)]
    return " ".join(kept), removed



# --- Entry point -------------------------------------------------------------

def clean_text(
    raw: str,
    *,
    headline_max_words: int = 25,
    standfirst_max_words: int = 35,
    subheading_max_words: int = 10,
    tail_lines: int = 4,
    min_wrapped_chars: int = 40,
) -> CleanedText:
    """Return the article's news paragraphs, its metadata, and every dropped line with its reason.

    ``paragraphs`` are the kept lines verbatim (whitespace collapsed; a
    hard-wrapped paragraph's lines joined by a space). The headline is lifted
    into ``headline``; author, outlet and date come from the byline, the line
    next to it, an agency credit and the dateline. The tuning knobs are word
    counts for the shape rules (see the module docstring).
    """
    lines = _logical_lines(raw, min_wrapped_chars=min_wrapped_chars)
    if not lines:
        return CleanedText(paragraphs=())
    # In a document typed in capitals a line in capitals is not a heading.
    shouting = _upper_share(" ".join(line.text for line in lines)) >= _SHOUTING_SHARE
    reasons: list[str | None] = [_marker_reason(line.text, shouting_document=shouting) for line in lines]
    _mark_blocks(lines, reasons)
    _mark_byline_neighbours(lines, reasons)
    # Shape rules need punctuation to tell text from furniture; without any, keep the text.
    has_sentences = any(_has_terminal(line.text) for line, reason in zip(lines, reasons) if reason is None)
    headline_position: int | None = None
    if has_sentences:
        headline_position = _mark_lead(lines, reasons, headline_max_words=headline_max_words,
                                       standfirst_max_words=standfirst_max_words)
        first_body = next((p for p, r in enumerate(reasons) if r is None), len(lines))
        _mark_body(lines, reasons, subheading_max_words=subheading_max_words, start=first_body)
        _mark_tail(lines, reasons, tail_lines=tail_lines)
    _mark_duplicates(lines, reasons)
    if all(reason is not None for reason in reasons):
        # Never return nothing for a file with text: keep what no marker claimed, else everything.
        reasons = [None if reason in {"headline", "standfirst", "caption", "subheading", "trailing line", "duplicate"}
                   else reason for reason in reasons]
        if all(reason is not None for reason in reasons):
            reasons = [None] * len(lines)
        headline_position = None
    author, outlet, published = _metadata(lines, reasons)
    headline = lines[headline_position].text if headline_position is not None else None
    kept, dropped = _kept_paragraphs(lines, reasons, shouting_document=shouting, cut_inside=True)
    if not kept and any(reason is None for reason in reasons):
        # What is left of the text is all furniture cut from inside lines: keep those lines whole.
        kept, dropped = _kept_paragraphs(lines, reasons, shouting_document=shouting, cut_inside=False)
    return CleanedText(paragraphs=tuple(kept), headline=headline, author=author, outlet=outlet,
                       published=published, removed=tuple(dropped))


def _kept_paragraphs(
    lines: Sequence[_Line], reasons: Sequence[str | None], *, shouting_document: bool, cut_inside: bool,
) -> tuple[list[str], list[RemovedLine]]:
    """The kept lines, each less an opening dateline and, with ``cut_inside``, the furniture inside it.

    Inside a line: name cards, an agency's pickup note at its end, and sentences
    that are prompts to the reader (or the whole line, when it is a sign-up form).
    """
    kept: list[str] = []
    dropped: list[RemovedLine] = []
    for line, reason in zip(lines, reasons):
        if reason is not None:
            dropped.append(RemovedLine(line.text, reason))
            continue
        text = line.text
        if not kept:
            dateline, text = _split_inline_dateline(text)
            if dateline:
                dropped.append(RemovedLine(dateline, "dateline"))
        if cut_inside:
            text, cards = _split_name_cards(text)
            dropped.extend(RemovedLine(card, "name card") for card in cards)
            text, pickup = _split_wire_pickup(text)
            if pickup:
                dropped.append(RemovedLine(pickup, "agency pickup note"))
            text, furniture = _split_furniture_sentences(text, shouting_document=shouting_document)
            dropped.extend(furniture)
        if text:
            kept.append(text)
    return kept, dropped
