"""Hand-made story models for the rendering tests (golden files and the built site).

Built directly from model objects, so the tests of rendering do not depend on
how cleaning, clustering or summarizing behave today.
"""

from __future__ import annotations

from generator.models import (
    Article,
    Claim,
    Cluster,
    Difference,
    RemovedLine,
    Sentence,
    Source,
    Story,
    SummarySentence,
)

HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "{{ config }}",
    "{% include 'x' %}",
    "| a | b |",
    "Footnote[^1] here.",
    "[^1]: a footnote definition",
    "{: .x}",
    "**bold**",
    "!!! danger \"admonition\"",
    "# heading",
    "1. list item",
    "`code`",
)
"""Strings that would be live Markdown, HTML or template syntax if not escaped."""


def _sentences(source: str, paragraphs: tuple[tuple[str, ...], ...]) -> tuple[Sentence, ...]:
    result = []
    for paragraph_index, paragraph in enumerate(paragraphs):
        for text in paragraph:
            result.append(Sentence(source=source, index=len(result), paragraph=paragraph_index, text=text))
    return tuple(result)


def _article(source: Source, sentences: tuple[Sentence, ...],
             removed: tuple[RemovedLine, ...] = ()) -> Article:
    paragraphs: dict[int, list[str]] = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence.text)
    return Article(source, tuple(" ".join(texts) for _, texts in sorted(paragraphs.items())), removed)


def bridge_story() -> Story:
    """Three sources on one event: shared facts, a conflict, a lone claim, a reworded quote."""
    alpha = Source(id="alpha", slug="alpha", filename="alpha.txt", outlet="Alpha News",
                   title="Bridge closes after crack found", url="https://www.alpha.example/news/bridge?id=7",
                   author="Ann Reporter", published="2024-03-02")
    beta = Source(id="beta", slug="beta", filename="beta.md", outlet="Beta & Co",
                  title="River bridge shut", url="javascript:alert(1)", published="2024-03-03")
    gamma = Source(id="gamma", slug="gamma", filename="gamma.txt")
    alpha_sentences = _sentences("alpha", (
        ("The Old River Bridge was closed on Monday after engineers found a crack.",
         "About 12,000 vehicles cross it every day."),
        ("The mayor said: \"Safety comes first.\"",),
        ("Repairs will cost 3 * 4 million [sic] dollars.",),
    ))
    beta_sentences = _sentences("beta", (
        ("Engineers found a crack in the Old River Bridge, which closed on Monday.",),
        ("Some 15,000 vehicles use the bridge daily.", "\"Safety is our first concern,\" the mayor said."),
    ))
    gamma_sentences = _sentences("gamma", (
        ("The Old River Bridge closed Monday because of a crack.",
         "A ferry will run until the bridge reopens in June."),
    ))
    sentences = alpha_sentences + beta_sentences + gamma_sentences
    clusters = (
        Cluster("c1", (alpha_sentences[0], beta_sentences[0], gamma_sentences[0])),
        Cluster("c2", (alpha_sentences[1], beta_sentences[1])),
        Cluster("c3", (alpha_sentences[2], beta_sentences[2])),
        Cluster("c4", (alpha_sentences[3],)),
        Cluster("c5", (gamma_sentences[1],)),
    )
    summary = (
        SummarySentence(alpha_sentences[0], "c1", (alpha_sentences[0], beta_sentences[0], gamma_sentences[0])),
        # Beta gives another figure (the conflict below): it disputes the sentence, it does not cite it.
        SummarySentence(alpha_sentences[1], "c2", (alpha_sentences[1],), (beta_sentences[1],)),
    )
    differences = (
        Difference("conflict", "number", "Daily traffic: 12,000 or 15,000 vehicles",
                   (Claim(alpha_sentences[1], "12,000"), Claim(beta_sentences[1], "15,000")), "c2", 0.9),
        Difference("unsupported", "number", "Only one source gives the cost of repairs",
                   (Claim(alpha_sentences[3]),), "c4", 0.7),
        Difference("unique", "wording", "Only one source mentions a ferry", (Claim(gamma_sentences[1]),), "c5", 0.5),
        Difference("quote", "wording", "The mayor's words are quoted differently",
                   (Claim(alpha_sentences[2]), Claim(beta_sentences[2])), "c3", 0.25),
    )
    return Story(
        slug="bridge-closure", title="Old River Bridge closed",
        sources=(alpha, beta, gamma),
        articles=(
            _article(alpha, alpha_sentences, (RemovedLine("Share this article", "share prompt"),
                                              RemovedLine("Image: the bridge [photo]", "caption"))),
            _article(beta, beta_sentences),
            _article(gamma, gamma_sentences),
        ),
        sentences=sentences, clusters=clusters, summary=summary, differences=differences,
        notices=("gamma.txt names no outlet and has no headline; it is shown as an unnamed source.",),
    )


def single_source_story() -> Story:
    """A story with one source: no consensus is possible, the source page is still published."""
    only = Source(id="Only Source", slug="only-source", filename="Only Source.txt", outlet="Solo Times")
    sentences = _sentences("Only Source", (("A comet was seen over the bay.", "It was visible for an hour."),))
    return Story(
        slug="comet", title="Comet seen over the bay", sources=(only,),
        articles=(_article(only, sentences),), sentences=sentences,
        clusters=tuple(Cluster(f"c{n + 1}", (s,)) for n, s in enumerate(sentences)),
        summary=(SummarySentence(sentences[0], "c1", (sentences[0],)),), differences=(),
    )


def hostile_story() -> Story:
    """Every field a source controls filled with markup that must stay text."""
    texts = HOSTILE_TEXTS
    evil = Source(id="evil<b>", slug="evil<b>", filename="<script>alert(1)</script>.txt",
                  outlet="<img src=x onerror=alert(1)>", title="[click](javascript:alert(1)) {{ config }}",
                  url="javascript:alert(1)", author="{% include 'x' %}", published="**bold**")
    plain = Source(id="plain", slug="plain", filename="plain.txt", outlet="Plain | Table",
                   url="https://example.org/a_(b)\"<x>")
    evil_sentences = _sentences("evil<b>", tuple((text,) for text in texts))
    plain_sentences = _sentences("plain", ((f"Plain says {texts[0]} too.", "{: .x} [^1] **bold**"),))
    sentences = evil_sentences + plain_sentences
    clusters = (
        Cluster("c1", (evil_sentences[0], plain_sentences[0])),
        *(Cluster(f"c{n + 2}", (s,)) for n, s in enumerate(evil_sentences[1:] + plain_sentences[1:])),
    )
    return Story(
        slug="hostile", title="<script>alert(1)</script> [click](javascript:alert(1))",
        sources=(evil, plain),
        articles=(
            _article(evil, evil_sentences, (RemovedLine("<script>alert(1)</script>", "{{ config }}"),)),
            _article(plain, plain_sentences),
        ),
        sentences=sentences, clusters=clusters,
        summary=(SummarySentence(evil_sentences[0], "c1", (evil_sentences[0], plain_sentences[0])),),
        differences=(
            Difference("conflict", "<i>aspect</i>", "[^1] {{ config }} <b>summary</b>",
                       (Claim(evil_sentences[2], "<img src=x onerror=alert(1)>"), Claim(plain_sentences[1])), "c1"),
            Difference("unique", "wording", "{: .x}", (Claim(evil_sentences[5]),), None),
        ),
        notices=("<script>alert(1)</script> notice [click](javascript:alert(1))",),
    )
