"""Offline sentence splitting: paragraphs in, verbatim sentences out.

Every later step quotes sentences word for word and links citations to them,
so the one hard promise here is that each sentence is an exact, stripped slice
of its paragraph, in order, and that nothing but the whitespace between
sentences is lost. The splitter therefore never builds text: it decides where
sentences end and returns slices (``sentence_spans`` gives the offsets).

How it decides
--------------
The paragraph is cut into whitespace-separated tokens, and each gap between
two tokens is judged by looking only at its two neighbours (and, for speech
attributions, at most a few tokens ahead), so the work is linear in the text:

* A gap ends a sentence only after ``.``, ``!``, ``?``, an ellipsis or another
  script's sentence mark (``।``, ``؟``, ...), possibly followed by closing
  quotes or brackets, and only when the next word does not start with a
  lower-case letter (``"Over," he said`` and ``Wait... what?`` stay whole).
* After a full stop, the word before it is checked against short lists of
  abbreviations, in the spirit of Punkt (Kiss and Strunk, 2006, "Unsupervised
  Multilingual Sentence Boundary Detection", Computational Linguistics 32(4)),
  but with hand-written lists (``generator.lexicon``) instead of statistics
  learnt at run time:
  titles (``Mr``, ``Dr``, ``Gen``, ``St``, ``vs`` ...) never end a sentence;
  ``No``/``Fig``/``pp`` do not before a number; month names do not before a
  number; company and other suffixes (``Inc``, ``Ltd``, ``Jr``, ``etc``),
  dotted abbreviations (``U.S.``, ``a.m.``) and single initials (``J.``) end a
  sentence only when the next word is a frequent sentence starter (``The``,
  ``He``, ``But`` ...), which is Punkt's "frequent sentence starter" heuristic.
* A quoted question or exclamation followed by a short speech attribution
  (``"Is it over?" Smith asked.``) stays one sentence, so no fragment like
  ``Smith asked.`` is ever a sentence of its own. A quoted full stop followed
  by a capital ends the sentence: English attributes speech after a comma.
* A line break ends a sentence when the next line does not start in lower
  case (and the line does not end in a title or initial, ``Dr.``/``J.``), so
  headlines, list items and ``Q:``/``A:`` lines are sentences of their own
  even without a full stop. A paragraph with no sentence punctuation is one
  sentence.
* Chinese and Japanese full stops (``。！？``) end a sentence even without a
  following space.
* A piece with no letter or digit (a lone quote mark, an emoji) is joined to
  the sentence before it rather than standing alone.

Quotes that span several sentences are split where a reader would see a
sentence end (``"It is over. We lost," she said.`` gives ``"It is over.`` and
``We lost," she said.``): those are real sentences, and clustering works
better on sentence-sized units than on a whole quoted paragraph.

Why not pysbd
-------------
pysbd (Sadvilkar and Neumann, 2020, "PySBD: Pragmatic Sentence Boundary
Disambiguation", NLP-OSS) was evaluated against this splitter (pysbd 0.3.4,
``clean=False, char_span=True``):

* Speed. pysbd's run time grows about quadratically with paragraph length:
  50 kB of short sentences on one line took 3.8 s and 250 kB took 74 s, so a
  1 MB line would take many minutes. Guarding it means chunking the text
  ourselves at "safe" sentence ends, i.e. writing most of a splitter anyway.
  On 4,977 paragraphs of public news (DUC 2004, BASIL, NeuS) pysbd took 45 s
  and this splitter under 1 s; on a 1 MB line this splitter takes 0.2-0.3 s
  of CPU for ordinary text and under 1.5 s for adversarial text.
* Correctness. On those paragraphs the two disagree mainly on quotes that
  span several sentences, which pysbd keeps whole. pysbd also left 144
  fragments (a lone ``"``, ``, said ...`` after ``R-Ky.``, ``Frei asked.``
  after a quoted question), split ``5 p.m. | Eastern time`` and
  ``Section | 2.``; this splitter left none. Its known misses are company
  suffixes before a capitalised word that is not a common sentence starter
  (``... Sun Microsystems Inc. AOL, the leading ...`` stays one sentence),
  which errs towards longer sentences rather than fragments.
* Verbatim slices come for free here; with pysbd they must be mapped back.

Languages: tuned for English. Other languages written with spaces and
``.!?`` (French, German, Spanish, Russian, ...) split at ordinary sentence
ends, with German/French quotes (``„...“``, ``« ... »``) and German dates
(``3. Oktober``) handled, but their own abbreviations are not known.
Chinese/Japanese ``。！？`` (also without a space), Devanagari ``।``,
Arabic/Urdu ``؟ ۔``, Armenian ``։`` and Ethiopic ``።`` are sentence marks; the
Greek question mark ``;`` is not, and Thai (no sentence punctuation) stays one
sentence per line. Any Unicode input is accepted; nothing raises on odd text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .lexicon import (
    BEFORE_NUMBER_ABBREVIATIONS,
    GERMAN_MONTHS,
    MONTH_ABBREVIATIONS,
    SENTENCE_STARTERS,
    SPEECH_VERBS,
    SUFFIX_ABBREVIATIONS,
    TITLE_ABBREVIATIONS,
)
from .models import Article, Sentence
from .text import quote_marks

# Characters that end a sentence only when followed by whitespace and a word
# that could start a sentence.
_STOP = "."
_STRONG_MARKS = "!?‽⁇⁈⁉।॥؟۔։።"
_ELLIPSIS = "…"
_TERMINATORS = _STOP + _STRONG_MARKS + _ELLIPSIS
# Chinese/Japanese marks end a sentence even with no space after them.
_CJK_MARKS = "。！？｡"
# Closing quotes and brackets that may follow a sentence mark and belong to the
# sentence it ends.
# The straight quotes are ambiguous; right after a mark they can only be
# closing, and so can “ and ‘, which German uses to close („Ja.“).
_CLOSERS = "\"'”’“‘»›«‹)]}」』】〕）"
_QUOTE_CLOSERS = "\"'”’“‘»›«‹」』"
# Characters that may open a sentence before its first word.
_OPENERS = "\"'“‘„‚«‹»›([{¿¡「『【〔（*•·–—-_"
_FORWARD_OPENERS = "“‘„‚«‹([{¿¡「『【〔（*•·–—-_"
_ALL_MARKS = _TERMINATORS + _CJK_MARKS
_CLAUSE_ENDINGS = frozenset(_ALL_MARKS + ",;:")

_JAPANESE_QUOTATIVE = frozenset("とっ")
_MONTH_ABBREVIATIONS = frozenset(MONTH_ABBREVIATIONS)

_ATTRIBUTION_VERBS = SPEECH_VERBS | {"saying"}
"""Speech verbs, and "saying" for ``"Why not?" Mr. Roe was quoted as saying, smiling.``"""
_ATTRIBUTION_MAX_WORDS = 5
"""A speech attribution after a closing quote is at most this many words, titles and initials not counted
(``Sir Mark Rowley said.``, ``Mr. Roe was quoted as saying,``)."""

_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_DASHES = frozenset({"—", "–", "--"})
_CANDIDATE_ENDINGS = frozenset(_TERMINATORS + _CJK_MARKS + _CLOSERS)
# A token is a run of non-space characters, cut after a run of CJK sentence
# marks (and its closing quotes) because those languages put no space there.
# Possessive quantifiers keep the scan linear on long runs of one character.
_TOKEN = re.compile(
    rf"[^\s{_CJK_MARKS}]++(?:[{_CJK_MARKS}]++[{re.escape(_CLOSERS)}]*+)?"
    rf"|[{_CJK_MARKS}]++[{re.escape(_CLOSERS)}]*+"
)
_LINE_BREAK = re.compile(f"[{_LINE_BREAKS}]")
_LEADING_WORD = re.compile(r"[^\W_]+")
_WORD_CHARACTER = re.compile(r"[^\W_]")
_DOTTED_ABBREVIATION = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_INITIAL = re.compile(r"[^\W\d_]\.")


def _has_word_character(text: str) -> bool:
    """Whether ``text`` holds at least one letter or digit."""
    return _WORD_CHARACTER.search(text) is not None


def _first_character(token: str) -> str:
    """The first character of ``token`` after any opening quotes or brackets ('' if none)."""
    return token.lstrip(_OPENERS)[:1]


def _first_word(token: str) -> str:
    """The leading letters and digits of ``token``, after opening quotes, lower-cased."""
    found = _LEADING_WORD.match(token.lstrip(_OPENERS))
    return found.group().lower() if found else ""


def _starts_lowercase(token: str) -> bool:
    """Whether the token's first character after openers is a lower-case letter."""
    return _first_character(token).islower()


