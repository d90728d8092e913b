"""A real HTTP proxy on 127.0.0.1 in front of a real CalDAV server, to misbehave on purpose.

Each request goes through `rule(request)`: None forwards it to the upstream server unchanged,
a `Request` forwards a changed one (headers dropped, as a server that ignores them would),
and a `Reply` answers in the upstream's place: a redirect, an error page, a trickle, a huge
body, or a connection dropped without an answer. `log` keeps every request seen. It plays
SOGo's quirks (preconditions ignored, a bare VCALENDAR query answered empty) over Radicale,
and the faults of a bad network, with a real socket peer and no mocks.
"""

from __future__ import annotations

import http.client
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    trickle: float = 0.0  # seconds between bytes of the whole answer, status line included
    stream: int = 0  # then this many bytes of filler, without a Content-Length
    drop: bool = False  # close the connection without an answer
    forward_first: bool = False  # with drop: the upstream gets the request, the client no answer


Rule = Callable[[Request], Request | Reply | None]

EMPTY_MULTISTATUS = b'<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:"/>'


class DAVProxy:
    """`url` is the proxy's base; paths are the upstream's own."""

    def __init__(self, upstream: str | None = None, rule: Rule | None = None) -> None:
        self.upstream = urlsplit(upstream) if upstream else None
        self.rule: Rule = rule or (lambda request: None)
        # Changes an upstream answer on its way back (e.g. weak ETags), when set.
        self.rewrite: Callable[[Request, Reply], Reply] | None = None
        self.log: list[Request] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                path = self.path
                if "://" in path:  # absolute form: this is used as an HTTP proxy
                    parts = urlsplit(path)
                    path = parts.path + (f"?{parts.query}" if parts.query else "")
                request = Request(
                    self.command, path, dict(self.headers.items()), self.rfile.read(length)
                )
                request.headers["X-Absolute-Form"] = "yes" if path != self.path else "no"
                proxy.log.append(request)
                decided = proxy.rule(request)
                if isinstance(decided, Reply):
                    if decided.forward_first:
                        self.upstream_answer(request)
                    self.reply(decided)
                else:
                    self.forward(decided or request)

            def do_CONNECT(self) -> None:  # an HTTPS tunnel: bytes both ways
                host, _, port = self.path.rpartition(":")
                proxy.log.append(Request("CONNECT", self.path, dict(self.headers.items()), b""))
                upstream = socket.create_connection((host, int(port)), timeout=30)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                sockets = [self.connection, upstream]
                try:
                    while True:
                        ready, _, _ = select.select(sockets, [], [], 30)
                        if not ready:
                            return
                        for sock in ready:
                            data = sock.recv(65536)
                            if not data:
                                return
                            (upstream if sock is self.connection else self.connection).sendall(data)
                except OSError:
                    return
                finally:
                    upstream.close()
                    self.close_connection = True

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = handle_one
            do_MKCALENDAR = do_PROPPATCH = do_OPTIONS = do_HEAD = do_POST = handle_one

            def forward(self, request: Request) -> None:
                answer = self.upstream_answer(request)
                if proxy.rewrite is not None:
                    answer = proxy.rewrite(request, answer)
                self.reply(answer)

            def upstream_answer(self, request: Request) -> Reply:
                assert proxy.upstream is not None
                connection = http.client.HTTPConnection(
                    proxy.upstream.hostname or "", proxy.upstream.port, timeout=30
                )
                headers = {
                    k: v
                    for k, v in request.headers.items()
                    if k.lower() not in ("host", "connection", "content-length", "x-absolute-form")
                }
                connection.request(request.method, request.path, request.body, headers)
                answer = connection.getresponse()
                body = answer.read()
                connection.close()
                passed = {
                    k: v
                    for k, v in answer.getheaders()
                    if k.lower() not in ("connection", "transfer-encoding", "content-length")
                }
                return Reply(answer.status, passed, body)

            def reply(self, reply: Reply) -> None:
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                head = f"HTTP/1.1 {reply.status} {self.responses.get(reply.status, ('',))[0]}\r\n"
                for name, value in reply.headers.items():
                    head += f"{name}: {value}\r\n"
                if reply.stream:
                    head += "Connection: close\r\n\r\n"
                    self.close_connection = True
                else:
                    head += f"Content-Length: {len(reply.body)}\r\n\r\n"
                data = head.encode("latin-1") + reply.body
                try:
                    if reply.trickle:
                        for byte in data:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(data)
                    chunk = b"X" * 65536
                    sent = 0
                    while sent < reply.stream:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except OSError:  # the client gave up: that is the point of these tests
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, upstream_url: str = "/") -> str:
        """The proxy's URL for an upstream URL (or path)."""
        parts = urlsplit(upstream_url)
        return self.origin + (parts.path or "/")

    def start(self) -> DAVProxy:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def running(upstream: str | None = None, rule: Rule | None = None) -> Iterator[DAVProxy]:
    """For fixtures: a started proxy, stopped afterwards."""
    proxy = DAVProxy(upstream, rule).start()
    try:
        yield proxy
    finally:
        proxy.stop()
