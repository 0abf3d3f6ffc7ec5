"""The same-fact score, support levels and independent origins."""

from __future__ import annotations

import numpy as np
from builders import sentences
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from generator.cluster import cluster
from generator.compare import _inflects, _reworded, compare
from generator.models import Article, Cluster, Sentence, Source, SummarySentence
from generator.origins import find_origins
from generator.settings import Settings
from generator.similarity import bertscore_f1, same_fact_similarity, score_story
from generator.text import tokens


class WordEncoder:
    """A fake encoder: one fixed random unit vector per word, so tests run without the model."""

    dimension = 16

    def _vector(self, word: str) -> np.ndarray:
        seed = sum(ord(character) * (index + 1) for index, character in enumerate(word))
        vector = np.random.default_rng(seed).normal(size=self.dimension).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def encode_tokens(self, texts):
        pieces = []
        for text in texts:
            words = tokens(text) or ("empty",)
            pieces.append(np.stack([self._vector(word) for word in words]))
        vectors = np.stack([p.mean(axis=0) / np.linalg.norm(p.mean(axis=0)) for p in pieces])
        return vectors.astype(np.float32), tuple(pieces)


ENCODER = WordEncoder()


def test_bertscore_of_identical_pieces_is_one_and_of_orthogonal_pieces_zero() -> None:
    pieces = np.eye(4, dtype=np.float32)[:2]
    other = np.eye(4, dtype=np.float32)[2:]
    assert np.allclose(bertscore_f1(pieces, [pieces, other]), [1.0, 0.0])


@hypothesis_settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from("the mayor closed old bridge river after crack was found monday".split()),
                min_size=1, max_size=8), st.lists(st.sampled_from("officers police bridge crack city".split()),
                                                  min_size=1, max_size=8))
def test_same_fact_score_is_symmetric_and_in_unit_range(first, second) -> None:
    texts = [" ".join(first) + ".", " ".join(second) + "."]
    matrix = same_fact_similarity(texts, encoder=ENCODER).toarray()
    assert np.allclose(matrix, matrix.T)
    assert ((matrix >= 0) & (matrix <= 1)).all()
    assert matrix[0, 0] == 0 and matrix[1, 1] == 0


def test_cluster_takes_an_injected_encoder_and_scores_once() -> None:
    items = sentences(a=["The bridge was closed after engineers found a crack."],
                      b=["Engineers found a crack and the bridge was closed."],
                      c=["Traffic in the city centre was heavy all week."])
    scores = score_story([(s.text, s.source) for s in items], encoder=ENCODER)
    result = cluster(items, Settings().cluster, scores=scores)
    assert sorted(sorted(m.id for m in c.members) for c in result) == [["a#0", "b#0"], ["c#0"]]
    assert cluster(items, Settings().cluster, encoder=ENCODER) == result


def test_a_pair_score_is_the_matrix_entry_and_one_for_one_wording() -> None:
    texts = [("The storm cut power to 30 homes.", "a"), ("the storm cut power to 30 homes", "b"),
             ("Officials reopened the bridge on Monday.", "c")]
    scores = score_story(texts, encoder=ENCODER)
    assert scores.pair(texts[0][0], texts[1][0]) == 1.0, "case and punctuation aside, one wording"
    expected = float(scores.matrix[scores.row(texts[0][0]), scores.row(texts[2][0])])
    assert scores.pair(texts[0][0], texts[2][0]) == expected == scores.pair(texts[2][0], texts[0][0])


def test_support_levels_say_same_words_only_for_the_same_words() -> None:
    chosen = Sentence("a", 0, 0, "“We rely on our officers to keep us safe,” she said.")
    same = Sentence("b", 3, 3, "We rely on our officers to keep us safe, she said")
    own_words = Sentence("c", 1, 1, "“We depend on our officers to protect us,” she said.")
    against = Sentence("d", 2, 2, "She said officers could not keep anyone safe.")
    item = SummarySentence(chosen, "c1", (chosen, same, own_words), (against,))
    assert [(s.source, level) for s, level in item.support] == [
        ("a", "same-words"), ("b", "same-words"), ("c", "same-fact"), ("d", "disputes")]


def test_inflection_and_tense_are_not_a_rewording() -> None:
    assert _inflects("pressure", "pressures") and _inflects("is", "was")
    assert not _reworded(["under", "extraordinary", "pressure"], ["under", "extraordinary", "pressures"])
    assert _reworded(["rely", "on", "them"], ["depend", "on", "them"])


def _article(source_id: str, paragraphs: list[str], published: str | None = None) -> Article:
    return Article(Source(id=source_id, slug=source_id, filename=source_id, published=published), tuple(paragraphs))


STORY = [
    "The council closed the Old River Bridge on Monday after engineers found a deep crack in a pier.",
    "About 12,000 vehicles use the bridge every day, the council said.",
    "Buses will be diverted through the town centre for at least three weeks.",
    "Engineers will inspect the other piers this week before deciding on repairs.",
    "The bridge was built in 1932 and last repaired in 2004.",
    "Local shops fear a drop in trade while the crossing stays shut.",
]


