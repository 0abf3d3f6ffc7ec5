"""``python -m generator add``: pages fetched from a local server and saved; every bad case writes nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from local_server import LocalServer, Route, local_server

from generator.add import add_pages
from generator.cli import main
from generator.folders import load_story
from generator.settings import Settings
from generator.web import fetch

PAGES = Path(__file__).resolve().parent / "data" / "pages"


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with local_server() as running:
        running.routes["/article"] = Route(body=(PAGES / "article_related_comments.html").read_bytes())
        running.routes["/amp"] = Route(body=(PAGES / "amp_page.html").read_bytes())
        running.routes["/moved"] = Route(301, headers={"Location": "/amp"})
        running.routes["/missing"] = Route(404, b"gone", "text/plain")
        running.routes["/broken"] = Route(500, b"oops", "text/plain")
        running.routes["/slow"] = Route(hold=threading.Event())
        running.routes["/huge"] = Route(body=b"<html>", headers={"Content-Length": str(50 * 1024 * 1024)})
        running.routes["/endless"] = Route(body=b"<html><p>" + b"word " * 600_000, send_length=False)
        running.routes["/pdf"] = Route(body=b"%PDF-1.4 ...", content_type="application/pdf")
        running.routes["/loop"] = Route(302, headers={"Location": "/loop"})
        running.routes["/to-file"] = Route(302, headers={"Location": "file:///etc/passwd"})
        running.routes["/front"] = Route(body=(PAGES / "no_article.html").read_bytes())
        yield running


def test_add_saves_the_page_and_its_metadata_and_the_build_reads_it_offline(server: LocalServer,
                                                                          tmp_path: Path) -> None:
    story = tmp_path / "seeds" / "storm"
    saved, failed = add_pages([server.url("/article"), server.url("/moved")], story)
    assert failed == []
    assert sorted(p.path.name for p in saved) == ["storm-cuts-power-to-40-000-homes.html",
                                                   "storm-cuts-power-to-thousands.html"]
    assert all("news-consensus-generator" in agent for _path, agent in server.requests)
    sources = {a.source.outlet: a.source for a in load_story(story, Settings()).articles}
    assert sources["Example Times"].url == "https://www.example.com/news/storm-power"
    assert sources["AMP News"].author == "Cara Columnist"
    assert "url: https://amp.example.net/storm-cuts-power" in (story / "story.yml").read_text()


def test_add_keeps_what_a_person_wrote_in_story_yml(server: LocalServer, tmp_path: Path) -> None:
    story = tmp_path / "storm"
    story.mkdir()
    (story / "story.yml").write_text("# my notes\ntitle: Storm\n")
    add_pages([server.url("/article")], story)
    text = (story / "story.yml").read_text()
    assert text.startswith("# my notes\ntitle: Storm\nsources:\n")


def test_a_duplicate_is_refused_by_address_or_by_text(server: LocalServer, tmp_path: Path) -> None:
    story = tmp_path / "storm"
    add_pages([server.url("/article")], story)
    server.routes["/copy"] = Route(body=(PAGES / "article_related_comments.html").read_bytes()
                                   .replace(b"https://www.example.com/news/storm-power", b"https://other.example/x"))
    before = sorted(p.name for p in story.iterdir())
    saved, failed = add_pages([server.url("/article"), server.url("/copy")], story)
    assert saved == []
    assert "same address" in str(failed[0]) and "same text" in str(failed[1])
    assert sorted(p.name for p in story.iterdir()) == before


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "the server answered 404"),
    ("/broken", "the server answered 500"),
    ("/slow", "no answer within 0.5 s"),
    ("/huge", "larger than the limit"),
    ("/endless", "larger than the limit of 2,000,000 bytes"),
    ("/pdf", "is application/pdf, not text/html"),
    ("/loop", "redirects more than 5 times (a redirect loop)"),
    ("/to-file", "only http and https"),
    ("/front", "no article found in the page"),
])
def test_each_bad_page_ends_with_a_clear_message_and_writes_nothing(server: LocalServer, tmp_path: Path,
                                                                    path: str, message: str) -> None:
    story = tmp_path / "seeds" / "storm"
    saved, failed = add_pages([server.url(path)], story,
                              fetcher=partial(fetch, timeout=0.5, max_bytes=Settings().max_file_bytes))
    assert saved == [] and len(failed) == 1
    assert message in str(failed[0]) and str(failed[0]).startswith(server.url(path))
    assert not story.exists()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.html", "javascript:alert(1)"])
def test_only_http_addresses_are_fetched(tmp_path: Path, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["add", url, "--story", "storm", "--seeds", str(tmp_path / "seeds")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only http and https addresses can be fetched" in err
    assert not (tmp_path / "seeds").exists()


def test_cli_add_reports_what_it_saved(server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["add", server.url("/amp"), "--story", "storm", "--seeds", str(tmp_path / "seeds")])
    assert code == 0
    assert "saved" in capsys.readouterr().out
    assert main(["add", server.url("/amp"), "--story", "../x", "--seeds", str(tmp_path / "seeds")]) == 1


def test_a_broken_story_yml_is_named_and_the_page_is_not_left_behind(server: LocalServer, tmp_path: Path) -> None:
    story = tmp_path / "storm"
    story.mkdir()
    (story / "story.yml").write_text("title: [unclosed\n")
    saved, failed = add_pages([server.url("/article")], story)
    assert saved == [] and "story.yml: is not valid YAML" in str(failed[0])
    assert sorted(p.name for p in story.iterdir()) == ["story.yml"]