def _is_attribution(tokens: Sequence[str], start: int) -> bool:
    """Whether the tokens from ``start`` form a short speech attribution (``Smith said.``).

    The attribution must end (with a stop or comma) within a few words, begin
    with a capitalised word and contain a speech verb, so ``He said the team was
    ready.`` is a sentence while ``He added.`` is not.
    """
    clause: list[str] = []
    words = 0
    for token in tokens[start:]:
        clause.append(token)
        core = token.rstrip(_CLOSERS)
        if _is_name_part(core):
            continue  # a title or an initial ("Mr. Smith asked."): part of the name, not its end
        words += 1
        if core[-1:] in _CLAUSE_ENDINGS:
            break
        if words == _ATTRIBUTION_MAX_WORDS:
            # No stop within the limit: a real sentence, unless the paragraph ends.
            if start + len(clause) < len(tokens):
                return False
            break
    if not clause or not _first_character(clause[0]).isupper():
        return False
    return any(_first_word(token) in _ATTRIBUTION_VERBS for token in clause)


def _is_name_part(core: str) -> bool:
    """Whether a token (closers stripped) is a title or an initial before a name: ``Mr.``, ``Sen.``, ``J.``."""
    if not core.endswith(_STOP):
        return False
    word = core[:-1].lstrip(_OPENERS)
    return word.lower() in TITLE_ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _ends_sentence(tokens: Sequence[str], index: int, line_break: bool) -> bool:
    """Whether a sentence ends between ``tokens[index]`` and ``tokens[index + 1]``."""
    token, following = tokens[index], tokens[index + 1]
    core = token.rstrip(_CLOSERS)
    word = core.rstrip(_ALL_MARKS)
    next_first = following.lstrip(_OPENERS)[:1]
    if next_first.islower():
        # Whatever came before, a lower-case word continues the sentence
        # ("Over," he said / a line wrapped mid-sentence).
        return False
    if line_break:
        # A new line that starts with a capital, digit or symbol is a new
        # sentence (headlines, list items, Q:/A: lines), except after a title
        # or an initial, where a name was wrapped ("Dr.\nLee").
        return not _is_name_part(core)
    if len(word) == len(core):
        return False  # no sentence mark
    marks = core[len(word) :]
    if marks[-1] in _CJK_MARKS:
        # Japanese quotes a sentence and goes on with the particle と
        # (「終わりだ。」と彼は言った。): that is one sentence.
        return not (len(core) < len(token) and next_first in _JAPANESE_QUOTATIVE)
    quoted = len(core) < len(token) and any(quote in _QUOTE_CLOSERS for quote in token[len(core) :])
    if marks != _STOP:
        # ! ? … or a run such as "..." or "?!": a sentence end before a
        # capital, unless a quoted question or exclamation is followed by its
        # attribution ("Why?" Smith asked.). After a quoted full stop English
        # puts a new sentence: the attribution would follow a comma instead.
        return not (quoted and _is_attribution(tokens, index + 1))
    if quoted:
        return True
    word = word.lstrip(_OPENERS)
    lowered = word.lower()
    if lowered in TITLE_ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        # An initial (J. K. Rowling, J. A. Smith), unless a common sentence
        # starter follows (Plan B. The ...).
        return not _INITIAL.fullmatch(following) and _first_word(following) in SENTENCE_STARTERS
    if lowered.isdigit() and len(lowered) <= 2 and _first_word(following) in GERMAN_MONTHS:
        return False  # a German date: "am 3. Oktober"
    if lowered in BEFORE_NUMBER_ABBREVIATIONS or lowered in _MONTH_ABBREVIATIONS:
        if next_first.isdigit():
            return False
        return lowered in BEFORE_NUMBER_ABBREVIATIONS or _first_word(following) in SENTENCE_STARTERS
    if lowered in SUFFIX_ABBREVIATIONS or _DOTTED_ABBREVIATION.fullmatch(word):
        return _first_word(following) in SENTENCE_STARTERS
    return True


