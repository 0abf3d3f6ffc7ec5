"""Cleaning: separate an article's news text from its page furniture.

A scraped or pasted article carries, around its news paragraphs, whatever the
page showed: headline, byline, dateline, photo captions and credits, share and
newsletter prompts, related links, comment forms, agency credits, reader FAQs.
None of that may reach the summary or the differences, yet none of it may be
silently lost either: every dropped line is kept in ``CleanedText.removed``
with the rule that dropped it, and the headline, author, outlet and date are
lifted into metadata.

The rules are general, so they work on outlets never seen:

1. **Marker rules** look at one line: marker words at the line start
   ("Image source", "Sign up", "Related", "By ..."), a photo credit at the line
   end ("... Photo: Name/Agency", "REUTERS/Name"), whole-line shapes (a date
   and nothing else, a social post signature "— Name (@handle) May 1, 2020",
   a line in capitals, a line that is only a URL prompt).
2. **Block rules** follow a marker to the lines it governs: the caption after
   a caption marker ("image description,"), the questions and answers after a
   "FAQ" heading, the link titles after "Related Posts", the form after
   "Leave a Reply".
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
from collections.abc import Sequence
from dataclasses import dataclass

from .models import CleanedText, RemovedLine

# --- Shapes -----------------------------------------------------------------

# A sentence ends with . ! ? or an ellipsis, possibly followed by closing quotes
# or brackets; a line ending in a closing quote is quoted speech, which is text.
_TERMINAL = re.compile(r"""[.!?…]['"’”)\]]*\s*$""")
# A line ending in a closing quote is quoted speech when it is long; a short one is a pull quote.
_QUOTE_END = re.compile(r"""[,;]?['"’”]\s*$""")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)
# Both patterns run on every line, so each can only start where a run of its characters
# starts (a lookbehind) and eats that run without giving any back (possessive ``++``):
# linear in the line's length. "\b[\w-]+\." tried from every letter of "a-a-a-..." was
# quadratic (4 minutes on a 200,000-character token).
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w-])[\w-]++\.(?:com|co\.uk|org|net|ly|rs|ws|co|news)/\S*"
                  r"|\bt\.co/\S+", re.I)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,30}\b")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]+\b")

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
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
      | et | ct | mt | pt | est | edt | cst | cdt | mst | mdt | pst | pdt | utc | gmt | bst | cet | cest | eet | eest
      | ist | aest | aedt | jst | hkt | sgt | wat | eat | sast | msk
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

# --- Marker words (generic English web furniture) ----------------------------

_ADVERT_LINES = frozenset({
    "advertisement", "advertisements", "ad", "ads", "sponsored", "sponsored content", "paid content",
    "promoted", "promoted content", "story continues below", "story continued below",
    "article continues below", "continue reading", "continue reading below",
    "continue reading the main story", "skip advertisement", "scroll to continue with content",
    "loading", "close", "ad feedback", "advertisement continue reading below",
})
_SOCIAL = frozenset({
    "share", "shares", "sharing", "facebook", "twitter", "x", "pinterest", "linkedin", "whatsapp",
    "email", "e-mail", "mail", "reddit", "messenger", "print", "copy", "link", "copied", "tweet",
    "instagram", "youtube", "telegram", "tiktok", "flipboard", "save", "comments", "comment",
    "this", "page", "article", "story", "on", "via", "the", "to", "with", "your", "friends",
})

