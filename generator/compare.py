"""Differences between sources: what they disagree on and what only one reports.

The relations come from Cross-document Structure Theory (Radev 2000): besides
identity and paraphrase (the clusters), sources can contradict each other or
one can report what no other does. What makes two sentences about the same
event contradict follows de Marneffe, Rafferty and Manning (2008), "Finding
Contradictions in Text": mismatching numbers, dates, and titles of the same
person, negation, and antonyms. Every check compares only sentences that report
the same fact (one cluster) or are closely related, so that two different
numbers in two different facts are never called a conflict.

Kinds produced (see ``Difference``): ``conflict`` (aspects ``number``, ``date``,
``title``, ``negation``, ``meaning``), ``quote`` (aspect ``wording``: the same
quote worded differently), ``unique`` (a fact only one source reports) and
``unsupported`` (a unique claim stated as fact, with no attribution, that no
other source supports).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from . import tokenizer
from .cluster import sentence_similarity
from .graph import DisjointSets, connected_groups
from .lexicon import (
    ABOUT,
    ATTRIBUTION_WORDS,
    COUNTED_SYNONYMS,
    DANGLING_OPENERS,
    GIVE_UP_PHRASES,
    HONORIFICS,
    IRREGULAR_VERB_FORMS,
    LESS_THAN,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MORE_THAN,
    NEGATIONS,
    NUMBER_WORDS,
    OPENING_PRONOUNS,
    OPPOSITES,
    PRONOUN_SPEECH_VERBS,
    QUANTIFIER_SCOPE,
    REVERSAL_VERBS,
    SCALE_WORDS,
    SPEAKER_VERBS,
    SPEECH_VERBS,
    STOP_WORDS,
    TIME_UNITS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    UNCOUNTED_NOUNS,
    WEEKDAYS,
)
from .models import Aspect, Claim, Cluster, Difference, Kind, Sentence
from .segment import inside_quotations
from .settings import CompareSettings
from .text import content_stems, first_words, normalised_wording, quote_marks, quoted, stem, tokens

_SCORES: dict[tuple[Kind, Aspect], float] = {
    ("conflict", "number"): 10.0,
    ("conflict", "meaning"): 9.0,
    ("conflict", "negation"): 9.0,
    ("conflict", "title"): 8.0,
    ("conflict", "scope"): 7.5,
    ("conflict", "date"): 7.0,
    ("quote", "wording"): 5.0,
    ("unsupported", "claim"): 3.0,
    ("unique", "fact"): 2.0,
    ("one-origin", "claim"): 1.5,
    ("one-origin", "fact"): 1.0,
}


def compare(
    clusters: Sequence[Cluster], sentences: Sequence[Sentence], settings: CompareSettings, *,
    origin_of: Mapping[str, str] | None = None, related: Callable[[Sentence], bool] | None = None,
    same_fact: Callable[[str, str], float] | None = None,
) -> tuple[Difference, ...]:
    """Return the differences between sources, most important first.

    ``origin_of`` maps each source to its original (``generator.origins``): a
    fact one origin reports is single-source even when its copies repeat it,
    and a fact a derived source adds to its original is said to be added.
    ``related`` says whether a sentence resembles some other origin's sentence
    closely enough that the fact may be reported there in other words: such a
    sentence is never called "only this source". ``same_fact`` scores two sentences as reporting
    the same fact (the story's same-fact score): numbers are compared only between sentences
    scoring at least ``settings.number_same_fact``, since two counts of one noun in two loosely
    related sentences are most often counts of different things.

    A story with fewer than two sources has no differences. Ranking: conflicts
    first (numbers, meaning and negation above titles and dates), then quote
    wording, then unsupported claims and unique facts; within a kind, facts
    that more sources touch and that come earlier in the articles rank higher.
    """
    source_ids = sorted({sentence.source for sentence in sentences})
    if len(source_ids) < 2:
        return ()
    # Syndicated copy repeats sentences word for word across many sources: every check
    # runs once per distinct wording, and the findings are expanded to all copies after.
    copies = identical_texts(sentences)
    representative = {member.id: group[0] for group in copies for member in group}
    distinct = [group[0] for group in copies]
    reduced = tuple(
        Cluster(item.id, tuple(dict.fromkeys(representative[member.id] for member in item.members)))
        for item in clusters
    )
    cluster_of = {member.id: item for item in reduced for member in item.members}
    ordered = sorted(distinct, key=lambda s: (s.source, s.index))
    matrix = sentence_similarity([s.text for s in ordered], settings=settings).tocoo()
    similarity = {
        (ordered[row].id, ordered[col].id): value
        for row, col, value in zip(matrix.row.tolist(), matrix.col.tolist(), matrix.data.tolist())
    }
    pairs = _comparable_pairs(reduced, similarity, {s.id: s for s in ordered}, threshold=settings.related_wording)
    differences: list[Difference] = []
    def closeness(first: Sentence, second: Sentence) -> float:
        # Without a same-fact score (tests of the rules alone) every pair counts as a near-paraphrase.
        return 1.0 if same_fact is None else same_fact(first.text, second.text)

    def paraphrases(first: Sentence, second: Sentence) -> bool:
        return closeness(first, second) >= settings.duration_same_fact

    # Scored only where both sentences state a number: a story of many sources has many pairs.
    number_pairs = [(first, second) for first, second in pairs if quantities(first.text) and quantities(second.text)
                    and closeness(first, second) >= settings.number_same_fact]
    differences += [_with_restatements(difference, ordered)
                    for difference in _number_conflicts(number_pairs, ordered, cluster_of, paraphrases=paraphrases)]
    differences += _date_conflicts(pairs, cluster_of, paraphrases=paraphrases)
    differences += _polarity_conflicts(reduced, similarity, settings)
    differences += _title_conflicts(distinct)
    differences += _scope_conflicts(pairs, cluster_of)
    differences += _quote_differences(distinct, cluster_of, similarity, settings)
    differences = [_with_copies(difference, copies) for difference in differences]
    # One fact, one kind: a sentence in a conflict is never also a single-source item.
    in_conflict = frozenset(claim.sentence.id for difference in differences if difference.kind == "conflict"
                            for claim in difference.claims)
    differences += _unique_facts(clusters, sentences, origin_of=origin_of or {}, related=related,
                                 in_conflict=in_conflict, speaker_lookback=settings.speaker_lookback)
    ranked = sorted(differences, key=lambda d: (-d.score, d.kind, d.aspect, [c.sentence.id for c in d.claims]))
    return tuple(ranked)


def identical_texts(sentences: Sequence[Sentence]) -> list[tuple[Sentence, ...]]:
    """Sentences grouped by wording (case and punctuation ignored), each group in (source, index) order."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in sorted(sentences, key=lambda s: (s.source, s.index)):
        groups.setdefault(normalised_wording(sentence.text) or sentence.id, []).append(sentence)
    return [tuple(group) for group in groups.values()]


def _with_copies(difference: Difference, copies: Sequence[tuple[Sentence, ...]]) -> Difference:
    """The difference with every other source's identical copy of a quoted sentence added as a claim."""
    group_of = {group[0].id: group for group in copies}
    claims = list(difference.claims)
    present = {claim.sentence.source for claim in claims}
    for claim in difference.claims:
        for copy in group_of.get(claim.sentence.id, ())[1:]:
            if copy.source not in present:
                present.add(copy.source)
                claims.append(Claim(copy, detail=claim.detail))
    return _with_claims(difference, claims)


def _with_claims(difference: Difference, claims: Sequence[Claim]) -> Difference:
    """The difference with ``claims`` (its own and more) in reading order, rescored; itself if none was added."""
    if len(claims) == len(difference.claims):
        return difference
    ordered = tuple(sorted(claims, key=lambda c: (c.sentence.source, c.sentence.index)))
    return Difference(difference.kind, difference.aspect, difference.summary, ordered, difference.cluster,
                      _score(difference.kind, difference.aspect, ordered))


def disputed_sentences(differences: Sequence[Difference]) -> frozenset[str]:
    """Ids of sentences on the minority side of a conflict: fewer sources say what they say.

    A conflict's claims are grouped by what each says (its ``detail``); every
    group backed by fewer sources than the largest is the minority. With a tie,
    nobody is outvoted and nothing is returned for that conflict.
    """
    disputed: set[str] = set()
    for difference in differences:
        if difference.kind != "conflict":
            continue
        side = {claim.sentence.id: _side(difference.aspect, claim.detail) for claim in difference.claims}
        backers: dict[str, set[str]] = {}
        for claim in difference.claims:
            backers.setdefault(side[claim.sentence.id], set()).add(claim.source)
        largest = max(len(sources) for sources in backers.values())
        if sum(1 for sources in backers.values() if len(sources) == largest) > 1:
            continue
        disputed.update(claim.sentence.id for claim in difference.claims
                        if len(backers[side[claim.sentence.id]]) < largest)
    return frozenset(disputed)


def opposed_sentences(differences: Sequence[Difference]) -> dict[str, frozenset[str]]:
    """For each sentence in a conflict, the ids of the sentences on another side of it.

    A sentence that says "applied for permits" does not support one that says
    "handed in permits", even in the same cluster: the summary cites neither
    for the other.
    """
    opposed: dict[str, set[str]] = {}
    for difference in differences:
        if difference.kind != "conflict":
            continue
        for first in difference.claims:
            for second in difference.claims:
                if _opposes(difference.aspect, first.detail, second.detail):
                    opposed.setdefault(first.sentence.id, set()).add(second.sentence.id)
    return {sentence: frozenset(others) for sentence, others in sorted(opposed.items())}


def _opposes(aspect: Aspect, first: str | None, second: str | None) -> bool:
    """Whether two claims of one conflict say different things (figures: intervals that do not overlap)."""
    if aspect == "number":
        mine, theirs = quantities(f"{first or ''} items"), quantities(f"{second or ''} items")
        if mine and theirs:
            return not mine[0].compatible(theirs[0])
    return _side(aspect, first) != _side(aspect, second)


def _side(aspect: Aspect, detail: str | None) -> str:
    """Which side of a conflict a claim is on.

    Opposite words count by pole; figures by the interval they stand for ("over 100" and
    "more than 100" are one side); other details as written.
    """
    word = (detail or "").casefold()
    if aspect == "number":
        # A stand-in for what is counted, so the figure parses as a count.
        found = quantities(f"{detail or ''} items")
        if found:
            return f"{found[0].low:.6g}..{found[0].high:.6g}"
    if aspect == "meaning":
        for number, (left, right) in enumerate(_OPPOSITES + ((_APPLY_WORDS, frozenset(_GIVE_UP_WORDS)),)):
            if word in left:
                return f"{number}:left"
            if word in right:
                return f"{number}:right"
    return word


# --- which sentences to compare ------------------------------------------------------------


def _comparable_pairs(
    clusters: Sequence[Cluster], similarity: dict[tuple[str, str], float], by_id: dict[str, Sentence], *,
    threshold: float,
) -> list[tuple[Sentence, Sentence]]:
    """Pairs of sentences from different sources that report the same or a closely related fact."""
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[Sentence, Sentence]] = []

    def add(first: Sentence, second: Sentence) -> None:
        if first.source == second.source:
            return
        a, b = sorted((first, second), key=lambda s: (s.source, s.index))
        key = (a.id, b.id)
        if key not in seen:
            seen.add(key)
            pairs.append((a, b))

    for item in clusters:
        for position, first in enumerate(item.members):
            for second in item.members[position + 1:]:
                add(first, second)
    for (first_id, second_id), value in similarity.items():
        if value >= threshold:
            add(by_id[first_id], by_id[second_id])
    return sorted(pairs, key=lambda pair: ((pair[0].source, pair[0].index), (pair[1].source, pair[1].index)))