def test_a_copy_is_grouped_with_its_original_and_independent_sources_are_not() -> None:
    # Published first is the original (with no dates, the more derived-from source, then the id).
    original = _article("original", STORY, published="2024-03-01")
    copy = _article("copy", STORY[:5], published="2024-03-02")
    other = _article("other", ["A crack forced the closure of a bridge in the town, officials said.",
                               "Drivers face long detours, and shops worry about lost customers."])
    all_sentences = sentences(original=STORY, copy=STORY[:5], other=[*other.paragraphs])
    clusters = cluster(all_sentences, Settings().cluster, encoder=ENCODER)
    result = find_origins([original, copy, other], all_sentences, clusters)
    assert result.origin_of == {"copy": "original", "original": "original", "other": "other"}
    [derivation] = result.derivations
    assert (derivation.source, derivation.original, derivation.relation) == ("copy", "original", "copy")
    assert result.count(["copy", "original", "other"]) == 2
    # The listing order of the sources changes nothing.
    again = find_origins([other, copy, original], all_sentences, clusters)
    assert again == result


def test_a_fact_only_copies_of_one_article_report_is_not_consensus_and_is_listed_as_single_origin() -> None:
    items = sentences(a=["The storm cut power to 30 homes across the county on Monday."],
                      b=["The storm cut power to 30 homes across the county on Monday."])
    clusters = (Cluster("c1", items),)
    differences = compare(clusters, items, Settings().compare, origin_of={"a": "a", "b": "a"})
    assert [(d.kind, d.aspect, d.summary) for d in differences] == [
        ("one-origin", "claim", "Only versions of one article state this, with no attribution")]
    attributed = sentences(a=["The storm cut power to 30 homes across the county, the utility said."],
                           b=["The storm cut power to 30 homes across the county, the utility said."])
    differences = compare((Cluster("c1", attributed),), attributed, Settings().compare,
                          origin_of={"a": "a", "b": "a"})
    assert [(d.kind, d.aspect, d.summary) for d in differences] == [
        ("one-origin", "fact", "Only versions of one article report this")], "never 'one source only'"


def test_a_sentence_in_a_conflict_is_never_also_single_source() -> None:
    items = sentences(a=["About 12,000 vehicles cross the bridge every day, the council said."],
                      b=["About 15,000 vehicles cross the bridge every day, the council said."],
                      c=["The mayor said about 15,000 vehicles cross the bridge daily."])
    clusters = (Cluster("c1", (items[0],)), Cluster("c2", (items[1], items[2])))
    differences = compare(clusters, items, Settings().compare)
    kinds = {claim.sentence.id: d.kind for d in differences for claim in d.claims}
    assert kinds.get("a#0") in (None, "conflict")


def test_a_fact_reported_elsewhere_in_other_words_is_not_single_source() -> None:
    items = sentences(a=["Officials closed the bridge after finding a crack in one pier, they said."],
                      b=["Traffic was heavy on Monday."])
    clusters = (Cluster("c1", (items[0],)), Cluster("c2", (items[1],)))
    flagged = compare(clusters, items, Settings().compare, related=lambda sentence: sentence.source == "a")
    assert not any(claim.sentence.id == "a#0" for d in flagged for claim in d.claims)


def test_titles_come_from_appositives_and_camel_case_surnames() -> None:
    from generator.compare import titles
    assert titles("After the flood, Maria McAllister, the water board’s executive director, spoke.") == {
        "maria mcallister": "executive director"}
    assert titles("WWB CEO Maria McAllister called for new levees.") == {"maria mcallister": "wwb ceo"}
    # An appositive that is not a title gives none.
    assert titles("Paul Ferrante, whose son was hurt, spoke.") == {}


def test_scope_quantifiers_conflict_only_on_the_same_phrase() -> None:
    items = sentences(a=["The plan would require background checks for nearly all gun sales, he said."],
                      b=["The plan would require background checks for all gun sales, officials said."],
                      c=["All schools will stay open on Monday."])
    clusters = (Cluster("c1", (items[0], items[1])), Cluster("c2", (items[2],)))
    found = [d for d in compare(clusters, items, Settings().compare) if d.aspect == "scope"]
    assert [(d.summary, [c.detail for c in d.claims]) for d in found] == [
        ("Different scope: all gun sales / nearly all gun sales", ["nearly all gun sales", "all gun sales"])]


def test_a_pronoun_speaker_is_named_on_a_single_source_item() -> None:
    from generator.compare import _speaker_detail
    before = Sentence("x", 0, 0, "In a letter, Met chief Sir Mark Rowley said the review was welcome.")
    after = Sentence("x", 1, 1, "Previous reviews have not delivered change, he added.")
    plain = Sentence("x", 2, 2, "The review will report in the spring.")
    index = {(s.source, s.index): s for s in (before, after, plain)}
    assert _speaker_detail(after, index) == "the speaker: Sir Mark Rowley"
    assert _speaker_detail(plain, index) is None


