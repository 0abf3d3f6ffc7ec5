"""Rendering the story model to Markdown pages and ``story.json``: no I/O but reading templates.

``render_site`` turns computed stories into a mapping from a path under
``docs/`` to the page's text. Page layout (Markdown structure, wording) lives
in the Jinja2 templates; this module prepares what they show: page paths,
source numbers, citation links and sentence marks.

Safety: every value a template prints goes through ``finalize``, which escapes
it with ``generator.markdown.escape`` unless it is ``SafeMarkdown`` built
here from escaped parts. Source text therefore never becomes Markdown, HTML or
template syntax, even if a template forgets a filter. ``template_environment``
is the one environment of every page, the evaluation page included.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateRuntimeError

from .compare import SINGLE_SOURCE_SUMMARIES
from .errors import ConfigError
from .lexicon import MONTHS
from .markdown import SafeMarkdown, escape, link, safe_url, url_label
from .models import (
    Claim,
    Derivation,
    Difference,
    Kind,
    RemovedLine,
    Sentence,
    Source,
    Story,
    SummarySentence,
    SupportLevel,
)
from .site_feed import FEED_PAGE, FeedEntry, atom_feed, latest_date
from .slugs import page_slug, unique_slugs
from .text import first_words, quoted

if TYPE_CHECKING:
    from .cache import PageCache

SCHEMA_VERSION = 1
"""Version of the ``story.json`` layout; raised when a field changes meaning or goes away."""

PACKAGE_NAME = "news-consensus-generator"

HOME_PAGE = "index.md"

HOME_STORIES = 50
"""Stories the home page lists in full; a larger site lists the rest by month in the archive.

A listed story is about 1 KB of HTML, so 50 keep the home page light on a phone (a site
of 1,000 stories listed on one page made a home page of 1.1 MB)."""

ARCHIVE_FOLDER = "archive"
"""Where the archive's month pages go: ``archive/2023-09.md``, ``archive/undated.md``."""

DIFFERENCES_PAGE = "differences.md"
"""Each story's page of every difference in full, next to its ``index.md``."""


Severity = Literal["warning", "danger", "info", "quote", "note"]
"""The Material for MkDocs admonition types the differences page uses."""


@dataclass(frozen=True, slots=True)
class DifferenceKind:
    """How the differences page shows one kind of difference."""

    kind: Kind | Literal["other"]
    """A difference kind of the model, or "other": the group for any kind this page does not know."""
    heading: str
    admonition: Severity
    """The Material admonition that boxes it, which also says how much it matters."""
    separate: bool
    """Each difference in its own box (conflicts), or all in one list."""
    in_digest: bool
    """Listed on the story page too, one line each: what a reader must know first."""
    count_words: str
    """How the story page counts this kind ("3 quoted differently")."""
    box_title: str = ""
    """Title of the one box of a list-style kind, unless its differences share one summary."""


DIFFERENCE_KINDS = (
    DifferenceKind("conflict", "Sources disagree", "warning", separate=True, in_digest=True,
                   count_words="where sources disagree"),
    DifferenceKind("unsupported", "Unconfirmed: one source only", "danger", separate=False, in_digest=True,
                   count_words="unconfirmed",
                   box_title="Stated as fact by one source, credited to no one: check before relying on them"),
    DifferenceKind("unique", "Reported by one source only", "info", separate=False, in_digest=False,
                   count_words="reported by one source only", box_title="Facts only one source reports"),
    # Each fact in its own box: its claims are one fact in several versions, read together.
    DifferenceKind("one-origin", "Reported only by versions of one article", "info", separate=True,
                   in_digest=False, count_words="reported only by versions of one article"),
    DifferenceKind("quote", "Quoted differently", "quote", separate=True, in_digest=False,
                   count_words="quoted differently"),
)
"""Kinds in the order the differences page lists them; any other kind goes last as "Other differences"."""

PLAIN_SUMMARIES = frozenset(SINGLE_SOURCE_SUMMARIES.values())
"""Item summaries that say no more than their heading."""

DIGEST_ITEMS = 5
"""The story page lists at most this many differences of a kind; the differences page has them all."""

