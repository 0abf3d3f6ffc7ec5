"""A web server on 127.0.0.1 in a thread, for the tests of ``add`` and ``fetch``: nothing leaves the machine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers at one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True
    """Whether to announce the body's length (without it the body ends when the connection closes)."""
    hold: threading.Event | None = None
    """When set, the server waits for this event before answering (a server that hangs)."""


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str]] = []
        self.release = threading.Event()
        routes, requests = self.routes, self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                requests.append((self.path, self.headers.get("User-Agent", "")))
                route = routes.get(self.path, Route(404, b"not found", "text/plain"))
                if route.hold is not None:
                    route.hold.wait(10)
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length and "Content-Length" not in route.headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except OSError:
                    pass

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    thread = threading.Thread(target=partial(server.server.serve_forever, poll_interval=0.05), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        for route in server.routes.values():
            if route.hold is not None:
                route.hold.set()
        server.server.shutdown()
        server.server.server_close()
        thread.join(5)
