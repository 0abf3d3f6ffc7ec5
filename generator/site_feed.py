"""The site's own feed: an Atom document listing the newest stories, for feed readers.

Written with ``xml.etree`` (no dependency), and deterministic like every page: no
build time anywhere. A story's ``updated`` time is its newest known date (the story's
own or its newest source's), which is also what its page shows as "last updated";
story text goes in as XML text, which the serializer escapes, never as markup.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
FEED_PAGE = "feed.xml"
FEED_TITLE = "News consensus: stories"
FEED_ID = "urn:news-consensus-generator:stories"
FEED_ENTRIES = 50
"""Stories the feed lists, newest first. A feed reader polls the whole file and only wants
what is new; every story of a 1,000-story site made a feed of 1 MB. The site's archive
pages list every story."""
UNDATED = "1970-01-01T00:00:00Z"
"""Atom requires an ``updated`` time; an undated story gets this fixed one, not the build time."""

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One story as the feed lists it."""

    slug: str
    title: str
    updated: str | None
    """ISO date (``YYYY-MM-DD``) or ``None``."""
    summary: str
    sources: int


def latest_date(dates: Sequence[str | None]) -> str | None:
    """Return the latest ISO date (``YYYY-MM-DD``) among ``dates``, ignoring other formats."""
    days = sorted(match.group(1) for date in dates if date and (match := _ISO_DATE.match(date)))
    return days[-1] if days else None


def atom_feed(entries: Sequence[FeedEntry], *, limit: int = FEED_ENTRIES) -> str:
    """Return the Atom feed of the ``limit`` newest stories, newest first, as UTF-8 XML text.

    Links are relative to the feed's own address (the site root), so the feed works
    wherever the site is published.
    """
    ET.register_namespace("", ATOM)
    ordered = sorted(entries, key=lambda entry: (entry.updated or "", entry.slug), reverse=True)[:limit]
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = FEED_TITLE
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": "./"})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": FEED_PAGE})
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(latest_date([e.updated for e in entries]))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "news-consensus-generator"
    for entry in ordered:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"{FEED_ID}:{entry.slug}"
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": f"stories/{entry.slug}/"})
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _timestamp(entry.updated)
        sources = f"{entry.sources} source" + ("" if entry.sources == 1 else "s")
        summary = f"{entry.summary} ({sources})" if entry.summary else f"No consensus summary ({sources})."
        ET.SubElement(item, f"{{{ATOM}}}summary", {"type": "text"}).text = summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _timestamp(day: str | None) -> str:
    return f"{day}T00:00:00Z" if day else UNDATED