# --- numbers -------------------------------------------------------------------------------

_QUANTITY = re.compile(
    r"(?P<modifier>\b(?:" + "|".join(re.escape(m) for m in sorted(MORE_THAN + LESS_THAN + ABOUT, key=len, reverse=True))
    + r")\s+)?"
    r"(?P<low>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\b(?:" + "|".join(NUMBER_WORDS) + r")\b)"
    r"(?:\s*(?:to|-|–|—|or)\s*(?P<high>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))?"
    r"(?:(?:\s+|(?<=[a-z])-)(?P<scale>" + "|".join(SCALE_WORDS) + r")\b)?"
    r"(?P<percent>\s*(?:%|per ?cent|percent))?",
    re.IGNORECASE,
)
_UNIT_SKIP = STOP_WORDS | {"the", "of", "a", "an", "its", "their", "his", "her"}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number mentioned in a sentence, as an interval, with the words it counts."""

    text: str
    low: float
    high: float
    unit: frozenset[str]

    def compatible(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high


@lru_cache(maxsize=65_536)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Return the quantities a sentence states: "more than 100 officers" -> (100, inf) officers.

    Years, times of day, ages written as "24-year-old" and numbers with nothing
    counted after them are left out: they are dates or labels, not counts.
    """
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        raw_low = match.group("low")
        low = _number_value(raw_low)
        if low is None:
            continue
        if re.fullmatch(r"(1[89]|20)\d\d", raw_low):
            continue  # a year, or a span of years ("a 1990-95 term")
        following = text[match.end():match.end() + 40]
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", following, re.IGNORECASE):
            continue
        if re.match(r"-years?-old", following):
            continue  # an age ("24-year-old"); "a 19-year sentence" counts years
        # The few characters before the number only: the whole prefix would make long lines quadratic.
        before = text[max(0, match.start() - 30):match.start()]
        if re.search(r"[^\W\d_]-$|\d:$", before):
            continue  # part of a name ("COVID-19", "F-35") or a time ("3:58"), not a count
        if re.search(r"\S\s+[A-Z][a-z]+\s$", before):
            continue  # a label after a capitalised noun ("Official 1", "Section 230", "Game 7")
        if re.search(r"\b(?:one|a|\d+)\s+(?:in|out of)\s+$", before, re.IGNORECASE):
            continue  # a ratio ("one in 10"), not a count
        if (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(following) or before.endswith("/")
                or following.startswith("/")):
            continue  # a date ("Oct. 4 delegates", "10/4"), not a count
        if re.match(r"\s+of\b", following):
            continue  # a part of a set ("one of my daughters", "15 of the 19"), not a count of it
        if raw_low.lower() in _NOT_COUNTS:
            continue
        if _THRESHOLD_AFTER.match(following) or _THRESHOLD_BEFORE.search(before):
            continue  # what is needed ("the 34 votes necessary to block it"), not what there is
        after = tokens(following)[:1]
        if not raw_low[0].isdigit() and not (after and after[0].isalpha() and after[0] not in STOP_WORDS):
            continue  # a number word counts only the word right after it ("two would" counts nothing)
        unit = _unit_after(following)
        if not unit:
            continue
        scale = SCALE_WORDS.get((match.group("scale") or "").lower(), 1.0)
        low *= scale
        high = (_number_value(match.group("high")) or low / scale) * scale if match.group("high") else low
        modifier = (match.group("modifier") or "").strip().lower()
        if modifier in MORE_THAN:
            low, high = low + (0.0 if modifier in ("at least", "no fewer than") else 1e-9), math.inf
        elif modifier in LESS_THAN:
            low, high = 0.0, high - (0.0 if modifier in ("up to", "at most", "no more than") else 1e-9)
        elif modifier in ABOUT and not match.group("high"):
            low, high = (low * 0.9, low) if modifier in ("nearly", "almost") else (low * 0.9, low * 1.1)
        elif not match.group("high") and _COMPOUND_MEASURE.match(following):
            high = low + 1  # "eight minutes and 46 seconds" is more than eight minutes, less than nine
        elif not match.group("high") and _is_round(raw_low):
            # A bare round figure ("the force's 2,500 armed police") is itself approximate.
            low, high = low * (1 - ROUND_TOLERANCE), low * (1 + ROUND_TOLERANCE)
        found.append(Quantity(match.group().strip(), low, high, unit))
    compound_spans = []
    for match in _VAGUE_COMPOUND.finditer(text):
        unit = _unit_after(text[match.end():match.end() + 40])
        compound_spans.append(match.span())
        if unit:
            low, high = _VAGUE_COUNTS[match.group("word").lower()]
            scale = _VAGUE_SCALES[match.group("scale").lower()]
            found.append(Quantity(f"{match.group('word')} of {match.group('scale')}", low * scale, high * scale, unit))
    for match in _VAGUE_COUNT.finditer(text):
        if any(start <= match.start() < stop for start, stop in compound_spans):
            continue
        unit = _unit_after(text[match.end():match.end() + 40])
        if unit:
            low, high = _VAGUE_COUNTS[match.group("word").lower()]
            # The figure is the count word alone: "dozens", not "dozens of".
            found.append(Quantity(match.group("word"), low, high, unit))
    return tuple(found)