def test_an_item_opening_with_a_pronoun_shows_the_sentence_before_it() -> None:
    from generator.compare import _speaker_detail
    before = Sentence("x", 0, 0, "A firearms officer known as NX121 appeared at the Old Bailey on Thursday charged "
                                 "with the murder of Chris Kaba, who was shot in Streatham Hill.")
    after = Sentence("x", 1, 1, "He was granted conditional bail and is expected to stand trial next year.")
    alone = Sentence("y", 0, 0, "It was the first time.")
    quoted = Sentence("x", 2, 2, "“It's a long time coming,” he said.")
    named = Sentence("x", 3, 3, "It's a long time coming, said Josh Horowitz of the coalition.")
    victim = Sentence("z", 0, 0, "Chris Kaba was shot in Streatham Hill in September last year.")
    possessive = Sentence("z", 1, 1, "His parents pushed for the investigation to conclude quickly.")
    index = {(s.source, s.index): s for s in (before, after, alone, quoted, named, victim, possessive)}
    assert _speaker_detail(after, index) == (
        "after: “A firearms officer known as NX121 appeared at the Old Bailey on Thursday charged with the murder "
        "of Chris Kaba, …”")
    assert _speaker_detail(alone, index) is None  # nothing before it to show
    # "..., he said.": who? With no speaker named before, the sentence before shows the context.
    assert _speaker_detail(quoted, index) == "after: “He was granted conditional bail and is expected to stand trial next year.”"
    assert _speaker_detail(named, index) is None  # it names its own speaker
    # Every opening pronoun counts, possessives too: whose parents?
    assert _speaker_detail(possessive, index) == "after: “Chris Kaba was shot in Streatham Hill in September last year.”"
    # A sentence before that opens a quotation is shown with its own opening mark, closed.
    quote_first = Sentence("q", 0, 0, "“I believe the matter must be settled by the towns and by the people in the towns, "
                                      "not by judges or by any court,” she wrote.")
    they = Sentence("q", 1, 1, "They disagree.")
    index.update({(s.source, s.index): s for s in (quote_first, they)})
    assert _speaker_detail(they, index) == (
        "after: “I believe the matter must be settled by the towns and by the people in the towns, not by judges …”")


def test_build_story_uses_an_injected_same_fact_scorer() -> None:
    """``build_story(..., similarity=)``: the scorer passed in is the one every step shares."""
    from pathlib import Path

    from scipy import sparse

    from generator.models import StoryInput
    from generator.pipeline import build_story

    calls: list[tuple[str, ...]] = []

    def same_first_word(texts, *, encoder, settings):
        """A trivial scorer: two sentences report the same fact when they open with the same word."""
        calls.append(tuple(texts))
        firsts = [tokens(text)[0] for text in texts]
        pairs = [(i, j) for i in range(len(texts)) for j in range(len(texts)) if i != j and firsts[i] == firsts[j]]
        rows, cols = [i for i, _ in pairs], [j for _, j in pairs]
        return sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(len(texts), len(texts)))

    texts = {"a": ("Alpha storm cut power to thousands of homes across the county.",
                   "Schools in the valley stayed closed for two whole days."),
             "b": ("Alpha winds felled old trees all over the northern region.",
                   "The mayor thanked the volunteers at a meeting on Monday.")}
    articles = tuple(Article(Source(name, name, f"{name}.txt"), paragraphs) for name, paragraphs in texts.items())
    story = StoryInput(slug="s", title="S", directory=Path("."), articles=articles)

    def together(built) -> bool:
        return any({"a#0", "b#0"} <= {member.id for member in item.members} for item in built.clusters)

    assert not together(build_story(story, Settings(), encoder=ENCODER))
    built = build_story(story, Settings(), encoder=ENCODER, similarity=same_first_word)
    assert len(calls) == 1 and len(calls[0]) == 4
    assert together(built)


def test_a_quote_that_is_its_whole_sentence_gets_no_detail_repeating_it() -> None:
    from generator.compare import _quote_detail
    whole = Sentence("x", 0, 0, "“They must make split-second decisions under extraordinary pressure.”")
    part = Sentence("y", 0, 0, "“They have to make split-second decisions,” Braverman posted on X, formerly "
                               "known as Twitter, on Sunday evening.")
    assert _quote_detail(whole, "They must make split-second decisions under extraordinary pressure") is None
    assert _quote_detail(part, "They have to make split-second decisions") is None, "its only quote is in its marks"
    two = Sentence("z", 0, 0, "The Met said it was a “contingency option” that would only be used “in specific "
                              "circumstances”, a spokesman said on Sunday evening.")
    assert _quote_detail(two, "contingency option") == "contingency option", "which of two quotes is meant"
