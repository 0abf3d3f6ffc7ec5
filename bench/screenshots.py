"""Screenshots of the seed story page at desktop and phone width, for the README.

    python bench/screenshots.py [--site site/] [--out docs/assets/screenshots]

Without --site it builds the seed stories into a temporary folder the way the browser
tests do (tests/site_browser.py). Writes, in the light palette:

- story-desktop.png: the story page's first screen at 1280 x 800;
- story-phone.png: the story page's first screen at 390 x 844 (a phone);
- source-phone.png: a source page at 390 x 844 after a tap on the summary's first
  citation, the cited sentence highlighted, with its link back to the summary;
- preview-phone.png: the story page at 390 x 844 on a touch screen after a first tap
  on a citation of the summary's second paragraph: its preview (outlet, date, the
  sentence's own words) under the chip;
- differences-phone.png: the story page at 390 x 844 scrolled to its Differences
  (the digest: disagreements and unconfirmed claims, one line each).

Pixels depend on the fonts installed (Debian's chromium with DejaVu and Liberation here).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import site_browser as sb  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def take(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sb.serve(site) as base, sync_playwright() as playwright:
        browser = sb.launch(playwright)
        outside = sb.OutsideRequests()
        for name, viewport in (("story-desktop.png", sb.DESKTOP), ("story-phone.png", sb.PHONE)):
            context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
            outside.install(context)
            page = context.new_page()
            page.goto(base + sb.STORY, wait_until="networkidle")
            page.screenshot(path=str(out / name), animations="disabled", caret="hide")
            written.append(out / name)
            if viewport is sb.PHONE:
                page.locator(".summary a.cite").first.click()
                page.wait_for_url(re.compile(r"#s-\d+$"))
                page.wait_for_timeout(300)  # the theme's header settles after the jump
                page.screenshot(path=str(out / "source-phone.png"), animations="disabled", caret="hide")
                written.append(out / "source-phone.png")
            context.close()
        context = browser.new_context(viewport=sb.PHONE, color_scheme="light", device_scale_factor=1,
                                      has_touch=True, is_mobile=True)
        outside.install(context)
        page = context.new_page()
        page.goto(base + sb.STORY, wait_until="networkidle")
        chip = page.locator(".summary").nth(1).locator("a.cite").first
        # The chip's line near the top of the screen, below the theme's header.
        page.evaluate("chip => window.scrollBy(0, chip.getBoundingClientRect().top - 120)", chip.element_handle())
        chip.tap()
        page.locator(f"#{chip.get_attribute('aria-describedby')}").wait_for(state="visible")
        page.screenshot(path=str(out / "preview-phone.png"), animations="disabled", caret="hide")
        written.append(out / "preview-phone.png")
        page.locator("#differences").evaluate("heading => window.scrollTo(0, heading.offsetTop - 60)")
        page.mouse.click(1, 1)  # no chip stays open
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / "differences-phone.png"), animations="disabled", caret="hide")
        written.append(out / "differences-phone.png")
        context.close()
        browser.close()
    if outside.urls:
        raise SystemExit(f"the pages asked other hosts: {sorted(set(outside.urls))}")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build the seeds into a temporary one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots")
    args = parser.parse_args()
    if args.site:
        written = take(args.site, args.out)
    else:
        with tempfile.TemporaryDirectory() as work:
            written = take(sb.build_site(Path(work)), args.out)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
