"""The English lexicon: every word list the pipeline's rules read, in one place.

As in spaCy's ``lang/en/`` (stop words, number words and tokenizer exceptions
as data beside language-neutral algorithms), the steps keep their rules and
read their words from here, so a maintainer finds every list in one file and a
second language would be a second lexicon. Each list says where it comes from
and what it is for. Lists that look alike but differ (the reporting verbs of
the splitter, of the differences and of the stop words) are kept apart on
purpose, each named for its use: merging them would change what each step finds.

Lists written by hand for this project are general English, not tuned on any
story; the stop words are sumy's list (below).
"""

from __future__ import annotations

from importlib import resources

# --- Stop words ------------------------------------------------------------------------

STOP_WORD_ADDITIONS = frozenset({
    "said", "says", "say", "told", "according", "also", "would", "could", "reported",
    "added", "one", "last", "year", "week", "mr", "mrs", "ms",
})
"""Added to sumy's list (by hand): reporting verbs and attribution words say who said it, not what happened."""


def _load_stop_words() -> frozenset[str]:
    # sumy ships its stop-word lists as package data: no download at run time.
    text = resources.files("sumy").joinpath("data/stopwords/english.txt").read_text(encoding="utf-8")
    words = {line.strip().lower() for line in text.splitlines() if line.strip()}
    return frozenset(words | STOP_WORD_ADDITIONS)


STOP_WORDS = _load_stop_words()
"""Words that carry no content (sumy's ``data/stopwords/english.txt`` plus ``STOP_WORD_ADDITIONS``)."""

# --- Dates -------------------------------------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
"""The month names, in calendar order (dates in differences, datelines in cleaning)."""

MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
"""Abbreviated month names as news sites print them ("Sept. 24"); "may" has none."""

MONTH_NUMBERS = {
    name: number
    for number, month in enumerate(MONTHS, start=1)
    for name in (month, *(short for short in MONTH_ABBREVIATIONS if month.startswith(short)))
}
"""Month name or abbreviation -> month number (1-12)."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week (dates in differences)."""

TIME_ZONES = (
    "et", "ct", "mt", "pt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "utc", "gmt", "bst", "cet", "cest",
    "eet", "eest", "ist", "aest", "aedt", "jst", "hkt", "sgt", "wat", "eat", "sast", "msk",
)
"""Time-zone abbreviations a dateline may end with ("4:40 p.m. BST"): North America, Europe, Asia, Africa."""

GERMAN_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember".split()
)
"""German month names: German dates write the day as an ordinal with a full stop (``3. Oktober``)."""

# --- Abbreviations (sentence splitting) ---------------------------------------------------

