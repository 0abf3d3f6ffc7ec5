"""The story model: immutable records that flow through the pipeline.

Every step takes and returns these frozen dataclasses, so a step can be tested
alone and the whole pipeline is a pure function of its input files. Ids are
derived from file names and positions, never from memory addresses or hashing
order, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .text import normalised_wording

SupportLevel = Literal["same-words", "same-fact", "disputes"]
"""How a cited source supports a summary sentence: it states it in these words (up to
case, punctuation and spacing), it reports the same fact in its own words, or it says otherwise."""
Relation = Literal["copy", "update", "rewrite"]
"""How a derived source relates to its original (see ``generator.origins``)."""
Kind = Literal["conflict", "quote", "unique", "unsupported", "one-origin"]
"""What kind of difference between sources (see ``Difference``)."""
Aspect = Literal["number", "date", "title", "negation", "meaning", "scope", "wording", "fact", "claim"]
"""What differs: the aspects of a conflict, ``wording`` of a quote, ``fact`` of a unique fact and
``claim`` of an unsupported one (see ``Difference``)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input article file and what is known about where it came from.

    ``id`` is the file stem (the name a person gave the file); ``slug`` is the
    URL-safe form of it used for page names and anchors. Metadata comes from
    front matter or ``story.yml`` first, then from what cleaning found in the text.
    """

    id: str
    slug: str
    filename: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line that cleaning dropped as page furniture, with the rule that dropped it."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanedText:
    """What cleaning makes of one article's raw text.

    ``paragraphs`` is the news text, one string per paragraph; everything else
    the article carried (headline, byline, captions, prompts) is either lifted
    into a metadata field or listed in ``removed`` so a reader can see what was
    dropped and why.
    """

    paragraphs: tuple[str, ...]
    headline: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A source with its cleaned text."""

    source: Source
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedLine, ...] = ()


ProblemKind = Literal["error", "warning"]
"""An error stops ``generator build`` (and makes ``generator check`` exit 1); a warning is worked around."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with the input: the file it concerns, what happened and what to do, and how serious it is.

    ``file`` is the path as printed (undecodable bytes escaped, see ``errors.printable_path``).
    ``str()`` gives the line people read, ``path: message``; the CLI puts ``error:`` or
    ``warning:`` (the ``kind``) in front.
    """

    file: str
    message: str
    kind: ProblemKind = "warning"

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One story folder, read and cleaned: what the rest of the pipeline starts from."""

    slug: str
    title: str | None
    directory: Path
    articles: tuple[Article, ...]
    published: str | None = None
    problems: tuple[Problem, ...] = ()
    """What reading the folder worked around (all warnings: a folder with an error gives no story)."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """The problems as the lines a person reads (``path: what happened; what to do``); the story page lists them."""
        return tuple(str(problem) for problem in self.problems)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one article, verbatim from the cleaned text.

    ``index`` is the sentence's position in its article (0-based), which gives
    the stable anchor ``s-{index + 1}`` on the source page; ``paragraph`` is the
    index of the paragraph it belongs to.
    """

    source: str
    index: int
    paragraph: int
    text: str

    @property
    def id(self) -> str:
        """A story-wide unique id: ``<source id>#<index>``."""
        return f"{self.source}#{self.index}"

    @property
    def anchor(self) -> str:
        """The HTML id of this sentence on its source page."""
        return f"s-{self.index + 1}"


@dataclass(frozen=True, slots=True)
class Cluster:
    """Sentences from one or more sources that report the same fact.

    ``members`` are ordered by (source, index); ``sources`` are the ids of the
    distinct sources that support the fact, sorted.
    """

    id: str
    members: tuple[Sentence, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({member.source for member in self.members}))

    @property
    def support(self) -> int:
        """How many distinct sources report this fact."""
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One sentence of the consensus summary.

    ``sentence`` is the cluster member chosen to stand for the cluster (its text
    is printed verbatim); ``citations`` holds, for every supporting source, the
    sentence of that source in the cluster, so each citation links to the exact
    sentence that supports it. A source whose only sentences on the fact
    contradict the chosen wording is in ``disputes`` instead.
    """

    sentence: Sentence
    cluster: str
    citations: tuple[Sentence, ...]
    disputes: tuple[Sentence, ...] = ()
    """Per source that reports the fact but contradicts this wording (a conflict
    in the differences), its sentence: shown as disputing, never as a citation."""

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({citation.source for citation in self.citations}))

    @property
    def support(self) -> tuple[tuple[Sentence, SupportLevel], ...]:
        """Each cited or disputing source's sentence with its support level, citations first.

        A source has "same-words" only when its sentence has the summary's very
        words (a quote it words differently is its own words, "same-fact").
        """
        wording = normalised_wording(self.sentence.text)
        levels: list[tuple[Sentence, SupportLevel]] = [
            (citation, "same-words" if normalised_wording(citation.text) == wording else "same-fact")
            for citation in self.citations
        ]
        levels.extend((dispute, "disputes") for dispute in self.disputes)
        return tuple(levels)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence quoted as evidence in a difference."""

    sentence: Sentence
    detail: str | None = None

    @property
    def source(self) -> str:
        return self.sentence.source

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True, slots=True)
class Difference:
    """Something the sources do not agree on, or that only some of them say.

    ``kind`` is one of ``conflict`` (same fact, different numbers, dates, titles,
    scope or meaning), ``unique`` (a fact only one source reports), ``unsupported`` (a
    fact one source states as its own, credited to no one, that no other source reports), ``one-origin``
    (a fact several sources report, all of them versions of one article: not "one source only",
    yet one newsroom's word), ``quote`` (the same quote worded differently). ``aspect`` says what differs
    (``number``, ``date``, ``title``, ``negation``, ``wording``, ...);
    ``summary`` is a one-line description in our own words; ``score`` ranks
    differences, highest first.
    """

    kind: Kind
    aspect: Aspect
    summary: str
    claims: tuple[Claim, ...]
    cluster: str | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Derivation:
    """Evidence that one source derives from another (a copy, update, translation or rewrite)."""

    source: str
    original: str
    relation: Relation
    shared_wording: float
    """Share of the shorter article's word 5-grams found in the other."""
    shared_facts: float
    """Share of the shorter article's sentences whose fact the other reports."""
    same_order: float
    """Share of those shared facts that come in the same order in both."""
    same_byline: bool


@dataclass(frozen=True, slots=True)
class Story:
    """Everything the site shows about one story, fully computed."""

    slug: str
    title: str
    sources: tuple[Source, ...]
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    clusters: tuple[Cluster, ...]
    summary: tuple[SummarySentence, ...]
    differences: tuple[Difference, ...]
    published: str | None = None
    notices: tuple[str, ...] = field(default=())
    origins: tuple[tuple[str, str], ...] = field(default=())
    """(source id, the id of its origin) per source: its own id when independent."""
    derivations: tuple[Derivation, ...] = field(default=())

    def origin_of(self, source_id: str) -> str:
        """Return the id of the original a source derives from (its own id when independent)."""
        return dict(self.origins).get(source_id, source_id)

    def origin_count(self, source_ids: tuple[str, ...] | list[str] | set[str] | frozenset[str]) -> int:
        """Return how many independent origins the given sources come from."""
        return len({self.origin_of(source) for source in source_ids})