_START_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.I))
    for reason, pattern in (
        ("credit", r"^(?:image|picture|photo|video)\s+(?:source|copyright|credit)s?\b"),
        ("credit", r"^(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*\d{4}\b|^©|\ball rights reserved\b"),
        ("caption", r"^(?:image|photo|picture|media)\s+(?:caption|description)\b"),
        ("caption", r"^(?:enlarge this image|toggle caption|hide caption|show caption)\b"),
        ("video", r"^(?:media playback is unsupported|play video\b|watch video\b|video\s*:)"),
        ("video", r"^embed\b.*\bautoplay\b|copy this code to your website"),
        ("caption", r"^(?:photo|photograph|picture|pic|caption|file photo|pictured)\s*[:|]"),
        ("caption", r"^\((?:photo|photograph|picture)s?\s+(?:by|courtesy|credit)\b"),
        ("caption", r"^(?:photo|photograph|picture)s?\s+(?:by|courtesy of|credit)\s+[A-Z][^.]{0,60}$"),
        ("caption", r"^representational\s+(?:image|photo|picture)\b"),
        ("share prompt", r"^(?:share|tweet|email|print)\s+(?:this|on|via|with|the)\b[^.!?]{0,40}$"),
        ("share prompt", r"^read or share this\b"),
        ("comment form", r"^(?:leave|post|add|write)\s+a\s+(?:reply|comment|response)\b\W*(?:\w+\W*){0,4}$"),
        ("comment form", r"^your email address will not be published|required fields are marked"),
        ("comment form", r"^(?:save my name|notify me of|be the first to comment|join the (?:conversation|discussion)"
                         r"|show comments|view comments|\d+\s+comments?\s*$|comments?\s*\(\d+\)\s*$)"),
        ("related links", r"^read the (?:most recent|latest) (?:articles|stories|posts) (?:written )?by\b"),
        ("related links", r"^(?:related|see also|also read|read also|read next|up next|more from \w+(?: \w+)?|recommended"
                          r"|you (?:may|might) also like|most read|most popular|trending(?: now)?|top stories|more stories)"
                          r"(?:\s+(?:posts|articles|stories|coverage|content|reading|links|videos?|news))?\s*(?:[:|\-–—].*)?$"),
        ("related links", r"^related (?:posts|articles|stories|coverage|content|reading|links|videos?)\b"),
        ("related links", r"^(?:read more|more|watch|listen|see)\s*[:|\-–—]"),
        ("related links", r"^read more\b.{0,60}$|\bread more\s*$"),
        ("follow prompt", r"^follow\s+(?:us|me|him|her|them|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s+on\s+"
                          r"(?:twitter|x|facebook|instagram|threads|linkedin|tiktok|bluesky|youtube)\b"),
        ("contact", r"^please include a contact number|\byou can (?:also )?contact us\b|^get in touch\b"),
        ("link", r"^(?:check out|see|read|watch|view|download|find)\b.{0,60}\bhere\s*[.!:]?$"),
        ("contact", r"^(?:send|email|e-mail)\s+(?:us\s+)?(?:your\s+)?(?:a\s+)?(?:news\s+)?tips?\b|^contact us\b"
                    r"|^(?:got|have) a (?:news )?tip\b"),
        ("subscribe prompt", r"^(?:sign up|subscribe|register|join|download|install|get|want|never miss|don['’]t miss"
                             r"|stay (?:up to date|informed|updated)|interested in|let our news|become a member"
                             r"|click|tap|like us|tune in)\b"
                             r".*\b(?:newsletters?|inbox|sign(?:ing)? up|subscribe|subscription|app|apps|alerts?|channel"
                             r"|notifications|podcast|telegram|whatsapp|membership|updates|here|interest|briefing|digest|emails?)\b"),
        ("subscribe prompt", r"^(?:sign up|subscribe)\s*(?:now|here|today)?\W*$"),
        ("reader Q&A", r"^(?:faqs?|frequently asked questions|reader(?:s['’])? q\s?&\s?a|your questions answered)\s*:?$"),
        ("quiz", r"^(?:quiz|poll)\s*:"),
    )
)
# Marker phrases that make a line furniture wherever they appear in it.
_ANYWHERE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.I))
    for reason, pattern in (
        ("subscribe prompt", r"\b(?:sign up|subscribe)\s+(?:here|now|for free|today)\b|\bclick here to (?:join|subscribe|sign up|get|download)"
                             r"|\bjoin our (?:\w+ )?(?:channel|community|newsletter|mailing list)\b|\bis now on (?:telegram|whatsapp)\b"
                             r"|\bdelivered (?:straight |directly )?to your inbox\b|\bmanage newsletters\b|\bprotected by recaptcha\b"
                             r"|\bby signing up,? you agree\b|\bget it in your inbox\b"),
        ("click prompt", r"\bclick here\b|\bclicking here\b"),
        ("embedded post", r"pic\.twitter\.com/|[—–-]\s*[^—–\n]{1,60}\(@\w{1,30}\)\s+(?:{m})\w*\.? \d{1,2},? \d{4}\s*$".replace("{m}", _MONTHS)),
        ("agency credit", r"\bcontributed (?:reporting )?to this (?:report|article|story)\b|^additional reporting by\b"
                          r"|^contributing\s*:|^\(\s*(?:with (?:inputs from )?[\w .&/-]{1,40} inputs?|(?:additional )?reporting by\b|editing by\b|writing by\b)"
                          r"|^(?:reporting|writing) by\b[^.]{0,80};\s*editing by\b"),
        ("timestamp", r"^\W*(?:this (?:report|story|article|post) (?:was|has been) (?:last )?updated\b|last updated\b)"),
        ("timestamp", r"^this (?:article|story|content) is more than \S+ \w+ old$"),
        ("caption", r"\((?:representational|file) (?:image|photo|picture)\)|\brepresentational (?:image|photo|picture)\s*$"),
    )
)
# A byline: a marker, then names (capitalised words, initials, "and", "&", commas).
_BYLINE = re.compile(r"^[-–—•|*\s]*(?:by|written by|words by|reported by|story by|text by|author:?)\s+(?P<names>\S.*)$", re.I)
_NAME_CONNECTORS = frozenset({"and", "&", "with", "de", "van", "von", "der", "da", "del", "la", "le", "bin", "al", "in"})
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
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,5}"
    r"(?:reporter|correspondent|writer|editor|columnist|contributor|journalist|producer|intern)\b")
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
    r"""(?:\s*\([^()]{1,40}\))?\s*(?:--?|[—–_:])\s*)"""
    r"""(?=["“‘'A-Z0-9])"""
)
# An outlet or agency credit in brackets that opens the first paragraph: "(CNN) Former ...".
_INLINE_CREDIT = re.compile(r"""^(?P<dateline>\((?:[A-Z][\w.&'’-]*)(?:\s+[A-Z][\w.&'’-]*){0,3}\)\s*(?:(?:--?|[—–_:])\s*)?)(?=["“‘'A-Z0-9])""")