TITLE_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx messrs mmes dr drs prof profs rev revd hon gen gov govs sen sens rep reps
    lt col capt cpt maj sgt cpl pvt adm cmdr cdr brig supt insp det cllr pres
    fr st ste mt ft vs v
    """.split()
)
"""Abbreviations that are followed by a name, so a full stop after them never ends a sentence."""

BEFORE_NUMBER_ABBREVIATIONS = frozenset("no nos nr art arts vol vols fig figs p pp para paras ch chap sec op".split())
"""Abbreviations that stand before a number (``No. 10``, ``pp. 4``)."""

SUFFIX_ABBREVIATIONS = frozenset(
    """
    inc ltd co corp plc llc llp bros jr sr etc al approx est dept govt intl
    cf ca viz min max mins hr hrs yr yrs univ assn assoc ave rd blvd
    """.split()
)
"""Abbreviations that can end a sentence as well as sit inside one (``Apple Inc. said``)."""

SENTENCE_STARTERS = frozenset(
    """
    a an the he she it they we i you his her its their our my your this that
    these those there here but and or so yet however meanwhile in on at by for
    from with without after before during when while where why how what who
    which if as although though since because last earlier later now then
    today yesterday tomorrow some many most both all other others one two
    three four five no not several only also still more according under
    despite until once such each every
    """.split()
)
"""Words that usually start a sentence: after an ambiguous abbreviation, the sentence ends only before one of these
(Punkt's "frequent sentence starters", Kiss and Strunk 2006, as a hand-written list)."""

# --- Speech and attribution ----------------------------------------------------------------
# Four lists of reporting verbs, each for one rule; they differ on purpose.

SPEECH_VERBS = frozenset(
    """
    said says say added adds asked asks told tells wrote writes replied replies
    explained explains continued continues insisted insists stated states
    noted notes tweeted posted shouted whispered warned warns argued argues
    admitted admits recalled recalls answered answers claimed claims
    """.split()
)
"""Verbs of a speech attribution after a closing quote (``"Is it over?" Smith asked.``), present and past:
the splitter keeps such an attribution in the quote's sentence."""

ATTRIBUTION_WORDS = frozenset({
    "said", "says", "say", "told", "according", "stated", "added", "wrote", "reported",
    "announced", "claimed", "confirmed", "tweeted", "posted", "explained", "insisted",
    "argued", "warned", "believes", "believed", "suggested", "statement", "spokesperson",
    "spokesman", "spokeswoman", "reports",
})
"""Words that show a sentence says who said it (verbs and the nouns of a statement): a fact only one source
reports with one of these is an exclusive, without one an unsupported claim."""

SPEAKER_VERBS = ("said", "says", "told", "added", "wrote", "stated", "explained", "noted", "argued", "warned",
                 "insisted", "announced", "tweeted", "continued", "replied", "responded", "recalled", "acknowledged",
                 "complained", "countered", "declared", "summarized")
"""Verbs that join a named speaker to what was said ("Jane Roe said", "said Jane Roe"): the differences name
the speaker of a single-source fact."""

PRONOUN_SPEECH_VERBS = ("said", "says", "added", "adds", "told", "wrote", "continued", "explained", "noted",
                        "argued", "warned")
"""Verbs after "he", "she" or "they" that credit a sentence to a speaker named earlier."""

# --- People: titles and names ----------------------------------------------------------------

TITLE_NOUNS = frozenset({
    "minister", "secretary", "chief", "commissioner", "president", "director", "spokesperson", "spokesman",
    "spokeswoman", "chairman", "chairwoman", "chair", "governor", "senator", "mayor", "chancellor", "leader",
    "head", "general", "judge", "justice", "constable", "inspector", "superintendent", "sergeant", "officer",
    "prime", "premier", "ambassador", "envoy", "attorney", "prosecutor", "representative", "speaker", "ceo",
    "founder", "executive", "manager", "coach", "captain", "commander", "king", "queen", "prince", "princess",
})
"""Words that make a phrase before or beside a name a title (a general English list, written by hand)."""

HONORIFICS = frozenset({"sir", "dame", "lord", "lady", "mr", "mrs", "ms", "dr", "prof", "professor", "rev"})
"""Honorifics before a name, which are no part of a title ("Sir Mark Rowley")."""

TITLE_MODIFIERS = frozenset({"vice", "deputy", "assistant", "acting", "interim", "former", "senior", "associate"})
"""Words that qualify a title noun in an appositive ("the group's deputy director")."""

NAME_CONNECTORS = frozenset({"and", "&", "with", "de", "van", "von", "der", "da", "del", "la", "le", "bin", "al",
                             "in"})
"""Lower-case words a byline's list of names may contain (conjunctions, name particles)."""

NEWSROOM_ROLES = ("reporter", "correspondent", "writer", "editor", "columnist", "contributor", "journalist", "producer",
                  "intern")
"""Newsroom jobs an author's bio names ("Jane Roe is a reporter for ..."), so the bio is dropped as furniture."""

CREDIT_LOWERCASE_WORDS = frozenset({"via", "for", "and", "of", "the", "photo", "images", "stock", "file"})
"""Lower-case words a photo credit may contain ("Jane Doe/AFP via Getty Images"); any other makes it text."""

# --- Numbers and quantities -----------------------------------------------------------------

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1_000_000,
}
"""Numbers written as words that a news figure commonly uses, with their values."""

