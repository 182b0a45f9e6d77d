"""``KeepAliveWebClient``: slack_sdk's ``WebClient`` over a kept-open HTTP connection.

``WebClient`` sends each call through ``urllib.request.urlopen``, which opens a new TCP (and TLS)
connection for every call and closes it after the answer: at a few hundred messages a second
that connecting is most of the sender's work. This client replaces only the step that moves
bytes (``_perform_urllib_http_request_internal``: a prepared request in, status, headers and body
out), with an ``http.client`` connection per thread that stays open between calls. Everything
around it is slack_sdk's own: arguments, headers, ``SlackResponse``, ``SlackApiError`` for a 429
with its ``Retry-After``, file uploads.

A connection the server closed while it was idle is noticed before it is used (it reads as
ended) and replaced. A call that fails on the wire raises as with urllib (an ``OSError`` or an
``http.client.HTTPException``) and is never repeated here: whether Slack got it is unknown, so
the dispatcher's retry, which looks for the message first, decides.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import ssl
import threading
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient


class KeepAliveWebClient(WebClient):
    """A ``WebClient`` whose calls from one thread share one open connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def close(self) -> None:
        """Close this thread's connection (the next call opens a new one)."""
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if self.proxy is not None or not url.lower().startswith(("http://", "https://")):
            return super()._perform_urllib_http_request_internal(url, req)
        parts = urlsplit(url)
        connection = self._connection(parts.scheme, parts.netloc)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", path, body=req.data, headers=dict(req.header_items()))
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            self.close()
            raise
        if response.will_close:
            self.close()
        headers = response.headers
        if not 200 <= response.status < 300:
            # As urlopen does: slack_sdk reads status, headers and body from the HTTPError.
            raise HTTPError(url, response.status, response.reason, headers, io.BytesIO(body))
        if headers.get_content_type() == "application/gzip":
            return {"status": response.status, "headers": headers, "body": body}
        charset = headers.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": headers, "body": body.decode(charset)}

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        key = (scheme, netloc)
        if connection is not None and (self._local.key != key or _dropped(connection)):
            self.close()
            connection = None
        if connection is None:
            if scheme == "https":
                context = self.ssl or ssl.create_default_context()
                connection = http.client.HTTPSConnection(
                    netloc, timeout=self.timeout, context=context
                )
            else:
                connection = http.client.HTTPConnection(netloc, timeout=self.timeout)
            connection.connect()
            # http.client writes a request's headers and body separately: without this, Nagle's
            # algorithm holds the body until Slack acknowledges the headers.
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._local.connection, self._local.key = connection, key
        return connection


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """Whether the server closed the idle connection: nothing is owed on it, so a socket that
    reads as ready has reached its end (or holds garbage); either way it is not reusable."""
    sock = connection.sock
    if sock is None:
        return False  # not connected yet (or closed): http.client connects on the next request
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))