DIGEST_WORDS = 10
"""A one-line difference on the story page quotes at most this many words of its sentence."""

MATRIX_ROW_WORDS = 6
"""A row of the "Who reports what" table names its fact by this many opening words."""

SUPPORT_SIGNS: dict[SupportLevel, tuple[str, str]] = {
    "same-words": ("✓", "same words"),
    "same-fact": ("≈", "same fact in its own words"),
    "disputes": ("≠", "says otherwise"),
}
"""The sign and words of each support level, the same on every page."""
RELATION_WORDS = {
    "copy": "a copy of",
    "update": "an edited copy or update of",
    "rewrite": "a rewrite, translation or update of",
}
"""How the story page names each kind of derivation."""
SHORT_NAME_CHARACTERS = 18
"""Citation chips show at most this much of a source's name."""

SUMMARY_PARAGRAPH_WORDS = 60
"""A summary paragraph ends after the sentence that takes it past this many words."""

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-\d{2}")


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source as its story's pages show it: number, page and what is known of it."""

    number: int
    source: Source
    slug: str
    page: str
    """Path of the source page relative to the story page."""
    name: str
    """What to call the source in a sentence: see ``source_name``."""
    short_name: str
    """The name cut to fit a citation chip."""
    url: str | None
    url_label: str | None
    sentence_count: int


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story with the paths and numbers its pages share."""

    story: Story
    slug: str
    sources: tuple[SourceView, ...]
    date: str | None

    @property
    def directory(self) -> str:
        return f"stories/{self.slug}"

    @property
    def updated(self) -> str | None:
        """The newest ISO date of the story or any source: what "last updated" shows (never the build time)."""
        return latest_date([self.story.published, *(view.source.published for view in self.sources)])

    def source(self, source_id: str) -> SourceView:
        for view in self.sources:
            if view.source.id == source_id:
                return view
        raise ConfigError(f"story {self.story.slug!r}: no source with id {source_id!r}")

    def citation(self, sentence: Sentence, level: SupportLevel | None = None, *, context: str,
                 preview: bool = True) -> SafeMarkdown:
        """A compact link to ``sentence`` on its source's page, with a preview of what it says.

        The chip reads the source's number and short name (the name in a span of
        class ``cite-name``, which phones hide in the summary), and with a support
        level its sign (✓ same words, ≈ same fact, ≠ says otherwise). Next to it a
        ``cite-preview`` span holds the outlet, its date, the level in words and the
        sentence's own words, escaped like any source text: CSS shows it on hover
        and focus, and ``aria-describedby`` reads it to screen readers. ``context``
        (a fact or difference number) makes the preview's id unique on its page.
        Without ``preview`` the chip is the link alone: where the sentence is printed
        right beside it, a preview would only repeat it (and a screen reader read it twice).
        """
        view = self.source(sentence.source)
        sign, meaning = SUPPORT_SIGNS[level] if level else ("", "")
        label = SafeMarkdown(f'{view.number} <span class="cite-name">{escape(view.short_name)}</span>'
                             + (f" {sign}" if sign else ""))
        preview_id = f"cite-{context}-{view.number}-{sentence.index + 1}"
        classes = ("cite", f"cite-{level}") if level else ("cite",)
        chip = link(label, f"{view.page}#{sentence.anchor}", classes=classes,
                    described_by=preview_id if preview else None)
        if not preview:
            return SafeMarkdown(f'<span class="cite-wrap">{chip}</span>')
        said = " · ".join(part for part in (view.name, view.source.published, meaning) if part)
        box = (f'<span class="cite-preview" id="{preview_id}" role="tooltip">'
               f'{escape(said)}: <q>{escape(sentence.text)}</q></span>')
        return SafeMarkdown(f'<span class="cite-wrap">{chip}{box}</span>')

    def citations(self, support: Sequence[tuple[Sentence, SupportLevel]], *, context: str) -> SafeMarkdown:
        """Citation links for each supporting (or disputing) sentence, in source-number order."""
        by_number = sorted(support, key=lambda item: (self.source(item[0].source).number, item[0].index))
        # One unbreakable group, so a line never starts with a lone citation.
        links = "".join(self.citation(sentence, level, context=context) for sentence, level in by_number)
        return SafeMarkdown(f'<span class="cites">{links}</span>')

    def origin_count(self) -> int:
        """How many independent origins the story's sources come from."""
        return self.story.origin_count({view.source.id for view in self.sources})


