"""Every regular expression that runs on source text is linear in the line's length (issue 13).

Nothing here is timed against a speed goal; CPU time only bounds the growth. A
pathological line (``a-a-a-...``, ``a@a@...``, a run of backticks or brackets) of
40,000 characters goes through every step that reads source text, in a child
process. Each line's work has a CPU budget of 5 seconds: with every linear pattern
and step, the costliest line takes about a second, while one quadratic pattern
alone (the old URL pattern on ``a-a-a-...``) needs about ten. (One budget for all
40 lines together, 20 seconds, came to within 3 seconds of the linear total as
the patterns grew, and failed now and then on a loaded machine.) The child's own
CPU limit only stops a runaway.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PATHOLOGICAL_UNITS = (
    "a-", "a.", "a@", "a", "a ", "1.", "A.", "@a", "<", "<a ", "[", "![", "](", "`", "*a", "_a", "**",
    "www.", "a/", "a.com/", "(a", "'a", "“a", "a:", "Q: ", "By A ", "a|", "#a", "-", ".",
    "12 ", "Aa ", "Aa, ", "dozens of ", "all ", "he said ", "one in 10 ", "March 3, ",
)
LINE_LENGTH = 40_000
LINE_CPU_SECONDS = 5.0
CPU_SECONDS = 300

_RUN_ALL = textwrap.dedent("""
    import re, resource, sys, time
    resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
    from generator import clean, cluster, compare, decoding, folders, html_input, lexicon, markdown_input, metadata
    from generator import segment, summarize, text as text_module, tokenizer
    from generator.models import Article, Sentence, Source
    units = {units!r}
    patterns = []
    for module in (clean, decoding, folders, html_input, markdown_input, metadata, segment, compare, cluster, summarize,
                   lexicon, text_module, tokenizer):
        for name, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern):
                patterns.append(value)
            elif isinstance(value, (list, tuple, dict)):
                for item in (value.values() if isinstance(value, dict) else value):
                    if isinstance(item, re.Pattern):
                        patterns.append(item)
                    elif isinstance(item, tuple) and item and isinstance(item[-1], re.Pattern):
                        patterns.append(item[-1])
                    elif isinstance(getattr(item, "pattern", None), re.Pattern):
                        patterns.append(item.pattern)  # a rule record, such as clean.LINE_RULES
    costliest = (0.0, "")
    for unit in units:
        started = time.process_time()
        line = unit * ({length} // len(unit))
        for pattern in patterns:
            for _match in pattern.finditer(line):
                pass
        text = "Officers found the car, police said.\\n\\n" + line + "\\n\\nTwo men were arrested.\\n"
        for variant in ("unicode", "content", "line", "runs", "ascii"):
            tokenizer.words(line, variant=variant)
        decoding.decode_bytes(text.encode())
        html_input.looks_like_html(text)
        cleaned = clean.clean_text(markdown_input.strip_inline_markdown(text))
        clean.clean_text(markdown_input.markdown_to_text(text)[0])
        html_input.read_html("<p>x</p><div>" + line + "</div>")
        segment.segment((Article(Source("a", "a", "a.txt"), cleaned.paragraphs),))
        for read in (compare.quantities, compare.titles, compare.scopes, compare.dates, compare.quotes):
            read(line)
        before, after = Sentence("a", 0, 0, line), Sentence("a", 1, 1, "It failed, he added.")
        compare._speaker_detail(after, {{("a", 0): before, ("a", 1): after}})
        costliest = max(costliest, (time.process_time() - started, unit))
    print(len(patterns), "patterns;", f"{{costliest[0]:.3f}}", "CPU seconds for the costliest line,", repr(costliest[1]))
""")


def test_every_source_text_pattern_stays_within_a_tiny_cpu_budget_on_pathological_lines() -> None:
    script = _RUN_ALL.format(cpu=CPU_SECONDS, units=PATHOLOGICAL_UNITS, length=LINE_LENGTH)
    completed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    # Killed (a negative return code) only by a runaway.
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert int(completed.stdout.split()[0]) > 20  # the module-level patterns were all found
    # One quadratic pattern makes its line cost about ten seconds.
    assert float(completed.stdout.split()[2]) < LINE_CPU_SECONDS, completed.stdout


@pytest.mark.parametrize("line", [
    "Read the report: https://example.com/report",
    "Full story at www.example.org",
    "More at example.co.uk/news/1",
    "Follow t.co/abc",
    "a-b.com/x",
])
def test_url_pattern_still_finds_links(line: str) -> None:
    from generator.clean import _URL

    assert _URL.search(line)


@pytest.mark.parametrize("line, expected", [
    ("Write to news.desk+tips@example.co.uk today", "news.desk+tips@example.co.uk"),
    ("contact: jane-doe@paper-name.com.", "jane-doe@paper-name.com"),
    ("no address here a@b", None),
])
def test_email_pattern_still_finds_addresses(line: str, expected: str | None) -> None:
    from generator.clean import _EMAIL

    match = _EMAIL.search(line)
    assert (match.group() if match else None) == expected


def test_markdown_links_and_code_still_read() -> None:
    from generator.markdown_input import markdown_to_text, strip_inline_markdown

    assert strip_inline_markdown("See [the report](https://x.org/a) and ![img](a.png) now") == \
        "See the report and  now"
    text, _removed = markdown_to_text("Use `code` and ``more code`` here, [ref][1].\n\n[1]: https://x.org")
    assert text == "Use code and more code here, ref."
    assert re.search(r"\[", text) is None