@dataclass(frozen=True, slots=True)
class _Line:
    """One logical input line: stripped text and its position among non-empty lines."""

    index: int
    text: str


# --- Small predicates ---------------------------------------------------------

def _words(text: str) -> list[str]:
    return _WORD.findall(text)


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
    content = [word for word in words if word.lower() not in _NAME_CONNECTORS]
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
    if not words or len(words) > 10 or re.search(r"[.!?]\s", core):
        return False
    lower = [word for word in words if word[0].islower() and not any(char.isdigit() or char.isupper() for char in word)
             and word.lower() not in {"via", "for", "and", "of", "the", "photo", "images", "stock", "file"}]
    if lower:
        return False
    if "/" in core or "|" in core or re.search(r"\bvia\b", core):
        return True
    return bool(_AGENCY_WORDS.fullmatch(core.strip().rstrip("."))) or bool(
        re.search(r"(?:^|\s)(?:getty images(?: plus)?|ap photo|stock photo)$", core, re.I))


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
    match = re.match(rf"^(?!(?:A|An|The|In|On|At)\s)({name}\s?/\s?(?:{name}\s?/\s?)*)({_PHOTO_AGENCY.pattern})\s+[A-Z]", text)
    return bool(match)


def _is_date_only(text: str) -> bool:
    """True when ``text`` is a date and/or time and nothing else ('September 24, 2023, 4:40 p.m. BST')."""
    if not re.search(rf"\d|\b(?:{_MONTHS})\b", text, re.I):
        return False
    tokens = [token for token in re.split(r"[\s,|•·()/–—-]+", text.strip()) if token]
    if not tokens or len(tokens) > 12:
        return False
    if not all(_DATE_TOKEN.match(token.rstrip(".")) or _DATE_TOKEN.match(token) for token in tokens):
        return False
    return bool(_HAS_DATE.search(text) or re.search(r"\b\d{4}\b", text))


