"""``python -m generator fetch``: feeds from a local server, articles filed into stories, decisions logged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from local_server import LocalServer, Route, local_server

from generator.cli import main
from generator.feeds import LOG_FILE, fetch_feeds, read_log

STORM_TEXT = (
    "A storm cut power to 40,000 homes across the region on Sunday night, the electricity company said. "
    "Engineers worked through the night to restore power lines brought down by the storm winds.\n"
    "The electricity company said most homes had power again by Monday morning after the storm."
)


def page(title: str, paragraphs: list[str], outlet: str, canonical: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (f'<!DOCTYPE html><html><head><title>{title}</title><meta property="og:site_name" content="{outlet}">'
            f'<link rel="canonical" href="{canonical}"></head><body><nav><a href="/">Home</a></nav>'
            f"<article><h1>{title}</h1>{body}</article></body></html>").encode()


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>Item</title><link>{link}</link></item>" for link in links)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://x.example/</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with local_server() as running:
        running.routes["/storm-2"] = Route(body=page("Storm leaves 40,000 homes without power", [
            "Storm winds left 40,000 homes without power on Sunday night, the electricity company said.",
            "Engineers restored power lines brought down by the storm, and most homes had power by Monday morning.",
        ], "Daily Example", "https://daily.example/storm"))
        running.routes["/budget"] = Route(body=page("Council approves budget for bridge repairs", [
            "The city council approved the new budget on Tuesday after a long debate about repairs to three bridges.",
            "Council members voted nine to four for the budget; the mayor said bridge repairs start in spring.",
        ], "City Paper", "https://city.example/budget"))
        running.routes["/budget-2"] = Route(body=page("Bridge repairs funded as council passes budget", [
            "Council members passed the city budget nine to four on Tuesday, paying for repairs to three bridges.",
            "The mayor said the bridge repairs would start in spring and the council budget debate was long.",
        ], "Town Times", "https://town.example/budget"))
        running.routes["/front"] = Route(body=b"<html><body><a href='/a'>Home</a></body></html>")
        running.routes["/feed.xml"] = Route(
            body=rss([running.url(p) for p in ("/storm-2", "/budget", "/budget-2", "/front", "/missing")]),
            content_type="application/rss+xml")
        running.routes["/not-xml"] = Route(body=b"{\"this\": \"is json\"}", content_type="application/xml")
        yield running


@pytest.fixture()
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds" / "storm"
    folder.mkdir(parents=True)
    (folder / "times.txt").write_text(STORM_TEXT + "\n")
    return tmp_path / "seeds"


def files(seeds: Path) -> list[str]:
    return sorted(p.relative_to(seeds).as_posix() for p in seeds.rglob("*") if p.is_file())


def test_new_articles_join_their_story_or_start_one_and_every_decision_is_logged(server: LocalServer,
                                                                              seeds: Path) -> None:
    decisions, failed = fetch_feeds([server.url("/feed.xml")], seeds)
    assert failed == []
    by_link = {d.link.removeprefix(server.base): d for d in decisions}
    assert (by_link["/storm-2"].decision, by_link["/storm-2"].story) == ("joined", "storm")
    assert by_link["/budget"].decision == "new story"
    assert by_link["/budget-2"].story == by_link["/budget"].story != "storm"
    assert by_link["/front"].decision == "refused" and "no article" in by_link["/front"].reason
    assert by_link["/missing"].decision == "refused" and "404" in by_link["/missing"].reason
    log = read_log(seeds)
    assert [entry["link"] for entry in log] == [d.link for d in decisions]
    assert (seeds / LOG_FILE).read_text().startswith("# Decisions of `python -m generator fetch`")


def test_running_twice_adds_nothing_and_a_moved_file_stays(server: LocalServer, seeds: Path) -> None:
    decisions, _failed = fetch_feeds([server.url("/feed.xml")], seeds)
    joined = next(d for d in decisions if d.story == "storm" and d.file)
    shutil.move(seeds / "storm" / joined.file, seeds / "elsewhere.html")
    (seeds / "other").mkdir()
    shutil.move(seeds / "elsewhere.html", seeds / "other" / joined.file)
    before = files(seeds)
    requests = len(server.requests)
    again, failed = fetch_feeds([server.url("/feed.xml")], seeds)
    assert again == [] and failed == []
    assert files(seeds) == before
    assert len(server.requests) == requests + 1  # only the feed itself


def test_a_feed_that_is_not_xml_is_named_and_nothing_is_written(server: LocalServer, seeds: Path) -> None:
    before = files(seeds)
    decisions, failed = fetch_feeds([server.url("/not-xml")], seeds)
    assert decisions == [] and len(failed) == 1
    assert str(failed[0]).startswith(server.url("/not-xml") + ": is not an RSS or Atom feed")
    assert files(seeds) == before


def test_cli_fetch_reads_feeds_yml(server: LocalServer, seeds: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(yaml.safe_dump({"feeds": [server.url("/feed.xml"), {"url": server.url("/not-xml")}]}))
    assert main(["fetch", "--feeds", str(feeds), "--seeds", str(seeds)]) == 1
    captured = capsys.readouterr()
    assert "joined -> storm/" in captured.out
    assert captured.err.count("\n") == 1 and "is not an RSS or Atom feed" in captured.err
    feeds.write_text("feeds:\n  - file:///etc/passwd\n")
    assert main(["fetch", "--feeds", str(feeds), "--seeds", str(seeds)]) == 1
    assert "only http and https" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "message"), [
    (None, "not found"),
    ("feeds: [", "not valid YAML"),
    ("feeds: []\n", "must hold 'feeds:' followed by a list"),
    ("feeds:\n  - 12\n", "is not an address"),
])
def test_a_bad_feeds_yml_is_one_line_and_nothing_is_fetched(tmp_path: Path, text: str | None, message: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    feeds = tmp_path / "feeds.yml"
    if text is not None:
        feeds.write_text(text)
    assert main(["fetch", "--feeds", str(feeds), "--seeds", str(tmp_path / "seeds")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and str(feeds) in err
    assert not (tmp_path / "seeds").exists()


def test_a_failing_feed_creates_no_seeds_folder(server: LocalServer, tmp_path: Path) -> None:
    decisions, failed = fetch_feeds([server.url("/not-xml")], tmp_path / "seeds")
    assert decisions == [] and len(failed) == 1
    assert not (tmp_path / "seeds").exists()