def render_site(
    stories: Sequence[Story], templates_dir: Path, *, page_cache: PageCache | None = None,
    keys: Mapping[str, str] | None = None, home_stories: int = HOME_STORIES,
) -> dict[str, str]:
    """Return every generated page, keyed by its path under ``docs/``.

    Pages: the home page listing the ``home_stories`` newest stories (and, when
    there are more, an archive page per month listing every story of it), and
    per story ``index.md`` (the
    story page), ``differences.md`` (every difference in full; not for a story
    of one source), ``story.json`` (the same data for programs) and one page per
    source under ``sources/``. Keys are sorted, so the result does not depend
    on the order of ``stories``. With a ``page_cache`` and each story's input
    ``keys`` (slug -> key), a story's pages are rendered only when not cached.
    """
    environment = template_environment(templates_dir)
    ordered = sorted(stories, key=lambda story: story.slug)
    slugs = _page_slugs(story.slug for story in ordered)
    views = tuple(_story_view(story, slug) for story, slug in zip(ordered, slugs))
    newest_first = _home_order(views)
    months = _archive_months(newest_first) if len(newest_first) > home_stories else ()
    pages: dict[str, str] = {
        HOME_PAGE: _render(environment, "home.md.j2", stories=newest_first[:home_stories], total=len(views),
                           months=months),
    }
    pages.update((month.page, _render(environment, "archive.md.j2", month=month)) for month in months)
    pages[FEED_PAGE] = atom_feed(tuple(
        FeedEntry(view.slug, view.story.title, view.updated, " ".join(item.text for item in view.story.summary),
                  len(view.sources))
        for view in views))
    for view in views:
        entry_key = None
        if page_cache is not None and keys is not None and view.story.slug in keys:
            entry_key = page_cache.key(keys[view.story.slug], view.directory)
            cached = page_cache.get(entry_key, view.directory)
            if cached is not None:
                pages.update((f"{view.directory}/{path}", text) for path, text in cached.items())
                continue
        story_pages = {"index.md": _render_story(environment, view), "story.json": story_json(view)}
        if len(view.sources) > 1:
            story_pages[DIFFERENCES_PAGE] = _render(
                environment, "differences.md.j2", view=view, story=view.story,
                difference_groups=_difference_groups(view, previews=False))
        for source_view in view.sources:
            story_pages[source_view.page] = _render_source(environment, view, source_view)
        pages.update((f"{view.directory}/{path}", text) for path, text in story_pages.items())
        if page_cache is not None and entry_key is not None:
            page_cache.put(entry_key, view.directory, story_pages)
    return dict(sorted(pages.items()))