MORE_THAN = ("more than", "over", "above", "upwards of", "in excess of", "at least", "no fewer than")
"""Phrases that make a figure a lower bound ("more than 100")."""

LESS_THAN = ("fewer than", "less than", "under", "below", "up to", "at most", "no more than")
"""Phrases that make a figure an upper bound ("up to 100")."""

ABOUT = ("around", "about", "some", "roughly", "approximately", "an estimated", "nearly", "almost", "close to")
"""Phrases that make a figure approximate ("about 100")."""

SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "dozen": 12.0}
"""Words after a figure that multiply it ("2.5 million", "5bn"), with their factors."""

QUANTIFIER_SCOPE = {
    "all": "all", "every": "all", "each": "all", "any": "all",
    "nearly all": "most", "almost all": "most", "virtually all": "most", "most": "most", "nearly every": "most",
    "almost every": "most", "the majority of": "most",
    "some": "some", "many": "some", "several": "some", "a few": "some", "few": "some",
}
"""How much of a set a quantifier covers: all of it, most of it, or some of it."""

# --- Meaning: negation and opposites ---------------------------------------------------------

NEGATIONS = frozenset({"not", "no", "never", "n't", "nor", "none", "neither", "nobody", "nothing", "without",
                       "cannot", "didn't", "doesn't", "don't", "isn't", "wasn't", "weren't", "won't",
                       "wouldn't", "hasn't", "haven't", "hadn't", "aren't", "couldn't", "shouldn't"})
"""Words that negate a statement (de Marneffe et al. 2008 use negation as a contradiction cue)."""

COUNTED_SYNONYMS = (
    ("action", "step", "measure", "order", "proposal", "recommendation", "initiative", "provision"),
    ("death", "fatality", "dead", "killed"),
    ("injury", "injured", "wounded"),
)
"""Nouns that count the same things, each group one thing: "19 separate actions" and "23 steps"
are two counts of one plan's items. General English, written by hand; numbers are compared only
for the same noun or nouns of one group."""

TIME_UNITS = ("second", "minute", "hour", "day", "night", "week", "month", "year", "decade")
"""Nouns a duration or a time span is counted in. A story gives many spans of different things (how
long a drug was given, how long recovery took, how long a career lasted), so two of them are
compared only between near-paraphrases (``CompareSettings.duration_same_fact``)."""

UNCOUNTED_NOUNS = ("thing", "way", "time")
"""Nouns after a number that make it no count of anything a source could get wrong ("two things we
want", "three ways to help", "five times"): such numbers are never compared."""

OPPOSITES = (
    ("accept|accepted|approve|approved|agree|agreed|grant|granted",
     "reject|rejected|refuse|refused|deny|denied|decline|declined"),
    ("confirm|confirmed|admit|admitted", "deny|denied|dispute|disputed"),
    ("increase|increased|rise|rose|risen|grow|grew|raise|raised",
     "decrease|decreased|fall|fell|fallen|drop|dropped|cut|shrink|shrank"),
    ("win|won", "lose|lost"),
    ("allow|allowed|permit|permitted|legalise|legalize",
     "ban|banned|forbid|forbade|prohibit|prohibited|outlaw|outlawed"),
    ("arrest|arrested|detain|detained|charge|charged",
     "release|released|free|freed|acquit|acquitted|clear|cleared"),
    ("guilty|convicted", "innocent|acquitted|cleared"),
    ("alive|survived|survive", "dead|died|killed"),
    ("apply|applied|obtain|obtained|receive|received|request|requested",
     "surrender|surrendered|relinquish|relinquished|return|returned|resign|resigned"),
    ("support|supported|back|backed|welcome|welcomed",
     "oppose|opposed|criticise|criticised|criticize|criticized|condemn|condemned"),
    ("open|opened|reopen|reopened", "close|closed|shut"),
    ("armed", "unarmed"),
)
"""Pairs of opposite words, each side its forms joined by "|" (antonyms as a contradiction cue, written by hand)."""