_COMPOUND_MEASURE = re.compile(r"\s+[^\W\d_]+\s+and\s+(?:a\s+half\b|\d+\s+[^\W\d_]+)", re.IGNORECASE)
"""A measure given in two units ("eight minutes and 46 seconds", "two hours and a half")."""
_VAGUE_COUNTS = {"dozens": (24.0, 99.0), "scores": (40.0, 99.0), "tens": (20.0, 99.0), "hundreds": (200.0, 999.0),
                 "thousands": (2000.0, 9999.0)}
"""Counts written as plural words: "dozens of officers" is at least two dozen and fewer than a
hundred ("more than 100" would be "over a hundred"). A reading, not a dictionary's: general English."""
_VAGUE_COUNT = re.compile(r"\b(?P<word>dozens|scores|hundreds|thousands)\s+of\b", re.IGNORECASE)
_VAGUE_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}
_VAGUE_COMPOUND = re.compile(
    r"\b(?P<word>dozens|hundreds|tens)\s+of\s+(?P<scale>thousands|millions|billions)\s+of\b", re.IGNORECASE)
"""Counts of counts: "hundreds of thousands of workers" is 200,000 to 999,999 workers, not "thousands"."""
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(MONTHS + MONTH_ABBREVIATIONS) + r")\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+(?:" + "|".join(MONTHS + MONTH_ABBREVIATIONS) + r")\b", re.IGNORECASE)
_THRESHOLD_AFTER = re.compile(r"(?:\s+[^\W\d_]+){0,2}\s+(?:needed|necessary|required)\b", re.IGNORECASE)
_THRESHOLD_BEFORE = re.compile(r"\b(?:needs?|needed|requires?|required)\b(?:\s+[^\W\d_]+){0,3}\s+$", re.IGNORECASE)
"""A figure said to be needed is a threshold, not a count of the fact: thresholds of different
things ("34 votes necessary to block it", "requires a supermajority of 70 votes") never conflict."""
_NOT_COUNTS = frozenset({"one"})
"""Number words never read as a count: "one" is as often a pronoun ("one would fund") or an
indefinite ("one member") as a figure, and a count of one is seldom a disputed figure."""


ROUND_TOLERANCE = 0.05
"""How far a bare round number ("2,500") may be from another figure and still agree with it."""


def _is_round(raw: str) -> bool:
    digits = raw.replace(",", "")
    return digits.isdigit() and len(digits) >= 3 and digits.endswith("00")


def _number_value(raw: str | None) -> float | None:
    if not raw:
        return None
    word = raw.lower()
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


_COUNTED_AS = {stem(word): group[0] for group in COUNTED_SYNONYMS for word in group}
"""Stem of a counted noun -> the first noun of its group (``COUNTED_SYNONYMS``)."""


def _unit_after(following: str) -> frozenset[str]:
    """The content stems of the words right after a number, up to punctuation or another number.

    A compound counts its first word, even a stop word ("a 19-year sentence" counts years); a
    number followed by a noun that counts nothing ("two things") has no unit.
    """
    unit: list[str] = []
    compound = re.match(r"-([^\W\d_]+)", following)
    if compound:
        # "a 12-year sentence", "10-year veterans": the number counts years, whatever it describes.
        counted = stem(compound.group(1).lower())
        return frozenset({_COUNTED_AS.get(counted, counted)})
    for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[.,;:!?()–—\"“”]", following)[:5]:
        if not word[0].isalpha():
            break
        lowered = word.lower().replace("’", "'")
        if lowered.endswith("'s"):
            lowered = lowered[:-2]
        if lowered in NUMBER_WORDS:
            break  # another number: "$2.5 billion over the next six years" counts no years
        if lowered in _UNIT_SKIP:
            if unit:
                break
            continue
        unit.append(_COUNTED_AS.get(stem(lowered), stem(lowered)))
        if len(unit) == 3:
            break
    if unit and unit[0] in _UNCOUNTED:
        return frozenset()
    return frozenset(unit)


_UNCOUNTED = frozenset(stem(noun) for noun in UNCOUNTED_NOUNS)
_TIME_UNITS = frozenset(stem(noun) for noun in TIME_UNITS)


def _number_conflicts(pairs: Iterable[tuple[Sentence, Sentence]], sentences: Sequence[Sentence],
                      cluster_of: dict[str, Cluster], *,
                      paraphrases: Callable[[Sentence, Sentence], bool]) -> list[Difference]:
    """Conflicts where two sources count the same thing with incompatible numbers.

    A source that states the other side's exact figure in another sentence does
    not dispute it: the two figures count different things ("Democrats countered
    with $1.3 billion" beside the $5.7 billion the president asked for).
    Estimates ("dozens", "more than 100", "90 to 100") are not settled so: sources
    that give a story's count in several ways are what a reader should see.
    """
    by_source: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_source.setdefault(sentence.source, []).append(sentence)

    def states_elsewhere(source: str, figure: Quantity, besides: Sentence) -> bool:
        if not math.isclose(figure.low, figure.high):
            return False
        # "$5.7 billion" is the same figure whatever words follow it; "two" needs the same thing counted.
        distinctive = figure.low >= 100 or not figure.low.is_integer()
        return any(
            sentence.id != besides.id and any(figure.compatible(other) and (distinctive or figure.unit & other.unit)
                                              for other in quantities(sentence.text))
            for sentence in by_source.get(source, ()))

    found: list[tuple[Sentence, str, Sentence, str]] = []
    for first, second in pairs:
        first_quantities, second_quantities = quantities(first.text), quantities(second.text)
        conflict = _incompatible(first_quantities, second_quantities)
        spans_of_time = conflict is not None and (conflict[0].unit & conflict[1].unit) <= _TIME_UNITS
        if spans_of_time and not paraphrases(first, second):
            continue  # two spans of time in sentences that are not near-paraphrases: most often of two things
        if conflict and not (states_elsewhere(second.source, conflict[0], second)
                             or states_elsewhere(first.source, conflict[1], first)):
            found.append((first, conflict[0].text, second, conflict[1].text))
    return _grouped(found, "number", cluster_of, _describe_figures)


def _with_restatements(difference: Difference, sentences: Sequence[Sentence]) -> Difference:
    """The number conflict with each other sentence in which a side's source gives its figure again.

    A source that counts the same thing with the same exact figure twice ("19 separate actions" in
    its lede, "19 steps he can take" in a quotation) takes one side of the conflict in both
    sentences: the second is that side, not a fact only this source reports. Approximate figures
    ("dozens", "more than 100", a round 2,500) are not matched.
    """
    claims = list(difference.claims)
    present = {claim.sentence.id for claim in claims}
    for claim in difference.claims:
        figure = next((q for q in quantities(claim.sentence.text) if q.text == claim.detail), None)
        if figure is None or figure.low != figure.high:
            continue
        for sentence in sentences:
            if sentence.source != claim.sentence.source or sentence.id in present:
                continue
            again = next((q for q in quantities(sentence.text)
                          if q.low == figure.low and q.high == figure.high and q.unit & figure.unit), None)
            if again is not None:
                present.add(sentence.id)
                claims.append(Claim(sentence, detail=again.text))
    return _with_claims(difference, claims)


def _describe_figures(details: list[str]) -> str:
    """The heading of a number conflict: each figure once ("over 100" and "more than 100" are one)."""
    shown: dict[str, str] = {}
    for detail in details:
        shown.setdefault(_side("number", detail), detail)
    return "Different numbers: " + " / ".join(shown.values())