def _timestamp_reason(text: str) -> str | None:
    """'dateline' for a date line, 'timestamp' for update/age lines, else None."""
    words = _words(text)
    marker = re.match(r"^\W*(?:updated|published|posted|last updated|first published|modified)\b\s*:?", text, re.I)
    if marker and len(words) <= 12:
        # Only the date, time or age may follow the marker: "Updated figures show ..." is news.
        rest = [token for token in re.split(r"[\s,|•·()–—]+", text[marker.end():]) if token]
        other = [token for token in rest
                 if not (_DATE_TOKEN.match(token.rstrip(".")) or _AGE_TOKEN.fullmatch(token.rstrip(".")))]
        if rest and len(other) <= 1:
            return "timestamp"
    if re.fullmatch(r"\W*(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\W*", text, re.I):
        return "timestamp"
    if _is_date_only(text):
        return "dateline"
    return None


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
        month = int(month_text) if month_text.isdigit() else _MONTH_NUMBER.get(month_text, 0)
        day, year = int(match.group("day")), int(match.group("year"))
        if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


# --- Line rules ------------------------------------------------------------

def _marker_reason(text: str, *, shouting_document: bool = False) -> str | None:
    """The furniture kind a single line shows by its own markers, or None for text.

    Only looks at the line itself; position rules come later.
    """
    words = _words(text)
    n_words = len(words)
    bare = re.sub(r"[^\w\s]", "", text).strip().lower()
    if bare in _ADVERT_LINES or re.fullmatch(r"\W*(?:advertisement|ad)\W*", text, re.I):
        return "advertisement"
    if n_words == 0:
        return "symbols"
    byline = _BYLINE.match(text)
    if byline and _is_name_list(byline.group("names").split("|")[0]):
        return "byline"
    timestamp = _timestamp_reason(text)
    if timestamp:
        return timestamp
    for reason, pattern in _START_MARKERS:
        if pattern.search(text):
            # Prompts speak to the reader or are not sentences; news sentences rarely say "you".
            if reason == "subscribe prompt" and _has_terminal(text) and not re.search(r"\b(?:you|your|here)\b|\?", text, re.I):
                continue
            if reason == "credit" and re.search(r"\b(?:image|media|photo) caption\b", text, re.I):
                return "caption"
            # A subscribe-like opening ("Get", "Join", "Support") in a long line is news.
            if reason in {"subscribe prompt", "related links", "share prompt", "contact"} and n_words > 45:
                continue
            return reason
    for reason, pattern in _ANYWHERE_MARKERS:
        found = pattern.search(text)
        if found and not _inside_quote(text, found.start()):
            if reason in {"click prompt", "agency credit", "subscribe prompt"} and n_words > 45:
                continue
            if reason == "caption" and n_words > 20:
                continue
            return reason
    social = [word.lower() for word in words]
    if n_words <= 12 and all(word in _SOCIAL for word in social) and any(
            word in {"share", "facebook", "twitter", "pinterest", "linkedin", "whatsapp", "tweet", "email"} for word in social):
        return "share prompt"
    if text.startswith(("FILE -", "FILE –", "FILE:", "FILE PHOTO", "(FILE")) or re.match(
            r"^(?:FILE\s*[-–—]\s*)?In (?:this|a|an) (?:\S+\s+){0,8}?(?:file )?(?:photo|image|picture|handout)\b", text):
        return "caption"
    if _credit_head(text):
        return "caption"
    tail = _credit_tail(text)
    if tail is not None:
        return "credit" if len(_words(tail)) >= n_words - 1 else "caption"
    if n_words <= 6 and not _has_terminal(text) and "/" in text and _is_credit(text):
        return "credit"
    if re.fullmatch(r"\((?:[^()]*/[^()]*)\)", text) and _is_credit(text):
        return "credit"
    if _URL.search(text) and (n_words <= 12 or (n_words <= 25 and not _has_terminal(_URL.sub("", text).strip()))):
        # "Read the report: https://..." points away from the article; a sentence citing a site stays.
        return "link"
    if _EMAIL.search(text) and n_words <= 15:
        return "contact"
    if _HANDLE.search(text) and n_words <= 8 and not _has_terminal(text):
        return "follow prompt"
    if _starts_with_emoji(text) and n_words <= 40:
        return "promo"
    if n_words <= 25 and _GLUED_LINK.match(text) and not _has_terminal(text):
        return "related links"
    if re.search(r"\bshow hide\b", text, re.I):
        return "widget"
    shouted = _upper_share(text) >= 0.85 and sum(char.isalpha() for char in text) >= 8
    if shouted and not shouting_document and 2 <= n_words <= 25:
        # A line in capitals is a teaser link ("CLICK HERE ...", a long one) or a section heading.
        if re.match(r"^\W*(?:click|watch|read|listen|see|more|get|download|sign|subscribe)\b", text, re.I) or n_words >= 6:
            return "related links"
        return "subheading"
    return None


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