def story_json(view: StoryView) -> str:
    """Return the story's data as JSON text: what the story page shows, for programs.

    Keys keep a fixed order and floats are rounded, so the same story always
    gives the same bytes. The layout is documented in the README ("story.json").
    """
    story = view.story
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": PACKAGE_NAME, "version": _version()},
        "slug": view.slug,
        "title": story.title,
        "published": story.published,
        "notices": list(story.notices),
        "sources": [
            {
                "id": item.source.id,
                "slug": item.slug,
                "filename": item.source.filename,
                "name": item.name,
                "outlet": item.source.outlet,
                "title": item.source.title,
                "author": item.source.author,
                "published": item.source.published,
                "url": item.source.url,
                "origin": story.origin_of(item.source.id),
                "sentences": item.sentence_count,
                "removed": [
                    {"text": line.text, "reason": line.reason} for line in _removed_lines(story, item.source.id)
                ],
            }
            for item in view.sources
        ],
        "clusters": [
            {
                "id": cluster.id,
                "sources": list(cluster.sources),
                "members": [_sentence_json(member) for member in cluster.members],
            }
            for cluster in story.clusters
        ],
        "summary": [
            {
                "text": item.text,
                "cluster": item.cluster,
                "sources": list(item.sources),
                "source": item.sentence.source,
                "sentence": item.sentence.anchor,
                "citations": [
                    {"source": citation.source, "sentence": citation.anchor}
                    for citation in item.citations
                ],
                "disputed_by": [
                    {"source": dispute.source, "sentence": dispute.anchor}
                    for dispute in item.disputes
                ],
                "support": [
                    {"source": sentence.source, "sentence": sentence.anchor, "level": level}
                    for sentence, level in item.support
                ],
                "origins": story.origin_count(item.sources),
            }
            for item in story.summary
        ],
        "derivations": [
            {
                "source": derivation.source,
                "original": derivation.original,
                "relation": derivation.relation,
                "shared_wording": derivation.shared_wording,
                "shared_facts": derivation.shared_facts,
                "same_order": derivation.same_order,
                "same_byline": derivation.same_byline,
            }
            for derivation in story.derivations
        ],
        "differences": [
            {
                "kind": difference.kind,
                "aspect": difference.aspect,
                "summary": difference.summary,
                "cluster": difference.cluster,
                "score": round(difference.score, 4),
                "claims": [
                    {**_sentence_json(claim.sentence), "detail": claim.detail}
                    for claim in difference.claims
                ],
            }
            for difference in story.differences
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _sentence_json(sentence: Sentence) -> dict[str, Any]:
    return {"source": sentence.source, "sentence": sentence.anchor, "text": sentence.text}


def template_environment(templates_dir: Path) -> Environment:
    """The one Jinja2 environment of every page: the story pages, the home page and the evaluation page.

    Strict about undefined names, escaping by default: ``autoescape`` is off because
    the output is Markdown, not HTML; instead ``finalize`` escapes every printed value
    with ``generator.markdown.escape`` unless it is ``SafeMarkdown``, so a template
    that forgets a filter still cannot print source text as markup.
    """
    if not templates_dir.is_dir():
        raise ConfigError(f"{templates_dir}: templates folder not found")
    environment = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    environment.filters["md"] = escape
    environment.filters["quoted"] = quoted
    environment.globals["link_to"] = link
    environment.globals["mark_html"] = _mark_html
    environment.globals["source_details"] = _source_details
    environment.globals["derivation_line"] = _derivation_line
    return environment


def _finalize(value: object) -> SafeMarkdown:
    if value is None:
        # A missing optional field printed as "None" is a template bug, not text.
        raise TemplateRuntimeError("a template printed None; guard optional fields with {% if %}")
    return escape(value)


def render_template(environment: Environment, name: str, **context: Any) -> str:
    """Return template ``name`` rendered with ``context``; a template error becomes a ``ConfigError``."""
    try:
        return environment.get_template(name).render(**context)
    except TemplateError as error:
        raise ConfigError(f"template {name}: {error}") from error


def _render(environment: Environment, name: str, **context: Any) -> str:
    # One final newline whatever blank lines the template's last block leaves.
    return render_template(environment, name, **context).rstrip("\n") + "\n"


def _render_story(environment: Environment, view: StoryView) -> str:
    story = view.story
    summary_sources = {citation.source for item in story.summary for citation in item.citations}
    groups = _difference_groups(view)
    return _render(
        environment, "story.md.j2",
        view=view, story=story,
        single_source=len(view.sources) == 1,
        summary=_summary_paragraphs(view),
        digest=tuple(_digest(view, group) for group in groups if group.kind.in_digest),
        difference_counts=tuple((len(group.differences), group.kind.count_words) for group in groups),
        difference_total=len(story.differences),
        differences_page=DIFFERENCES_PAGE,
        matrix=_report_matrix(view),
        silent_sources=tuple(item for item in view.sources if item.source.id not in summary_sources),
    )


def _summary_paragraphs(view: StoryView) -> tuple[tuple[tuple[int, SummarySentence, SafeMarkdown], ...], ...]:
    """The summary's sentences, numbered from 1, with their citation links, cut into short paragraphs.

    A wall of text is hard to read on a phone; the sentences stay in reading order.
    The number is the sentence's anchor (``#fact-N``), which source pages link back to.
    """
    paragraphs: list[list[tuple[int, SummarySentence, SafeMarkdown]]] = [[]]
    words = 0
    for number, item in enumerate(view.story.summary, start=1):
        if words >= SUMMARY_PARAGRAPH_WORDS:
            paragraphs.append([])
            words = 0
        paragraphs[-1].append((number, item, view.citations(item.support, context=f"f{number}")))
        words += len(item.text.split())
    return tuple(tuple(paragraph) for paragraph in paragraphs if paragraph)


@dataclass(frozen=True, slots=True)
class DifferenceGroup:
    """The differences of one kind, as the story page lists them."""

    kind: DifferenceKind
    differences: tuple[tuple[Difference, tuple[tuple[Claim, SafeMarkdown], ...]], ...]
    shared_summary: str | None
    """The summary every difference of the group has, said once instead of on every item."""
    plain_summary: str | None = None
    """The summary that says no more than the group's heading (``SINGLE_SOURCE_SUMMARIES``): never
    repeated on an item."""


def _difference_groups(view: StoryView, *, previews: bool = True) -> tuple[DifferenceGroup, ...]:
    """The story's differences grouped by kind (in ``DIFFERENCE_KINDS`` order), each kept in rank order.

    ``previews`` false: the claims' citations carry no preview (the differences page prints
    each claim's sentence in full beside its citation).
    """
    known = {kind.kind: kind for kind in DIFFERENCE_KINDS}
    other = DifferenceKind("other", "Other differences", "note", separate=True, in_digest=False,
                           count_words="other differences")
    number = {id(difference): position for position, difference in enumerate(view.story.differences, start=1)}
    groups = []
    for kind in (*DIFFERENCE_KINDS, other):
        members = tuple(
            # Preview ids name the difference and the claim's place in it: unique on the page.
            (difference, tuple((claim, view.citation(claim.sentence, context=f"d{number[id(difference)]}c{place}",
                                                     preview=previews))
                               for place, claim in enumerate(difference.claims, start=1)))
            for difference in view.story.differences
            if (difference.kind if difference.kind in known else "other") == kind.kind
        )
        if not members:
            continue
        summaries = {difference.summary for difference, _ in members}
        # One reason said once in the box's title; not a reason that only repeats the heading, since
        # the kind's own box title says more ("Stated as fact by one source, credited to no one: ...").
        shared = (next(iter(summaries)) if len(summaries) == 1 and len(members) > 1
                  and not summaries & PLAIN_SUMMARIES else None)
        groups.append(DifferenceGroup(kind, members, shared, SINGLE_SOURCE_SUMMARIES.get(kind.kind)))
    return tuple(groups)


@dataclass(frozen=True, slots=True)
class DigestGroup:
    """The first differences of one kind, one line each, as the story page lists them."""

    kind: DifferenceKind
    lines: tuple[SafeMarkdown, ...]
    more: int
    """How many more the differences page lists."""


def _digest(view: StoryView, group: DifferenceGroup) -> DigestGroup:
    """One line per difference of ``group``, at most ``DIGEST_ITEMS``.

    A disagreement reads as its summary, then each side's words with the chips of
    the outlets that say them, side by side; any other difference as the opening
    words of its sentence with the chip of its source (whose preview holds the rest).
    """
    lines = []
    for difference, claims in group.differences[:DIGEST_ITEMS]:
        if group.kind.separate:
            sides: dict[str, tuple[str, list[SafeMarkdown]]] = {}
            for claim, chip in claims:
                key = (claim.detail or "").casefold()
                sides.setdefault(key, (claim.detail or "", []))[1].append(chip)
            said = " · ".join(
                (f"“{escape(detail)}” " if detail else "") + f'<span class="cites">{"".join(chips)}</span>'
                for detail, chips in sides.values())
            # compare.py words a disagreement "what differs: the values"; the sides show the values.
            what = difference.summary.split(": ", 1)[0]
            lines.append(SafeMarkdown(f"{escape(what)}: {said}"))
        else:
            lines.append(SafeMarkdown(" ".join(
                f"{escape(quoted(first_words(claim.text, DIGEST_WORDS)))}{chip}" for claim, chip in claims)))
    return DigestGroup(group.kind, tuple(lines), max(0, len(group.differences) - DIGEST_ITEMS))


def _report_matrix(view: StoryView) -> tuple[tuple[int, str, tuple[SafeMarkdown, ...]], ...]:
    """Rows of "which source reports which key fact": one per summary sentence.

    Each cell links to the source's sentence that reports the fact, or is a
    dash; the row starts with the fact's number and first words.
    """
    rows = []
    for number, item in enumerate(view.story.summary, start=1):
        levels = {sentence.source: (sentence, level) for sentence, level in item.support}
        cells = tuple(_report_cell(source, *levels.get(source.source.id, (None, None)))
                      for source in view.sources)
        rows.append((number, first_words(item.text, MATRIX_ROW_WORDS), cells))
    return tuple(rows)


def _report_cell(source: SourceView, sentence: Sentence | None, level: SupportLevel | None) -> SafeMarkdown:
    """The support level's sign linking to the source's sentence (✓ ≈ ≠), or a dash."""
    if sentence is None or level is None:
        return SafeMarkdown("–")
    sign, meaning = SUPPORT_SIGNS[level]
    return SafeMarkdown(link(sign, f"{source.page}#{sentence.anchor}", classes=(f"level-{level}",),
                             title=f"Source {source.number}, sentence {sentence.index + 1}, {meaning}"))


def _render_source(environment: Environment, view: StoryView, source: SourceView) -> str:
    story = view.story
    sentences = tuple(s for s in story.sentences if s.source == source.source.id)
    # The summary's level for each of this source's sentences: the strongest when cited twice.
    strength = {"same-words": 0, "same-fact": 1, "disputes": 2}
    level_of: dict[str, SupportLevel] = {}
    level: SupportLevel | None
    cited_by: dict[str, list[int]] = {}
    for number, item in enumerate(story.summary, start=1):
        for sentence, level in item.support:
            if sentence.source == source.source.id and number not in cited_by.setdefault(sentence.id, []):
                cited_by[sentence.id].append(number)
            if sentence.source == source.source.id and (
                    sentence.id not in level_of or strength[level] < strength[level_of[sentence.id]]):
                level_of[sentence.id] = level
    used = {sentence_id for sentence_id, level in level_of.items() if level != "disputes"}
    unique = _claim_ids(story.differences, source.source.id, ("unique", "unsupported"))
    conflict = _claim_ids(story.differences, source.source.id, ("conflict",))
    rows = []
    previous_paragraph = None
    for sentence in sentences:
        level = level_of.get(sentence.id)
        marks = tuple(
            name for name, present in (
                (f"used-{level}" if level else "", level is not None),
                ("unique", sentence.id in unique),
                ("conflict", sentence.id in conflict),
            ) if present
        )
        classes = ["sentence", *marks]
        if sentence.paragraph != previous_paragraph:
            # The first sentence of an article paragraph gets space above it.
            classes.append("paragraph-start")
        previous_paragraph = sentence.paragraph
        attributes = SafeMarkdown("{ #" + sentence.anchor + " " + " ".join(f".{c}" for c in classes) + " }")
        # Back to each summary sentence that cites this one (its anchor on the story page).
        back = SafeMarkdown("".join(
            " " + link(f"↩ summary {number}", f"../index.md#fact-{number}", classes=("back-link",),
                       title=f"Back to sentence {number} of the summary")
            for number in cited_by.get(sentence.id, ())))
        rows.append((sentence, marks, back, attributes))
    only_here = tuple(
        (difference, claim)
        for difference in story.differences if difference.kind in ("unsupported", "unique")
        for claim in difference.claims if claim.source == source.source.id
    )
    return _render(
        environment, "source.md.j2",
        view=view, story=story, source=source, sentences=tuple(rows),
        counts={"same_words": sum(1 for level in level_of.values() if level == "same-words"),
                "same_fact": sum(1 for level in level_of.values() if level == "same-fact"),
                "disputes": sum(1 for level in level_of.values() if level == "disputes"),
                "used": len(used), "unique": len(unique), "conflict": len(conflict)},
        derivations=tuple(d for d in story.derivations if source.source.id in (d.source, d.original)),
        removed=_removed_lines(story, source.source.id),
        only_here=tuple(
            (difference, claim, link(f"sentence {claim.sentence.index + 1}", f"#{claim.sentence.anchor}"),
             first_words(claim.text, DIGEST_WORDS))
            for difference, claim in sorted(only_here, key=lambda item: item[1].sentence.index)),
        # Said once above the list when every item has the same reason, and not at all when the
        # reason is only that: the heading says "Only in this source".
        only_here_shared=(only_here[0][0].summary
                          if len(only_here) > 1 and len({d.summary for d, _ in only_here}) == 1
                          and only_here[0][0].summary not in PLAIN_SUMMARIES else None),
        plain_summaries=PLAIN_SUMMARIES,
    )


def _removed_lines(story: Story, source_id: str) -> tuple[RemovedLine, ...]:
    """The furniture lines cleaning dropped from one source's article."""
    for article in story.articles:
        if article.source.id == source_id:
            return article.removed
    return ()


def _claim_ids(differences: Sequence[Difference], source_id: str, kinds: tuple[str, ...]) -> set[str]:
    return {
        claim.sentence.id
        for difference in differences if difference.kind in kinds
        for claim in difference.claims if claim.source == source_id
    }


_MARKS = {
    "used-same-words": ("✓", "The summary uses these words"),
    "used-same-fact": ("≈", "The summary states this fact in other words"),
    "used-disputes": ("≠", "Says otherwise than the summary"),
    "unique": ("◆", "Reported only here"),
    "conflict": ("⇄", "Part of a disagreement between sources"),
}


def _source_details(source: SourceView) -> SafeMarkdown:
    """One line under a source's name on the story page: byline, date and links."""
    parts = []
    if source.source.author:
        parts.append(escape(f"By {source.source.author}"))
    if source.source.published:
        parts.append(escape(source.source.published))
    parts.append(SafeMarkdown(f"{link('its text', source.page)} ({source.sentence_count} sentences)"))
    if source.url and source.url_label is not None:
        parts.append(link(f"{source.url_label} ↗", source.url))
    return SafeMarkdown(" · ".join(parts))


def _mark_html(mark: str) -> SafeMarkdown:
    """The visible sign of a sentence mark, so marks never rely on colour alone."""
    symbol, title = _MARKS[mark]
    return SafeMarkdown(f'<span class="mark {mark}" title="{title}">{symbol}</span>')


def _derivation_line(view: StoryView, derivation: Derivation, base: str = "") -> SafeMarkdown:
    """One line saying which source derives from which, with the evidence in numbers.

    ``base`` leads from the page the line is on to the story page ("../" on a source page).
    """
    derived, original = view.source(derivation.source), view.source(derivation.original)
    evidence = [f"{derivation.shared_facts:.0%} of its sentences report the other's facts",
                f"{derivation.same_order:.0%} of those in the same order",
                f"{derivation.shared_wording:.0%} of its five-word phrases shared"]
    if derivation.same_byline:
        evidence.append("same byline")
    return SafeMarkdown(
        f"{link(f'{derived.number}. {derived.name}', base + derived.page)} is "
        f"{escape(RELATION_WORDS[derivation.relation])} "
        f"{link(f'{original.number}. {original.name}', base + original.page)} ({escape('; '.join(evidence))})"
    )


def _short_name(name: str, number: int) -> str:
    """A source's name cut to fit a citation chip (which shows its number too).

    A description ("Unnamed site: a copy of ...") keeps the part before its colon;
    "Unnamed source 3" becomes "unnamed", since the chip already says "3".
    """
    if name == f"Unnamed source {number}":
        return "unnamed"
    name = name.split(":", 1)[0].strip() or name
    if len(name) <= SHORT_NAME_CHARACTERS:
        return name
    cut = name[:SHORT_NAME_CHARACTERS].rsplit(" ", 1)[0].rstrip(" ,:;-")
    return (cut or name[:SHORT_NAME_CHARACTERS]) + "…"


def _page_slugs(names: Iterable[str]) -> tuple[str, ...]:
    """Page path segments for ``names``: each made safe by ``page_slug``, then made unique."""
    return unique_slugs([page_slug(name) for name in names])


def _story_view(story: Story, slug: str) -> StoryView:
    source_slugs = _page_slugs(source.slug or source.id for source in story.sources)
    counts: dict[str, int] = {}
    for sentence in story.sentences:
        counts[sentence.source] = counts.get(sentence.source, 0) + 1
    sources = []
    for number, (source, source_slug) in enumerate(zip(story.sources, source_slugs), start=1):
        url = safe_url(source.url)
        sources.append(SourceView(
            number=number, source=source, slug=source_slug, page=f"sources/{source_slug}.md",
            name=source_name(source, number, url),
            short_name=_short_name(source_name(source, number, url), number),
            url=url, url_label=url_label(url) if url else None,
            sentence_count=counts.get(source.id, 0),
        ))
    return StoryView(story=story, slug=slug, sources=tuple(sources), date=_story_date(story))


def source_name(source: Source, number: int, url: str | None = None) -> str:
    """Return a readable name for a source: its outlet, else its web site, else its headline.

    A source nobody named gets "Unnamed source N", never its file stem: a stem such
    as "001_dd9ecd64d5470c9a" tells a reader nothing and looks like an outlet's name.
    ``url`` is the source's checked http(s) address, if any.
    """
    if source.outlet:
        return source.outlet
    if url:
        host = urlsplit(url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    if source.title:
        return source.title
    return f"Unnamed source {number}"


def _story_date(story: Story) -> str | None:
    """The story's date, else the latest ISO date any source gives, else the first date given."""
    if story.published:
        return story.published
    dates = [source.published for source in story.sources if source.published]
    iso = sorted(date for date in dates if _ISO_DATE.match(date))
    if iso:
        return iso[-1]
    return dates[0] if dates else None


@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    """One page of the archive: the stories of one month (or the undated ones), newest first."""

    label: str
    """"September 2023", or "Undated"."""
    page: str
    stories: tuple[StoryView, ...]
    dated: bool
    """False for the page of the stories without a date (listed by title)."""

    @property
    def count(self) -> int:
        return len(self.stories)


def _archive_months(newest_first: Sequence[StoryView]) -> tuple[ArchiveMonth, ...]:
    """Every story grouped by the month of its date, newest month first, the undated ones last."""
    groups: dict[tuple[str, str, bool], list[StoryView]] = {}
    for view in newest_first:
        match = _ISO_DATE.match(view.date or "")
        if match and 1 <= int(match.group(2)) <= 12:
            year, month = match.group(1), match.group(2)
            key = (f"{MONTHS[int(month) - 1].capitalize()} {year}", f"{ARCHIVE_FOLDER}/{year}-{month}.md", True)
        else:
            key = ("Undated", f"{ARCHIVE_FOLDER}/undated.md", False)
        groups.setdefault(key, []).append(view)
    return tuple(ArchiveMonth(label, page, tuple(stories), dated) for (label, page, dated), stories in groups.items())



def _home_order(views: Sequence[StoryView]) -> tuple[StoryView, ...]:
    """Newest first for stories with an ISO date, then the undated ones; ties by title."""
    def key(view: StoryView) -> tuple[int, str, str, str]:
        match = _ISO_DATE.match(view.date or "")
        day = match.group(0) if match else ""
        # Negating a date string is not possible; invert its digits so ascending
        # sorting puts the newest first.
        inverted = "".join(str(9 - int(c)) if c.isdigit() else c for c in day)
        return (0 if day else 1, inverted, view.story.title.casefold(), view.slug)

    return tuple(sorted(views, key=key))


def _version() -> str:
    try:
        return metadata.version(PACKAGE_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"
