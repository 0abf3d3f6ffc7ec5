"""Fetching a web address, bounded in every way a hostile or broken server could abuse.

The only network I/O of the generator, used by ``add`` and ``fetch``; a build never
touches the network (pages are saved into the story folder first). Every request is
http(s) only, has a plain user agent, a time limit for the whole exchange, a size cap,
a content-type check and a redirect limit checked hop by hop (so a redirect can never
lead to ``file:`` or ``ftp:``). Problems raise ``FetchError`` with one line naming the
address and what went wrong.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .errors import FetchError

USER_AGENT = "news-consensus-generator/0.1 (+offline static site; one request per article)"
TIMEOUT_SECONDS = 20.0
"""Time allowed for the whole exchange with one address, redirects included."""
MAX_BYTES = 5_000_000
"""No news page or feed is this large; a larger answer is refused, not truncated."""
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json")


@dataclass(frozen=True, slots=True)
class Fetched:
    """One answer: the address asked for, where it ended after redirects, its type and bytes."""

    requested: str
    url: str
    content_type: str
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to ``fetch``, which checks each hop itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def check_address(url: str) -> str:
    """Return ``url`` stripped, or raise ``FetchError`` unless it is an http(s) address with a host."""
    address = url.strip()
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        raise FetchError(address, f"only http and https addresses can be fetched, not {shown}")
    if not parts.hostname:
        raise FetchError(address, "has no host name")
    return address


def fetch(url: str, *, accept: tuple[str, ...] = PAGE_TYPES, timeout: float = TIMEOUT_SECONDS,
          max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
          user_agent: str = USER_AGENT) -> Fetched:
    """Return the answer at ``url``, following at most ``max_redirects`` http(s) redirects.

    Raises ``FetchError`` for a non-http(s) address, an HTTP error status, no answer
    within ``timeout`` seconds (for the whole exchange), an answer over ``max_bytes``,
    a content type not in ``accept``, or too many redirects.
    """
    requested = check_address(url)
    deadline = time.monotonic() + timeout
    current = requested
    seen: list[str] = []
    while True:
        seen.append(current)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(requested, f"no complete answer within {timeout:g} s; try again later")
        request = urllib.request.Request(current, headers={"User-Agent": user_agent, "Accept": ", ".join(accept)})
        try:
            response = _OPENER.open(request, timeout=remaining)
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 303, 307, 308):
                location = error.headers.get("Location")
                error.close()
                if not location:
                    raise FetchError(requested, f"redirect ({error.code}) without a Location") from None
                target = urljoin(current, location)
                if len(seen) > max_redirects:
                    loop = " (a redirect loop)" if target in seen else ""
                    raise FetchError(requested, f"redirects more than {max_redirects} times{loop}") from None
                try:
                    current = check_address(target)
                except FetchError as bad:
                    raise FetchError(requested, f"redirects to {target}: {bad.problem}") from None
                continue
            reason = f" {error.reason}" if error.reason else ""
            error.close()
            raise FetchError(requested, f"the server answered {error.code}{reason}") from None
        except TimeoutError:
            raise FetchError(requested, f"no answer within {timeout:g} s; try again later") from None
        except urllib.error.URLError as error:
            cause = error.reason
            if isinstance(cause, (TimeoutError, socket.timeout)):
                raise FetchError(requested, f"no answer within {timeout:g} s; try again later") from None
            raise FetchError(requested, f"cannot connect: {cause}") from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            raise FetchError(requested, f"cannot fetch: {error}") from None
        with response:
            return _read(response, requested, current, accept=accept, deadline=deadline, timeout=timeout,
                         max_bytes=max_bytes)


def _read(response: http.client.HTTPResponse, requested: str, url: str, *, accept: tuple[str, ...],
          deadline: float, timeout: float, max_bytes: int) -> Fetched:
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in accept:
        shown = content_type or "no content type"
        raise FetchError(requested, f"is {shown}, not {' or '.join(accept[:2])}; only web pages and feeds "
                         "are read")
    too_big = f"is larger than the limit of {max_bytes:,} bytes; no news page is that large"
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(requested, too_big)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError(requested, f"no complete answer within {timeout:g} s; try again later")
            chunk = response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(requested, too_big)
            chunks.append(chunk)
    except TimeoutError:
        raise FetchError(requested, f"no complete answer within {timeout:g} s; try again later") from None
    except (http.client.HTTPException, OSError) as error:
        raise FetchError(requested, f"the answer broke off: {error}") from None
    return Fetched(requested=requested, url=url, content_type=content_type, body=b"".join(chunks))