def _mark_blocks(lines: Sequence[_Line], reasons: list[str | None]) -> None:
    """Extend markers to the lines they govern (captions, FAQ answers, link lists, comment forms)."""
    count = len(lines)
    position = 0
    while position < count:
        text = lines[position].text
        reason = reasons[position]
        if reason in {"caption", "credit"} and _CAPTION_MARKER_ONLY.match(text) and position + 1 < count:
            # "image description," introduces the caption on the next line.
            if reasons[position + 1] is None and len(_words(lines[position + 1].text)) <= 40:
                reasons[position + 1] = "caption"
        elif reason == "credit" and re.match(r"^(?:image|picture|photo)\s+source\b", text, re.I) and position + 1 < count:
            following = lines[position + 1].text
            if reasons[position + 1] is None and not _has_terminal(following) and len(_words(following)) <= 30:
                reasons[position + 1] = "caption"
        elif reason == "reader Q&A":
            position = _mark_faq(lines, reasons, position + 1)
            continue
        elif reason == "related links" and len(_words(text)) <= 4:
            # A "Related Posts" heading: the link titles that follow are short and unpunctuated.
            follower = position + 1
            while follower < count and (reasons[follower] is not None or (
                    len(_words(lines[follower].text)) <= 20 and not _has_terminal(lines[follower].text))):
                if reasons[follower] is None:
                    reasons[follower] = "related links"
                follower += 1
        elif reason == "comment form" and position >= count // 2:
            # Everything after a comment form at the end of the page is the form or readers' comments.
            for follower in range(position + 1, count):
                if reasons[follower] is None:
                    reasons[follower] = "comment form"
            return
        position += 1


def _mark_faq(lines: Sequence[_Line], reasons: list[str | None], start: int) -> int:
    """Mark the question/answer lines after a FAQ heading; return the first line after the block."""
    position = start
    expect_answer = False
    while position < len(lines):
        text = lines[position].text
        question = bool(_FAQ_QUESTION.match(text)) or (text.rstrip().endswith("?") and len(_words(text)) <= 25)
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
                and 2 <= len(words) <= 7 and _is_name_list(text, max_words=7) and not _has_terminal(text)
                and len(_words(lines[position + 1].text)) <= 4 and not _has_terminal(lines[position + 1].text)
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
                if 1 <= len(words) <= 5 and not _has_terminal(text) and _capitalised_share(words) >= 0.6:
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
        elif listing and len(_words(line.text)) <= 30:
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
        if text.endswith("?") and len(words) > 8:
            continue
        if len(words) <= subheading_max_words:
            reasons[position] = "trailing line" if position > last_sentence else "subheading"
        elif position > last_sentence and len(words) <= 2 * subheading_max_words and _capitalised_share(words) >= 0.6:
            reasons[position] = "trailing line"


def _mark_tail(lines: Sequence[_Line], reasons: list[str | None], *, tail_lines: int) -> None:
    """Author bios in the last lines of an article ('Jane Roe is a reporter for ...')."""
    for position in range(max(0, len(lines) - tail_lines), len(lines)):
        if reasons[position] is None and _AUTHOR_BIO.match(lines[position].text) and len(_words(lines[position].text)) <= 40:
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
    if len(letters) < (2 if credit else 3) or len(_words(rest)) < min_rest_words or _upper_share(rest) >= 0.6:
        return None, text
    return dateline.strip(), rest


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
    shouting = _upper_share(" ".join(line.text for line in lines)) >= 0.6
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
        kept.append(text)
    paragraphs = tuple(kept)
    removed = tuple(dropped)
    return CleanedText(paragraphs=paragraphs, headline=headline, author=author, outlet=outlet,
                       published=published, removed=removed)