def _incompatible(first: Sequence[Quantity], second: Sequence[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The first pair of quantities that count the same thing but cannot both be true.

    A quantity that some quantity on the other side agrees with is settled; so is
    one the other side explains with a different count of its own (two numbers
    in one sentence usually count different things).
    """
    for mine in first:
        same_thing = [theirs for theirs in second if mine.unit & theirs.unit]
        if not same_thing or any(mine.compatible(theirs) for theirs in same_thing):
            continue
        for theirs in same_thing:
            explained = any(other.compatible(theirs) and other.unit & theirs.unit
                            for other in first if other is not mine)
            if not explained:
                return mine, theirs
    return None


# --- dates -------------------------------------------------------------------------------

_DAY_OF_MONTH = re.compile(
    r"\b(?:(?P<month1>" + "|".join(m.capitalize() for m in MONTHS) + r")\s+(?P<day1>\d{1,2})(?!\d)"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>" + "|".join(m.capitalize() for m in MONTHS) + r"))\b"
)


_TIME_OF_DAY = (r"(?:" + "|".join(WEEKDAYS) + r")\b|(?:" + "|".join(MONTHS) + r")\s+\d{1,2}(?!\d)")

_SPEECH_TIME = re.compile(
    r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r")"
    r"(?:\s+(?:in|during)\s+an?\s+\w+|\s+\w+)??\s+(?:on\s+|late\s+|early\s+|last\s+)?(?:" + _TIME_OF_DAY + r")",
    re.I,
)
"""A day right after a speech verb ("lawmakers said Monday", "told reporters on Monday", "said in a
statement Monday"): it dates the speaking, not the event, so it is no date of the fact. Without this, a
preview ("will unveil the plan, lawmakers said Monday") conflicted with the event ("unveiled on
Wednesday")."""


@lru_cache(maxsize=65_536)
def dates(text: str) -> dict[str, frozenset[str]]:
    """Return the time expressions of a sentence by granularity: weekday, day of month, year.

    Days that date a statement rather than the fact (``_SPEECH_TIME``) are left out.
    """
    text = _SPEECH_TIME.sub(" ", text)
    words = set(tokens(text))
    weekday = frozenset(day for day in WEEKDAYS if day in words)
    days = frozenset(
        f"{(match.group('month1') or match.group('month2')).lower()} {int(match.group('day1') or match.group('day2'))}"
        for match in _DAY_OF_MONTH.finditer(text)
    )
    years = frozenset(re.findall(r"\b(?:19|20)\d\d\b", text))
    return {"weekday": weekday, "day": days, "year": years}


DATE_ANCHOR_WINDOW = 2
"""How many words either side of a date may name the event it dates ("apologized Saturday",
"on Friday apologized"). Chosen by reading the date conflicts of the 40 BASIL dev events: at 3,
"the hospital on Thursday" and "a statement Wednesday night, the hospital" shared "hospital"."""
_TIME_WORDS = frozenset({"morning", "afternoon", "evening", "night", "late", "early", "earlier", "later", "last",
                         "next", "this", "day", "week", "month", "year", "weekend", *WEEKDAYS, *MONTHS})


@lru_cache(maxsize=65_536)
def date_anchors(text: str, values: frozenset[str]) -> frozenset[str]:
    """Return the stems of the lower-case content words near the mentions of ``values`` (dates of ``dates``).

    Two sentences of one story often carry different days for different events
    ("Akin apologized Monday" / "the remarks on Sunday"); two dates contradict each
    other only when they date the same event, which a shared word beside both
    dates shows. Names, capitalised words and time words are no event.
    """
    wanted = {(word,) for value in values for word in value.split() if not word.isdigit() or len(word) == 4}
    return _words_near(_SPEECH_TIME.sub(" ", text), wanted, before=DATE_ANCHOR_WINDOW, after=DATE_ANCHOR_WINDOW,
                       skip=_TIME_WORDS)


def _words_near(text: str, phrases: Iterable[tuple[str, ...]], *, before: int, after: int,
                skip: frozenset[str] = frozenset()) -> frozenset[str]:
    """Stems of the lower-case content words within ``before`` words before and ``after`` words after
    each mention of one of ``phrases`` (tuples of lower-case tokens) in ``text``.

    Capitalised words (names, places) and ``skip`` are left out: what is near a date or an
    opposite word tells which event or thing it is about, and a name is no event.
    """
    original = tokenizer.words(text, variant="content")
    lowered = tokens(text)
    found: set[str] = set()
    for phrase in phrases:
        for start in range(len(lowered) - len(phrase) + 1):
            if lowered[start:start + len(phrase)] != phrase:
                continue
            stop = start + len(phrase)
            for near in [*range(max(0, start - before), start), *range(stop, min(len(lowered), stop + after))]:
                word = lowered[near]
                if word.isalpha() and word not in STOP_WORDS and word not in skip and not original[near][:1].isupper():
                    found.add(stem(word))
    return frozenset(found)


def _date_conflicts(pairs: Iterable[tuple[Sentence, Sentence]], cluster_of: dict[str, Cluster], *,
                    paraphrases: Callable[[Sentence, Sentence], bool]) -> list[Difference]:
    """Conflicts where two sources date the same fact differently (same granularity only).

    Years are compared only between near-paraphrases (``paraphrases``): a story's background spans
    years (a crime in 2014, its conviction in 2016), and one cluster often holds both.
    """
    found: list[tuple[Sentence, str, Sentence, str]] = []
    for first, second in pairs:
        if cluster_of[first.id].id != cluster_of[second.id].id:
            continue  # a date belongs to an event: compare only sentences about the same fact
        first_dates, second_dates = dates(first.text), dates(second.text)
        for granularity in ("day", "weekday", "year"):
            mine, theirs = first_dates[granularity], second_dates[granularity]
            if mine and theirs and not mine & theirs:
                if granularity == "year" and not paraphrases(first, second):
                    break
                if date_anchors(first.text, mine) & date_anchors(second.text, theirs):
                    found.append((first, ", ".join(sorted(mine)), second, ", ".join(sorted(theirs))))
                break
    return _grouped(found, "date", cluster_of, lambda details: "Different dates: " + " / ".join(details))


# --- negation and antonyms ---------------------------------------------------------------


_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(first.split("|")), frozenset(second.split("|"))) for first, second in OPPOSITES
)


def _polarity_conflicts(
    clusters: Sequence[Cluster], similarity: dict[tuple[str, str], float], settings: CompareSettings,
) -> list[Difference]:
    """Conflicts of meaning inside one cluster: one source negates, or uses an opposite word."""
    differences: list[Difference] = []
    for item in clusters:
        if item.support < 2:
            continue
        members = list(item.members)
        for i, first in enumerate(members):
            for j in range(i + 1, len(members)):
                second = members[j]
                if first.source == second.source:
                    continue
                # A very short sentence is "contained" in almost anything: too little to oppose.
                shorter = min(len(content_stems(first.text)), len(content_stems(second.text)))
                if shorter < settings.min_opposed_content_words:
                    continue
                wording = similarity.get((first.id, second.id), 0.0)
                # Only near-paraphrases can state the opposite of each other: looser pairs differ for other reasons.
                negated = _negation_clash(first, second, members) if wording >= settings.negation_similarity else None
                if negated:
                    differences.append(_difference(
                        "conflict", "negation", item.id, (first, second),
                        f"One source states the opposite: “{negated[1]}” is negated in only one of these sentences",
                        details=tuple("negated" if m is negated[0] else "affirmed" for m in (first, second))))
                    continue
                if wording < settings.related_wording:
                    continue
                opposite = _opposite_words(first.text, second.text)
                # Opposite words contradict only about the same thing: "applied for permits" / "handed in
                # permits", not "keep the museum open for four months" / "close on the day the repairs end".
                if opposite and _after_word(first.text, opposite[0]) & _after_word(second.text, opposite[1]):
                    differences.append(_difference("conflict", "meaning", item.id, (first, second),
                                                   f"Opposite meanings: “{opposite[0]}” / “{opposite[1]}”",
                                                   details=opposite))
    return _merge_same_cluster(differences)


def _negation_clash(first: Sentence, second: Sentence, members: Sequence[Sentence]) -> tuple[Sentence, str] | None:
    """The sentence that negates a word the other affirms, and that word; None when they agree.

    A negation counts only for the word it governs (the first content word after
    "not", "never", "won't" ...): "did not respond to requests" says nothing about
    the rest of the sentence. A source that states the word both ways in the
    fact's sentences ("is not bringing prices down" and "is bringing prices
    down") is quoting, not contradicting.
    """
    for negating, affirming in ((first, second), (second, first)):
        for word in sorted(negated_words(negating.text)):
            if word not in affirmed_words(affirming.text) or word in negated_words(affirming.text):
                continue
            if any(other.source == negating.source and word in affirmed_words(other.text) for other in members):
                continue
            if any(other.source == affirming.source and word in negated_words(other.text) for other in members):
                continue
            return negating, next(w for w in tokens(negating.text) if stem(w) == word)
    return None


def _is_negator(word: str, following: str) -> bool:
    if word == "not" and following == "only":
        return False  # "not only ... but" affirms
    return word in NEGATIONS or word.endswith("n't")


@lru_cache(maxsize=65_536)
def _negation_scopes(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Positions (in ``tokens(text)``) of the words negations govern, and of every other content word."""
    words = tokens(text)
    governed: set[int] = set()
    for position, word in enumerate(words):
        if not _is_negator(word, words[position + 1] if position + 1 < len(words) else ""):
            continue
        for near in range(position + 1, min(len(words), position + 1 + NEGATION_REACH)):
            if words[near] in _NEGATION_PASSES:
                continue
            if words[near] not in STOP_WORDS and words[near].isalpha() and not _is_negator(words[near], ""):
                governed.add(near)
            break  # "will not take up the bill" governs "take", a stop word: no content word is negated
    # A word after "would", "could", "expected to" ... is a possibility, not a statement: "would be
    # expected to attend" does not affirm that he attends.
    others = {i for i, word in enumerate(words)
              if i not in governed and word not in STOP_WORDS and word.isalpha() and not _is_negator(word, "")
              and not any(before in _HYPOTHETICAL for before in words[max(0, i - NEGATION_REACH):i])}
    return frozenset(governed), frozenset(others)


_HYPOTHETICAL = frozenset({"would", "could", "should", "might", "may", "expected", "supposed", "likely", "if"})


def negated_words(text: str) -> frozenset[str]:
    """Stems of the words a negation governs: "Biden won't attend the speech" -> {"attend"}."""
    words = tokens(text)
    return frozenset(stem(words[i]) for i in _negation_scopes(text)[0])


def affirmed_words(text: str) -> frozenset[str]:
    """Stems of the content words no negation governs."""
    words = tokens(text)
    return frozenset(stem(words[i]) for i in _negation_scopes(text)[1])


NEGATION_REACH = 4
"""How many words after a negation its verb may come ("did not immediately respond", "won't attend")."""
_NEGATION_PASSES = frozenset({"be", "been", "being", "have", "has", "had", "to", "yet", "even", "ever", "also",
                              "immediately", "always", "necessarily", "just", "really", "quite", "a", "an", "any"})
"""Words between a negation and the word it governs ("has not yet been named", "did not immediately respond")."""


def _opposite_words(first: str, second: str) -> tuple[str, str] | None:
    first_words, second_words = tokens(first), tokens(second)
    first_set, second_set = _committed(first_words) | _phrases(first_words), _committed(second_words) | _phrases(
        second_words)
    for left, right in _OPPOSITES + ((_APPLY_WORDS, frozenset(_GIVE_UP_WORDS)),):
        for mine, theirs in ((first_set, second_set), (second_set, first_set)):
            a, b = mine & left, theirs & right
            # Both sides must commit to one pole: a sentence that uses both words is not opposed.
            if a and b and not (mine & right) and not (theirs & left):
                word_a, word_b = sorted(a)[0], sorted(b)[0]
                return (word_a, word_b) if mine is first_set else (word_b, word_a)
    return None


def _committed(words: Sequence[str]) -> set[str]:
    """The words a sentence states as they are: not right after a negation or a reversal
    ("did not approve", "lift the ban"), which turn them into their opposite."""
    return {word for position, word in enumerate(words)
            if not any(_is_negator(before, "") or before in REVERSAL_VERBS
                       for before in words[max(0, position - 2):position])}


OPPOSITE_OBJECT_WINDOW = 3
"""How many words after an opposite word may name what it is about ("applied for permits")."""


def _after_word(text: str, phrase: str) -> frozenset[str]:
    """Stems of the lower-case content words just after ``phrase`` (one word or two) in ``text``."""
    return _words_near(text, [tuple(phrase.split())], before=0, after=OPPOSITE_OBJECT_WINDOW)


_GIVE_UP_WORDS = tuple(" ".join(pair) for pair in GIVE_UP_PHRASES) + ("surrender", "surrendered", "relinquished")
_APPLY_WORDS = frozenset(["apply", "applied"])


def _phrases(words: Sequence[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if (a, b) in GIVE_UP_PHRASES}


# --- titles ------------------------------------------------------------------------------

_NAME = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\s+([A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'][A-Z][a-z]+)?)\b")
"""A "First Last" name; a surname may have an inner capital (LaPierre, McDonald, DeSantis)."""
_APPOSITIVE = re.compile(
    r"\s*,\s+(?:the\s+|a\s+|an\s+)?((?:[A-Za-z][A-Za-z’'-]*\s+){0,5}?[A-Za-z][A-Za-z’'-]*)\s*[,.;]")
"""", the water board's executive director," right after a name."""
_SAME_TITLE = {"chief executive": "ceo", "chief executive officer": "ceo"}
"""Spellings of one title, so they never count as different titles."""


def titles(text: str) -> dict[str, str]:
    """Return, for each "First Last" name in a sentence, the title written right before it.

    "Home Secretary Suella Braverman" gives {"suella braverman": "home secretary"}.
    Only titles that contain a title noun count, so places and organisations
    ("Streatham Hill", "Met Police") are never mistaken for titles.
    """
    result: dict[str, str] = {}
    for match in _NAME.finditer(text):
        first, last = match.group(1), match.group(2)
        if first.lower() in TITLE_NOUNS or last.lower() in TITLE_NOUNS:
            continue
        # Only the few words right before the name: looking further back would make long text quadratic.
        prefix = text[max(0, match.start() - 80):match.start()]
        # "the leader, Tomas Berg": a title before a name joins it without punctuation.
        before = () if prefix.rstrip()[-1:] in (",", ";", ":", "(") else tokenizer.words(prefix, variant="ascii")[-4:]
        words: list[str] = []
        for word in reversed(before):
            lowered = word.lower()
            if lowered in HONORIFICS:
                continue
            if lowered in STOP_WORDS and lowered not in TITLE_NOUNS:
                break  # "But Speaker Nancy Pelosi": the title is "speaker"
            if lowered in TITLE_NOUNS or (word[0].isupper() and words):
                words.insert(0, lowered)
                continue
            break
        if not (words and any(word in TITLE_NOUNS for word in words)):
            words = _appositive_title(text[match.end():])
        if words:
            title = " ".join(words)
            result.setdefault(f"{first} {last}".lower(), _SAME_TITLE.get(title, title))
    return result


def _appositive_title(following: str) -> list[str]:
    """The title in an appositive after a name (", the group's executive director,"), else []."""
    found = _APPOSITIVE.match(following)
    if not found:
        return []
    words = [word.lower() for word in found.group(1).split()]
    places = [i for i, word in enumerate(words) if word in TITLE_NOUNS]
    if not places or places[-1] != len(words) - 1:
        return []  # the appositive must end in its title noun: "the group's director", not "director of ..."
    if any(word in ("for", "to") for word in words[:places[-1]]):
        return []  # someone else's title: "a spokesperson for the governor", "an adviser to the president"
    start = places[-1]
    while start > 0 and words[start - 1] in TITLE_NOUNS | TITLE_MODIFIERS:
        start -= 1
    return words[start:]


def _title_conflicts(sentences: Sequence[Sentence]) -> list[Difference]:
    """Conflicts where sources give the same person different titles."""
    by_person: dict[str, dict[str, list[Sentence]]] = {}
    for sentence in sorted(sentences, key=lambda s: (s.source, s.index)):
        for person, title in titles(sentence.text).items():
            by_person.setdefault(person, {}).setdefault(title, []).append(sentence)
    differences = []
    for person, variants in sorted(by_person.items()):
        if len(variants) < 2:
            continue
        # Titles where one contains the other ("chief" / "police chief") are the same title.
        names = sorted(variants)
        distinct = [t for t in names if not any(t != other and (t in other or other in t) for other in names)]
        if len(distinct) < 2:
            continue
        claims_by_source: dict[str, tuple[Sentence, str]] = {}
        for title in distinct:
            for sentence in variants[title]:
                claims_by_source.setdefault(sentence.source, (sentence, title))
        titles_used = {title for _, title in claims_by_source.values()}
        if len(titles_used) < 2:
            continue
        claims = tuple(Claim(sentence, detail=title) for sentence, title in
                       sorted(claims_by_source.values(), key=lambda pair: (pair[0].source, pair[0].index)))
        shown = " / ".join(sorted(titles_used))
        display = person.title()
        differences.append(Difference("conflict", "title", f"{display} is given different titles: {shown}",
                                      claims, None, _score("conflict", "title", claims)))
    return differences


# --- scope ------------------------------------------------------------------------------

_SCOPE = re.compile(
    r"\b(" + "|".join(re.escape(q) for q in sorted(QUANTIFIER_SCOPE, key=len, reverse=True))
    + r")\s+(?:of\s+the\s+)?([a-z][a-z-]*)\s+([a-z][a-z-]*)",
    re.IGNORECASE,
)


def scopes(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    """Return what each quantified phrase covers, and its words.

    "nearly all gun sales" gives {("gun", "sale"): ("most", "nearly all gun sales")}. The
    phrase is the two words after the quantifier, stemmed; both must be content words.
    """
    result: dict[tuple[str, str], tuple[str, str]] = {}
    for match in _SCOPE.finditer(text):
        first, second = match.group(2).lower(), match.group(3).lower()
        if first in STOP_WORDS or second in STOP_WORDS:
            continue
        result.setdefault((stem(first), stem(second)), (QUANTIFIER_SCOPE[match.group(1).lower()], match.group(0)))
    return result


def _scope_conflicts(pairs: Iterable[tuple[Sentence, Sentence]], cluster_of: dict[str, Cluster]) -> list[Difference]:
    """Conflicts where sources say a fact covers different shares of the same thing ("all" / "nearly all")."""
    found = []
    for first, second in pairs:
        mine, theirs = scopes(first.text), scopes(second.text)
        for phrase in sorted(mine.keys() & theirs.keys()):
            if mine[phrase][0] != theirs[phrase][0]:
                found.append((first, mine[phrase][1], second, theirs[phrase][1]))
                break
    return _grouped(found, "scope", cluster_of, lambda phrases: "Different scope: " + " / ".join(phrases))


# --- quotes ------------------------------------------------------------------------------

_QUOTE_SPAN = re.compile(r"[“\"]([^“”\"]{2,}?)[”\"]|“([^”]+)$|^([^“]+)”")


def quotes(text: str) -> tuple[str, ...]:
    """Return the quoted passages of a sentence (also the open or closed end of a quote split over sentences)."""
    found = []
    for match in _QUOTE_SPAN.finditer(text):
        passage = next(group for group in match.groups() if group is not None).strip(" ,.")
        if tokens(passage):
            found.append(passage)
    return tuple(found)


def _quote_differences(sentences: Sequence[Sentence], cluster_of: dict[str, Cluster],
                       similarity: dict[tuple[str, str], float], settings: CompareSettings) -> list[Difference]:
    """The same quote worded differently by different sources, one difference per quote."""
    passages: list[tuple[Sentence, str]] = [
        (sentence, passage) for sentence in sorted(sentences, key=lambda s: (s.source, s.index))
        for passage in quotes(sentence.text)
    ]
    if len(passages) < 2:
        return []
    candidates = sentence_similarity([passage for _, passage in passages], settings=settings).tocoo()

    def link_strength(i: int, j: int) -> float:
        """How surely two passages are one quote (0: not the same quote)."""
        (first, a), (second, b) = passages[i], passages[j]
        if first.source == second.source:
            return 0.0
        ratio = SequenceMatcher(None, tokens(a), tokens(b), autojunk=False).ratio()
        # Shared little words ("I am ... for the ... of the United States of America") make no
        # quote one: what the quotes say must match as well.
        said = SequenceMatcher(None, content_stems(a), content_stems(b), autojunk=False).ratio()
        if ratio >= settings.quote_threshold and said >= settings.quote_threshold:
            return ratio
        # Short quotes ("worried" / "concerned") in near-identical sentences about the same fact:
        # said of the same thing by the same speaker, not two people's words.
        short = (len(tokens(a)) <= 3 and len(tokens(b)) <= 3 and bool(content_stems(a)) and bool(content_stems(b))
                 and cluster_of[first.id].id == cluster_of[second.id].id
                 and similarity.get((first.id, second.id), 0.0) >= settings.short_quote_context)
        return settings.quote_threshold if short else 0.0

    linked = {(min(r, c), max(r, c)) for r, c in zip(candidates.row.tolist(), candidates.col.tolist()) if r != c}
    for cluster_members in _positions_by_cluster(passages, cluster_of).values():
        for position, i in enumerate(cluster_members):
            for j in cluster_members[position + 1:]:
                linked.add((i, j))
    # Strongest links first; a group never takes two passages of one sentence, since two
    # quotes in one sentence are two different quotes.
    sentences_of = [{passages[index][0].id} for index in range(len(passages))]
    strengths = [(link_strength(i, j), i, j) for i, j in sorted(linked)]
    quotes_grouped = DisjointSets(len(passages))
    for strength, i, j in sorted(strengths, key=lambda item: (-item[0], item[1], item[2])):
        root_i, root_j = quotes_grouped.find(i), quotes_grouped.find(j)
        if strength <= 0.0 or root_i == root_j or sentences_of[root_i] & sentences_of[root_j]:
            continue
        quotes_grouped.merge(root_i, root_j)
        sentences_of[root_i] |= sentences_of[root_j]
    differences = []
    for members in quotes_grouped.groups():
        wordings = {" ".join(tokens(passages[index][1])) for index in members}
        sources = {passages[index][0].source for index in members}
        if len(wordings) < 2 or len(sources) < 2:
            continue
        chosen = sorted((passages[index] for index in members), key=lambda pair: (pair[0].source, pair[0].index))
        per_source = _closest_wording_per_source(chosen)
        per_source = _without_partial_quotes(per_source)
        passages_used = [tokens(p) for _, p in per_source.values()]
        if len(per_source) < 2 or not any(_reworded(passages_used[0], other) for other in passages_used[1:]):
            continue
        claims = tuple(Claim(sentence, detail=_quote_detail(sentence, passage))
                       for sentence, passage in per_source.values())
        changed = _changed_words([p for _, p in per_source.values()])
        summary = "The same quote is worded differently" + (f": {changed}" if changed else "")
        cluster = cluster_of[claims[0].sentence.id].id
        differences.append(Difference("quote", "wording", summary, claims, cluster, _score("quote", "wording", claims)))
    return _merge_sharing_sentences(differences)


def _merge_sharing_sentences(differences: Sequence[Difference]) -> list[Difference]:
    """One quote difference for quotes that share a sentence ("an “emergency option” ... used “in certain
    circumstances”" against two outlets' wordings): the sentence is listed once, with every change.

    The merged claims carry no quoted passage as detail (each would name one of the quotes only);
    the summary names the changed words of each.
    """
    groups = DisjointSets(len(differences))
    first_with: dict[str, int] = {}
    for position, difference in enumerate(differences):
        for claim in difference.claims:
            if claim.sentence.id in first_with:
                keep, other = groups.find(first_with[claim.sentence.id]), groups.find(position)
                if keep != other:
                    groups.merge(keep, other)
            else:
                first_with[claim.sentence.id] = position
    merged = []
    for members in groups.groups():
        if len(members) == 1:
            merged.append(differences[members[0]])
            continue
        parts = [differences[position] for position in sorted(members)]
        sentences = {claim.sentence.id: claim.sentence for part in parts for claim in part.claims}
        claims = tuple(Claim(sentence) for sentence in sorted(sentences.values(), key=lambda s: (s.source, s.index)))
        changes = [part.summary.partition(": ")[2] for part in parts if ": " in part.summary]
        summary = "The same quote is worded differently" + (f": {'; '.join(changes)}" if changes else "")
        merged.append(Difference("quote", "wording", summary, claims, parts[0].cluster,
                                 _score("quote", "wording", claims)))
    return merged


QUOTE_DETAIL_SHARE = 0.8
"""A quoted passage this large a share of its sentence's words is the sentence: printing it again
beside the sentence tells the reader nothing."""


def _quote_detail(sentence: Sentence, passage: str) -> str | None:
    """The quoted passage as a claim's detail when the sentence quotes more than one passage (which
    one is meant), unless it is (nearly) the whole sentence. A sentence's only quote already stands
    in its quotation marks: printing it again beside the sentence tells the reader nothing."""
    if len(quotes(sentence.text)) < 2:
        return None
    return None if len(tokens(passage)) >= QUOTE_DETAIL_SHARE * len(tokens(sentence.text)) else passage


def _closest_wording_per_source(chosen: Sequence[tuple[Sentence, str]]) -> dict[str, tuple[Sentence, str]]:
    """One wording per source: the one closest to what the other sources quote."""
    def closeness(item: tuple[Sentence, str]) -> float:
        words = tokens(item[1])
        return max((SequenceMatcher(None, words, tokens(other), autojunk=False).ratio()
                    for sentence, other in chosen if sentence.source != item[0].source), default=0.0)

    per_source: dict[str, tuple[Sentence, str]] = {}
    for item in chosen:
        current = per_source.get(item[0].source)
        if current is None or closeness(item) > closeness(current):
            per_source[item[0].source] = item
    return per_source


def _reworded(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether two quotes differ in more than house style: abbreviations ("Senator" / "Sen."),
    inflection, contractions ("we're" / "we are"), dotted initials ("F.B.I." / "FBI") and
    compounds written in one word or two ("work force" / "workforce")."""
    first, second = _house_style(first), _house_style(second)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, list(first), list(second), autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and "".join(first[i1:i2]) == "".join(second[j1:j2]):
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 and all(
            _abbreviates(a, b) or _inflects(a, b) for a, b in zip(first[i1:i2], second[j1:j2])
        ):
            continue
        return True
    return False


_CONTRACTIONS = {"'re": ("are",), "'m": ("am",), "'ll": ("will",), "'ve": ("have",), "'d": ("would",)}
_NEGATED_CONTRACTIONS = {"won't": ("will", "not"), "can't": ("can", "not"), "shan't": ("shall", "not")}


def _house_style(words: Sequence[str]) -> tuple[str, ...]:
    """Quote tokens with contractions spelled out and dotted initials ("f", "b", "i") joined."""
    spelled: list[str] = []
    for word in words:
        if word in _NEGATED_CONTRACTIONS:
            spelled.extend(_NEGATED_CONTRACTIONS[word])
        elif word.endswith("n't") and len(word) > 3:
            spelled.extend((word[:-3], "not"))
        elif "'" in word and word[word.index("'"):] in _CONTRACTIONS:
            spelled.extend((word[:word.index("'")], *_CONTRACTIONS[word[word.index("'"):]]))
        else:
            spelled.append(word)
    joined: list[str] = []
    run: list[str] = []
    for word in [*spelled, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        joined.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if word:
            joined.append(word)
    return tuple(joined)


_SAME_VERB = tuple(frozenset(forms.split()) for forms in IRREGULAR_VERB_FORMS)
"""Forms of one verb the stemmer does not join: a change of tense, not of wording."""


def _inflects(first: str, second: str) -> bool:
    """Whether two words are forms of one word (pressure / pressures, is / was): inflection, not rewording."""
    if stem(first) == stem(second):
        return True
    return any(first in forms and second in forms for forms in _SAME_VERB)


def _abbreviates(first: str, second: str) -> bool:
    short, long = sorted((first, second), key=len)
    return len(short) >= 2 and long.startswith(short)


def _without_partial_quotes(per_source: dict[str, tuple[Sentence, str]]) -> dict[str, tuple[Sentence, str]]:
    """Drop quotes that are an exact excerpt of another source's longer quote: quoting less is not rewording."""
    wordings = {source: " " + " ".join(tokens(passage)) + " " for source, (_, passage) in per_source.items()}
    kept = {}
    for source, value in per_source.items():
        mine = wordings[source]
        if any(other != source and len(wordings[other]) > len(mine) and mine in wordings[other] for other in wordings):
            continue
        kept[source] = value
    return kept


def _positions_by_cluster(
    passages: Sequence[tuple[Sentence, str]], cluster_of: dict[str, Cluster],
) -> dict[str, list[int]]:
    by_cluster: dict[str, list[int]] = {}
    for index, (sentence, _) in enumerate(passages):
        by_cluster.setdefault(cluster_of[sentence.id].id, []).append(index)
    return by_cluster


def _changed_words(passages: Sequence[str]) -> str:
    """A short description of the words that differ between the first two wordings."""
    first, second = tokens(passages[0]), tokens(passages[1])
    changes = []
    opcodes = SequenceMatcher(None, first, second, autojunk=False).get_opcodes()
    substitutions = [op for op in opcodes if op[0] == "replace"]
    for tag, i1, i2, j1, j2 in substitutions or opcodes:
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 and all(
                _inflects(a, b) for a, b in zip(first[i1:i2], second[j1:j2])):
            continue  # "pressure" / "pressures" is not a change of wording
        left, right = " ".join(first[i1:i2]) or "—", " ".join(second[j1:j2]) or "—"
        changes.append(f"“{left}” / “{right}”")
    return "; ".join(changes[:3])


# --- unique facts ------------------------------------------------------------------------



def _unique_facts(
    clusters: Sequence[Cluster], sentences: Sequence[Sentence], *, origin_of: Mapping[str, str],
    related: Callable[[Sentence], bool] | None, in_conflict: frozenset[str], speaker_lookback: int,
) -> list[Difference]:
    """Facts only one origin reports; unattributed ones are flagged as unsupported claims.

    A sentence that says who said it ("..., she said"; "according to ...") reports
    an exclusive; one stated as plain fact, that no other source supports, is a
    claim the reader has only that outlet's word for. Precision first: a
    sentence that is part of a conflict, or that ``related`` finds a near match
    for in another origin, is left out.
    """
    lengths: dict[str, int] = {}
    for sentence in sentences:
        lengths[sentence.source] = max(lengths.get(sentence.source, 0), sentence.index + 1)
    in_quotation = inside_quotations(sentences)
    by_position = {(sentence.source, sentence.index): sentence for sentence in sentences}
    differences = []
    for item in clusters:
        if len({origin_of.get(source, source) for source in item.sources}) != 1:
            continue
        first = item.members[0]
        stems = content_stems(first.text)
        if len(stems) < 3:
            continue  # too short to be a fact on its own
        if any(member.id in in_conflict for member in item.members):
            continue
        if related is not None and any(related(member) for member in item.members):
            continue
        # The middle of a quoted statement is somebody's words, not the outlet's claim.
        attributed = (any(word in ATTRIBUTION_WORDS for word in tokens(first.text)) or bool(quotes(first.text))
                      or first.id in in_quotation or opens_quotation(first.text))
        kind: Kind = "unique" if attributed else "unsupported"
        aspect: Aspect = "fact" if attributed else "claim"
        summary = SINGLE_SOURCE_SUMMARIES[kind]
        if item.support > 1:
            # Several sources report it, so it is not "one source only"; but they are one newsroom's word.
            kind = "one-origin"
            summary = ("Only versions of one article report this" if attributed
                       else "Only versions of one article state this, with no attribution")
        elif origin_of.get(first.source, first.source) != first.source:
            summary = "Added by this source to the article it derives from"
        claims = tuple(Claim(member, detail=_speaker_detail(member, by_position, lookback=speaker_lookback,
                                                            in_quotation=member.id in in_quotation))
                       for member in item.members)
        position = first.index / max(lengths[first.source], 1)
        score = _SCORES[(kind, aspect)] + 0.5 * (1.0 - position) + min(len(set(stems)), 20) / 40.0
        differences.append(Difference(kind, aspect, summary, claims, item.id, round(score, 6)))
    return differences


SINGLE_SOURCE_SUMMARIES: dict[str, str] = {
    "unique": "Only this source reports this",
    "unsupported": "Only this source states this, with no attribution and no other source supporting it",
}
"""The summary of a single-source item that says no more than its kind: the pages say it once, in
the kind's heading, not again on every item."""


_PRONOUN_SPEECH = r"\b(he|she|they)\s+(?:" + "|".join(PRONOUN_SPEECH_VERBS) + r")\b"
_PRONOUN_SPEAKER = re.compile(_PRONOUN_SPEECH, re.IGNORECASE)
"""Words credited to a pronoun ("..., he added."); the group is the pronoun."""
_PRONOUN_ATTRIBUTION = re.compile(
    r"(?:" + _PRONOUN_SPEECH + r"|^\W*(?:" + "|".join(sorted(OPENING_PRONOUNS)) + r")\b)", re.IGNORECASE)
"""A sentence that leans on a pronoun: words credited to one, or a pronoun as its first word."""
_REPORTING = r"(?:" + "|".join(SPEAKER_VERBS) + ")"
_BEFORE_REPORTING = r"(?:\s+(?:also|reportedly|later|then|previously|recently|again|once))?"
"""An adverb between a name and its verb ("Mary Cheney reportedly wrote", "Romney also said")."""
_WORD = r"[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?"
_PERSON = r"((?:[A-Z][a-z]+\.?\s+)?" + _WORD + r"(?:\s+(?:[A-Z]\.\s+)?" + _WORD + r"){1,4})"
"""A name of two to five capitalised words ("Luis V. Gutiérrez"); the bounded repetition keeps the
search linear."""
_SPEAKER = (
    re.compile(_PERSON + r"(?:,[^,]{1,80},)?" + _BEFORE_REPORTING + r"\s+" + _REPORTING + r"\b"),
    # Not "told": whom someone told is the listener ("told Fox News").
    re.compile(r"\b(?!told\b)" + _REPORTING + r"\s+" + _PERSON),
    re.compile(r"\baccording to\s+" + _PERSON),
    # A surname alone, once the person is introduced ("..., Etheridge said."; "Mr. Steele said"),
    # never at the start of the sentence, where any word is capitalised ("Officials said").
    # An honorific makes a name of a sentence's first word too ("Mr. Clapper also said").
    re.compile(r"(?:(?<=\S\s)|^(?=(?:Mr|Ms|Mrs|Dr)\.\s))((?:(?:Mr|Ms|Mrs|Dr)\.\s+)?[A-Z][a-z]+(?:[A-Z][a-z]+)?)"
               + _BEFORE_REPORTING + r"\s+" + _REPORTING + r"\b"),
)
_NOT_SPEAKERS = frozenset({"democrats", "republicans", "officials", "police", "prosecutors", "authorities",
                           "critics", "experts", "analysts", "aides", "lawmakers", "sources", "reports"})
"""Capitalised words before "said" that name no one person (parties and groups)."""


def _speaker(text: str) -> str | None:
    """The person a sentence credits with words ("Jane Roe said", "said Jane Roe", "according to ..."), if any."""
    for pattern in _SPEAKER:
        for found in pattern.finditer(text):
            words = found.group(1).split()
            # A sentence's first word is capitalised whatever it is ("Yet House Speaker Nancy Pelosi said").
            while len(words) > 1 and (words[0].lower() in STOP_WORDS or words[0].lower() in DANGLING_OPENERS):
                words = words[1:]
            name = " ".join(words)
            last = words[-1].lower()
            if last in STOP_WORDS or last in _NOT_SPEAKERS or last in OPENING_PRONOUNS or last in _TIME_WORDS:
                continue
            before = text[:found.start(1)].split()[-1:]
            if pattern is _SPEAKER[-1] and before and before[0].lower() in _PLACE_WORDS:
                continue  # "a poll in Wyoming said", "the Department of Justice said": a place or a body
            return name
    return None


_OPENING_SPEAKER = re.compile(r"^([A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*" + _BEFORE_REPORTING + r"\s+" + _REPORTING + r"\b")
"""A sentence that opens with its speaker ("Graham said: ...", "Officials said ..."): whoever it is, the
sentence says who speaks, so no speaker is taken from the sentences before."""

_NAMED_ATTRIBUTION = re.compile(r"[,!?][\"”’]\s+" + _REPORTING + r"\s+(?:an?|the)\s")
"""A quotation credited in the sentence itself to someone unnamed ("...,” said a senior official")."""

_PLACE_WORDS = frozenset({"in", "of", "on", "at", "from", "for", "by", "to", "the", "a", "an"})


def _speaker_detail(
    sentence: Sentence, by_position: Mapping[tuple[str, int], Sentence], *,
    lookback: int = CompareSettings().speaker_lookback, in_quotation: bool = False,
) -> str | None:
    """For a sentence that leans on a pronoun or on a quotation opened before it, what it refers
    to, as a detail: the speaker named just before ("..., he added."), else, for one that opens
    with the pronoun ("He was granted bail."), the sentence before it, shortened; a sentence of a
    quotation whose speaker is not named just before is said to be quoted.

    A single-source item is read alone, away from its article: "he" must say who.
    """
    opens = opens_quotation(sentence.text)
    if not (in_quotation or opens or _PRONOUN_ATTRIBUTION.search(sentence.text)):
        return None
    # A sentence that names its own speaker ("..., said Josh Horowitz.", "Graham said: ...") already says who.
    opening = _OPENING_SPEAKER.match(sentence.text)
    if (_speaker(sentence.text) or _NAMED_ATTRIBUTION.search(sentence.text)
            or (opening and opening.group(1).lower() not in OPENING_PRONOUNS)):
        return None
    # Words credited to "he", a quotation or a quoted sentence have a speaker; "Her sister replied ..."
    # has none to give, only the sentence before it.
    pronoun = _PRONOUN_SPEAKER.search(sentence.text)
    quotation = in_quotation or opens or sentence.text.lstrip()[:1] in "\"“‘'"
    if opens and not pronoun:
        # A quotation that runs on names its speaker most often where it closes ("...,” Ms. Roe said.").
        for ahead in range(1, lookback + 1):
            following = by_position.get((sentence.source, sentence.index + ahead))
            if following is None:
                break
            if False in quote_marks(following.text):
                speaker = _speaker(following.text)
                if speaker:
                    return f"the speaker: {speaker}"
                break
    # "Mr." is no "she", "Ms." no "he": a speaker of the other sex is someone else.
    other_sex = {"he": ("Ms.", "Mrs."), "she": ("Mr.",)}.get(pronoun.group(1).lower() if pronoun else "", ())
    if quotation or pronoun:
        for back in range(1, lookback + 1):
            previous = by_position.get((sentence.source, sentence.index - back))
            if previous is None:
                break
            speaker = _speaker(previous.text)
            if speaker and not speaker.startswith(other_sex):
                return f"the speaker: {speaker}"
    if in_quotation:
        return "part of a quotation"
    # No speaker named just before ("Sen. Jane Roe (D-Ohio) blasted the plan. ... she said."): the
    # sentence before, which most often introduces the person, tells the reader who "he" is.
    previous = by_position.get((sentence.source, sentence.index - 1))
    if previous is not None:
        return f"after: {quoted(first_words(previous.text, CONTEXT_WORDS))}"
    return None


def opens_quotation(text: str) -> bool:
    """Whether the sentence is the first of a quoted statement's sentences: it opens with a quotation
    mark that it does not close (\"We will review every one of these proposals.). Somebody's words, not
    the outlet's claim; a sentence that opens a quotation after words of its own ("Graham said: “...")
    names its speaker itself."""
    marks = quote_marks(text)
    return bool(marks) and marks[-1] and text.lstrip()[:1] in "\"“"


CONTEXT_WORDS = 20
"""The words of the sentence before that a pronoun-led item shows: enough to name who or what."""


# --- shared helpers -----------------------------------------------------------------------


def _difference(kind: Kind, aspect: Aspect, cluster: str | None, sentences: Sequence[Sentence], summary: str,
                details: Sequence[str] | None = None) -> Difference:
    claims = tuple(Claim(sentence, detail=(details[i] if details else None)) for i, sentence in enumerate(sentences))
    return Difference(kind, aspect, summary, claims, cluster, _score(kind, aspect, claims))


def _score(kind: Kind, aspect: Aspect, claims: Sequence[Claim]) -> float:
    """Base weight of the kind of difference, plus a little for each source involved."""
    sources = {claim.source for claim in claims}
    return round(_SCORES[(kind, aspect)] + 0.1 * len(sources), 6)


def _grouped(found: Sequence[tuple[Sentence, str, Sentence, str]], aspect: Aspect, cluster_of: dict[str, Cluster],
             describe: Callable[[list[str]], str]) -> list[Difference]:
    """Merge pairwise conflicts that share a sentence into one difference listing every claim."""
    # Nodes are (sentence, the figure in it): two conflicts about different figures of one
    # sentence stay two differences.
    details: dict[str, tuple[Sentence, str]] = {}
    for first, first_detail, second, second_detail in found:
        details.setdefault(f"{first.id}\0{first_detail}", (first, first_detail))
        details.setdefault(f"{second.id}\0{second_detail}", (second, second_detail))
    node_of = {key: node for node, key in enumerate(details)}
    links = [(node_of[f"{first.id}\0{first_detail}"], node_of[f"{second.id}\0{second_detail}"])
             for first, first_detail, second, second_detail in found]
    nodes = list(details.values())
    differences = []
    for group in connected_groups(len(nodes), links):
        members = [nodes[node] for node in group]
        members.sort(key=lambda pair: (pair[0].source, pair[0].index))
        claims = tuple(Claim(sentence, detail=detail) for sentence, detail in members)
        # "More than 100" and "more than 100" are one figure: name each once, first spelling kept.
        spellings: dict[str, str] = {}
        for _, detail in members:
            spellings.setdefault(detail.casefold(), detail)
        distinct = sorted(spellings.values(), key=str.casefold)
        cluster = cluster_of[members[0][0].id].id
        differences.append(Difference("conflict", aspect, describe(distinct), claims, cluster,
                                      _score("conflict", aspect, claims)))
    return differences


def _merge_same_cluster(differences: Sequence[Difference]) -> list[Difference]:
    """One difference per (cluster, aspect): all pairwise findings of a cluster become one entry."""
    merged: dict[tuple[str | None, Aspect], Difference] = {}
    for difference in differences:
        key = (difference.cluster, difference.aspect)
        if key not in merged:
            merged[key] = difference
            continue
        existing = merged[key]
        claims = {claim.sentence.id: claim for claim in existing.claims + difference.claims}
        ordered = tuple(sorted(claims.values(), key=lambda c: (c.sentence.source, c.sentence.index)))
        merged[key] = Difference(existing.kind, existing.aspect, existing.summary, ordered, existing.cluster,
                                 _score(existing.kind, existing.aspect, ordered))
    return list(merged.values())
