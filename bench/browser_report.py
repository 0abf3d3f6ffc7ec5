"""Print what a reader's browser meets on the built site: the figures the browser tests check.

    python bench/browser_report.py [--site site/]

Without --site it builds the seed stories into a temporary folder the way the tests
do (tests/site_browser.py). Prints, per page and width: sideways overflow, the
smallest link or button and every one under 24 px, axe-core violations by impact
in the light and the dark palette, requests to other hosts, console errors, and
where the story page's sections start at phone width (in px and in screens).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import site_browser as sb  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def report(site: Path) -> None:
    pages = sb.site_pages(site)
    readers = sb.reader_pages(site)
    with sb.serve(site) as base, sync_playwright() as playwright:
        browser = sb.launch(playwright)
        outside = sb.OutsideRequests()
        errors: list[str] = []
        for name, viewport in (("phone 390", sb.PHONE), ("phone 360", sb.NARROW_PHONE), ("desktop 1280", sb.DESKTOP)):
            context = browser.new_context(viewport=viewport)
            outside.install(context)
            page = context.new_page()
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            print(f"\n== {name} px: overflow, smallest target, targets under {sb.MIN_TARGET_PX} px")
            for path in pages:
                page.goto(base + path, wait_until="load")
                figures = sb.layout(page)
                smallest = figures["smallest"]
                size = smallest["size"] if smallest else "-"
                print(f"  /{path}: overflow {figures['overflow']} px, smallest {size} px"
                      f" ({smallest['what'] if smallest else ''}), {len(figures['small'])} under")
                for item in figures["small"][:5]:
                    print(f"      {item}")
            if viewport is sb.PHONE:
                page.goto(base + sb.STORY, wait_until="load")
                offsets = sb.section_offsets(page)
                screen = viewport["height"]
                print(f"  story page sections at {viewport['width']} x {screen}: " + ", ".join(
                    f"{heading} {top} px (screen {top / screen + 1:.1f})" for heading, top in offsets.items()))
                print(f"  story page height {page.evaluate('document.documentElement.scrollHeight')} px")
            context.close()
        print("\n== axe-core violations by impact (light / dark palette)")
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=sb.PHONE, color_scheme=scheme)
            outside.install(context)
            page = context.new_page()
            for name, path in readers.items():
                page.goto(base + path, wait_until="load")
                violations = sb.axe_violations(page)
                impacts = Counter(item["impact"] for item in violations)
                print(f"  {scheme:5} {name:10} {dict(sorted(impacts.items())) or 'none'}")
                if violations:
                    print(sb.describe_violations(violations))
            context.close()
        browser.close()
    print(f"\n== requests to other hosts: {len(outside.urls)}")
    for url in sorted(set(outside.urls)):
        print(f"  {url}")
    print(f"== console errors: {len(errors)}")
    for message in sorted(set(errors)):
        print(f"  {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the seeds into a temporary one)")
    args = parser.parse_args()
    if args.site:
        report(args.site)
        return
    with tempfile.TemporaryDirectory() as work:
        report(sb.build_site(Path(work)))


if __name__ == "__main__":
    main()
