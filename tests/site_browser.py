"""The built site in a real browser: build it, serve it on 127.0.0.1, open it in Chromium.

Shared by the browser tests (tests/test_browser.py) and the scripts that print their
figures or take screenshots (bench/browser_report.py, bench/screenshots.py).

Chromium is Debian's package (/usr/bin/chromium), driven by Playwright through
``executable_path``: Playwright's own browser download is not reachable here.
``make test`` installs the package when it is missing (.ci/install-chromium).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))

# A closed network: without the background-networking flags Chromium keeps trying Google's hosts.
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)

PHONE = {"width": 390, "height": 844}
NARROW_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

MIN_TARGET_PX = 24
"""WCAG 2.2 success criterion 2.5.8, Target Size (Minimum), in CSS pixels."""

STORY = "stories/met-police-firearms-officers/"
"""The seed story (seeds/met-police-firearms-officers)."""

HAND_WRITTEN = ("about.md", "evaluation.md", "assets")

FIGURES: dict[str, object] = {}
"""What the browser tests measured, printed at the end of the run by tests/conftest.py."""


class BrowserMissing(RuntimeError):
    """Chromium is not installed where the tests look for it."""


def build_site(work: Path, *, seeds: Path = ROOT / "seeds") -> Path:
    """Build the site from ``seeds`` into ``work``/site the way ``make site`` does; return the folder.

    ``python -m generator build`` writes the pages first; MkDocs then only turns
    Markdown into HTML, with the generator plugin switched off, so the site
    cannot depend on the generator running inside MkDocs (a builder that runs
    no plugin, such as Zensical, sees the same pages).
    """
    docs = work / "docs"
    docs.mkdir(parents=True)
    for name in HAND_WRITTEN:
        source = ROOT / "docs" / name
        if source.is_dir():
            shutil.copytree(source, docs / name)
        elif source.is_file():
            shutil.copy(source, docs / name)
    _run([sys.executable, "-m", "generator", "build", "--no-cache", "--seeds", str(seeds),
          "--docs", str(docs), "--templates", str(ROOT / "templates")])
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(work / "site")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "generator" in entry:
            entry["generator"]["enabled"] = False
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # No --quiet: it hides the warnings that --strict turns into a failure.
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)])
    return work / "site"


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stdout}{result.stderr}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  # the base class's name
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) from a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright: Any) -> Any:
    """Start Debian's Chromium headless through Playwright; BrowserMissing says how to install it."""
    if not CHROMIUM.is_file():
        raise BrowserMissing(
            f"Chromium not found at {CHROMIUM}. The browser tests need Debian's chromium package: "
            "run `make browser` (as root: apt-get update && apt-get install -y chromium), "
            "or set CHROMIUM=/path/to/chromium.")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site as a URL path ("" for the home page), sorted; no 404 page."""
    paths = []
    for page in sorted(site.rglob("index.html")):
        relative = page.parent.relative_to(site).as_posix()
        paths.append("" if relative == "." else f"{relative}/")
    return paths


def reader_pages(site: Path) -> dict[str, str]:
    """The six kinds of page a reader meets, by name: home, story, differences, source, evaluation, about."""
    sources = [path for path in site_pages(site) if path.startswith(f"{STORY}sources/")]
    return {"home": "", "story": STORY, "differences": f"{STORY}differences/", "source": sources[0],
            "evaluation": "evaluation/", "about": "about/"}


@dataclass
class OutsideRequests:
    """Counts (and blocks) every request a page makes to a host other than 127.0.0.1."""

    urls: list[str] = field(default_factory=list)

    def install(self, context: Any) -> None:
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


# Every visible link or button-like control on the screen (not in a closed drawer) that is
# smaller than the minimum target, and how far the page scrolls sideways.
_LAYOUT_JS = """(minimum) => {
  const controls = 'a[href], button, summary, label[for], input:not([type=hidden]), select, textarea, [role=button]';
  const small = [];
  let smallest = null;
  for (const element of document.querySelectorAll(controls)) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (box.right <= 0 || box.left >= innerWidth) continue;  // off screen: a closed drawer
    const size = Math.min(box.width, box.height);
    if (smallest === null || size < smallest.size) {
      smallest = {size: Math.round(size * 10) / 10, what: describe(element, box)};
    }
    if (box.width < minimum || box.height < minimum) small.push(describe(element, box));
  }
  function describe(element, box) {
    const name = element.tagName.toLowerCase() + (element.className && typeof element.className === 'string'
      ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const text = (element.textContent || element.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
    return `${name} "${text.slice(0, 40)}" ${box.width.toFixed(1)} x ${box.height.toFixed(1)} px`;
  }
  const root = document.documentElement;
  return {overflow: root.scrollWidth - root.clientWidth, small, smallest};
}"""


def layout(page: Any) -> dict[str, Any]:
    """Sideways overflow in px, controls under the minimum target size, and the smallest control."""
    result: dict[str, Any] = page.evaluate(_LAYOUT_JS, MIN_TARGET_PX)
    return result


def section_offsets(page: Any, headings: tuple[str, ...] = ("Summary", "Differences", "Sources")) -> dict[str, float]:
    """Distance in px from the top of the page to each named h2 of the current page (missing: absent)."""
    offsets: dict[str, float] = page.evaluate(
        """(names) => {
          const found = {};
          for (const heading of document.querySelectorAll('article h2')) {
            const name = heading.textContent.replace('¶', '').trim();
            for (const wanted of names) {
              if (name.startsWith(wanted) && !(wanted in found)) {
                found[wanted] = Math.round(heading.getBoundingClientRect().top + scrollY);
              }
            }
          }
          return found;
        }""",
        list(headings),
    )
    return offsets


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the current page (axe.min.js as shipped by axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation: impact, rule, how many elements and the first one's selector."""
    return "\n".join(
        f"  {item['impact']}: {item['id']} ({len(item['nodes'])}x) {item['help']} "
        f"- e.g. {item['nodes'][0]['target'] if item['nodes'] else ''}"
        for item in violations
    )