REVERSAL_VERBS = frozenset({
    "lift", "lifts", "lifted", "lifting", "end", "ends", "ended", "ending", "reverse", "reverses", "reversed",
    "reversing", "overturn", "overturns", "overturned", "repeal", "repeals", "repealed", "rescind", "rescinds",
    "rescinded", "scrap", "scraps", "scrapped", "halt", "halts", "halted", "halting", "suspend", "suspended"})
"""Verbs that turn the word after them into its opposite ("lift the ban" allows): such a word commits
the sentence to neither pole of an opposite pair."""

GIVE_UP_PHRASES = (("hand", "in"), ("handed", "in"), ("turn", "in"), ("turned", "in"), ("give", "up"),
                   ("gave", "up"), ("lay", "down"), ("laid", "down"), ("step", "back"), ("stepped", "back"),
                   ("stand", "down"), ("stood", "down"))
"""Phrasal verbs that mean giving something up, matched as word pairs."""

IRREGULAR_VERB_FORMS = ("be is are was were am been being", "have has had having", "do does did",
                        "say says said")
"""Forms of one verb the stemmer does not join: a change of tense, not of wording."""

# --- Reading a sentence alone ------------------------------------------------------------------

DANGLING_OPENERS = frozenset({"and", "but", "or", "nor", "so", "yet", "also", "then", "still",
                              "however", "meanwhile", "instead", "moreover", "furthermore", "indeed",
                              "nevertheless", "nonetheless", "thus", "therefore", "likewise", "similarly"})
"""Words that make a sentence lean on the one before it when it opens with them."""

DANGLING_OPENING_PHRASES = (
    ("at", "the", "time"), ("at", "that", "time"), ("at", "that", "point"), ("by", "then"), ("after", "that"),
    ("in", "response"), ("in", "addition"), ("in", "turn"), ("even", "so"), ("as", "a", "result"),
    ("for", "his", "part"), ("for", "her", "part"), ("for", "their", "part"), ("on", "the", "other", "hand"),
)
"""Opening phrases that refer back to the sentence before: "At the time" is the time just told,
"In response" answers something just said (explicit connectives of the Penn Discourse Treebank)."""

OPENING_PRONOUNS = frozenset({"he", "she", "it", "they", "this", "that", "these", "those", "his", "her",
                              "its", "their", "we"})
"""A sentence opening with one of these names someone the summary may not have introduced."""

# --- Web page furniture (cleaning) -------------------------------------------------------------

ADVERT_LINES = frozenset({
    "advertisement", "advertisements", "ad", "ads", "sponsored", "sponsored content", "paid content",
    "promoted", "promoted content", "story continues below", "story continued below",
    "article continues below", "continue reading", "continue reading below",
    "continue reading the main story", "skip advertisement", "scroll to continue with content",
    "loading", "close", "ad feedback", "advertisement continue reading below",
})
"""Whole lines (punctuation removed, lower case) that mark an advertisement slot on English news sites."""

SHARE_ROW_WORDS = frozenset({
    "share", "shares", "sharing", "facebook", "twitter", "x", "pinterest", "linkedin", "whatsapp",
    "email", "e-mail", "mail", "reddit", "messenger", "print", "copy", "link", "copied", "tweet",
    "instagram", "youtube", "telegram", "tiktok", "flipboard", "save", "comments", "comment",
    "this", "page", "article", "story", "on", "via", "the", "to", "with", "your", "friends",
})
"""The words a row of share buttons is made of (networks, actions and "share this story")."""

SHARE_BUTTONS = frozenset({"share", "facebook", "twitter", "pinterest", "linkedin", "whatsapp", "tweet", "email"})
"""Of those, the words that make a row a share row: "share" itself or a network's button."""