def _candidates(text: str, token_spans: Sequence[tuple[int, int]]) -> tuple[list[int], set[int]]:
    """Indexes of the tokens after which a sentence could end, and those followed by a line break.

    Only tokens ending in a sentence mark or a closer, or followed by a line
    break, need judging; finding them up front keeps long paragraphs of plain
    words cheap.
    """
    candidates = {
        index
        for index, (_, end) in enumerate(token_spans)
        if text[end - 1] in _CANDIDATE_ENDINGS
    }
    before_break: set[int] = set()
    if _LINE_BREAK.search(text):
        starts = [start for start, _ in token_spans]
        for line_break in _LINE_BREAK.finditer(text):
            # The token before the break is the last one starting before it.
            before_break.add(bisect.bisect_left(starts, line_break.start()) - 1)
        before_break.discard(-1)
        candidates |= before_break
    last = len(token_spans) - 1
    return sorted(index for index in candidates if index < last), before_break


def sentence_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, end)`` offsets of the sentences of ``paragraph``, in order.

    ``paragraph[start:end]`` is the sentence: it has no surrounding whitespace,
    spans never overlap, and only whitespace lies between them. Offsets let a
    caller mark sentences inside the original text without searching for them.
    """
    token_spans = [match.span() for match in _TOKEN.finditer(paragraph)]
    if not token_spans:
        return ()
    tokens = [paragraph[start:end] for start, end in token_spans]
    candidates, before_break = _candidates(paragraph, token_spans)
    spans: list[tuple[int, int]] = []
    first = 0  # index of the first token of the sentence being built
    resume = 0  # candidates before this were already judged with a run of symbols
    for index in candidates:
        if index < resume or not _ends_sentence(tokens, index, index in before_break):
            continue
        # Closing quotes or emoji standing alone after a sentence end belong
        # to the sentence they close; the end moves to after them.
        last = index
        while (
            last + 1 < len(tokens)
            and not _has_word_character(tokens[last + 1])
            and tokens[last + 1].strip(_FORWARD_OPENERS)
        ):
            last += 1
        if last + 1 == len(tokens):
            break
        resume = last + 1
        if last > index and _starts_lowercase(tokens[last + 1]):
            continue
        if tokens[last + 1] in _DASHES and last + 2 < len(tokens) and _starts_lowercase(tokens[last + 2]):
            continue  # "... pink and pearls!” — whose commentary ...": a dash and a lower-case word go on
        spans.append((token_spans[first][0], token_spans[last][1]))
        first = last + 1
    spans.append((token_spans[first][0], token_spans[-1][1]))
    return tuple(_join_wordless(paragraph, spans))


def _join_wordless(paragraph: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join every span without a letter or digit to a neighbour, so no sentence is a lone mark.

    A wordless piece joins the sentence before it, or the one after it when it
    comes first; a paragraph with no word at all stays one piece.
    """
    joined: list[tuple[int, int]] = []
    leading_start: int | None = None  # start of wordless pieces opening the paragraph
    for start, end in spans:
        if _has_word_character(paragraph[start:end]):
            if leading_start is not None:
                start, leading_start = leading_start, None
            joined.append((start, end))
        elif joined:
            joined[-1] = (joined[-1][0], end)
        elif leading_start is None:
            leading_start = start
    if leading_start is not None:
        # Nothing in the paragraph has a word: it stays one piece.
        joined.append((leading_start, spans[-1][1]))
    return joined


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Return the sentences of one paragraph, each a verbatim, stripped substring of it.

    The sentences appear in text order and together hold every character of
    the paragraph except the whitespace between them, so any sentence can be
    quoted word for word and found again in its source.
    """
    return tuple(paragraph[start:end] for start, end in sentence_spans(paragraph))


def segment(articles: Sequence[Article]) -> tuple[Sentence, ...]:
    """Return every sentence of every article, in article order then text order.

    ``index`` counts sentences across the whole article (it gives the anchor on
    the source page) and ``paragraph`` is the paragraph's position. Sentences
    with no letter or digit (a stray emoji line, a row of dashes) are dropped:
    they carry no news and would only become empty clusters.
    """
    sentences: list[Sentence] = []
    for article in articles:
        index = 0
        for paragraph_index, paragraph in enumerate(article.paragraphs):
            for text in split_sentences(paragraph):
                if not _has_word_character(text):
                    continue
                sentences.append(Sentence(article.source.id, index, paragraph_index, text))
                index += 1
    return tuple(sentences)


def inside_quotations(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Return the ids of sentences that start inside a quotation opened before them.

    A quoted statement often runs over several sentences (“I regret my reaction,”
    he said. “... this does not justify a poor response.”), and one quotation may
    run over paragraphs, each closing only at the end: out of it, such a sentence
    reads as the outlet's own claim, with no speaker. Marks are read by position,
    since outlets mix curly and straight ones (“We can’t put this off any longer."):
    a mark after a space or at the start opens, any other closes. A paragraph whose
    first mark closes starts inside a quotation; a quotation is never taken to run
    past its paragraph or more than ``QUOTATION_SENTENCES`` sentences.
    """
    inside: set[str] = set()
    by_paragraph: dict[tuple[str, int], list[Sentence]] = {}
    for sentence in sorted(sentences, key=lambda s: (s.source, s.index)):
        by_paragraph.setdefault((sentence.source, sentence.paragraph), []).append(sentence)
    for members in by_paragraph.values():
        first = quote_marks(" ".join(member.text for member in members))[:1]
        open_for = 1 if first == [False] else 0  # sentences the quotation has been open, 0 when closed
        for sentence in members:
            if 0 < open_for <= QUOTATION_SENTENCES:
                inside.add(sentence.id)
            marks = quote_marks(sentence.text)
            if marks:
                open_for = 1 if marks[-1] else 0
            elif open_for:
                open_for += 1
    return frozenset(inside)


QUOTATION_SENTENCES = 6
"""The most sentences after its opening that a quotation is taken to run without a mark."""
