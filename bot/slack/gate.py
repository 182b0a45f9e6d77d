"""The gate in front of Bolt: nothing is parsed, answered or acted on before Slack is the sender.

HTTP mode checks the raw bytes first: a body over `MAX_BODY_BYTES` is refused with 413; the
``X-Slack-Request-Timestamp`` must be ASCII digits within Slack's five-minute replay window and
the ``v0=`` signature must match, or the answer is 400 (malformed) or 401 (unauthenticated).
Only then is the body parsed, and it must be one JSON object, directly or in a form's
``payload`` field (400 otherwise). A refused request reaches no listener, no error handler and
no Slack call.

Socket Mode needs no signature (the app token authenticates the WebSocket), but an envelope
whose payload is not a JSON object is logged and dropped the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import BoltRequest, BoltResponse

# Slack's own payloads are a few kilobytes; a modal with every field full is well under 100 kB.
MAX_BODY_BYTES = 1024 * 1024
REPLAY_WINDOW_SECONDS = 5 * 60
# Unix seconds in ASCII digits: int() would also take Arabic-Indic digits, " 17 " or "1_700".
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    """Why the gate stopped a request, and the HTTP status that says so."""

    status: int
    reason: str

    def as_bolt_response(self) -> BoltResponse:
        return BoltResponse(status=self.status, body={"error": self.reason})


TOO_LARGE = Refusal(413, f"the body is larger than {MAX_BODY_BYTES} bytes")


def refuse_http(
    raw: bytes, headers: Mapping[str, str], *, signing_secret: str, now: float
) -> Refusal | None:
    """None when ``raw`` is a signed, fresh Slack request holding one JSON object.

    ``headers`` are keyed in lower case.
    """
    if len(raw) > MAX_BODY_BYTES:
        return TOO_LARGE
    refusal = _refuse_unsigned(raw, headers, signing_secret=signing_secret, now=now)
    if refusal is not None:
        return refusal
    return refuse_unparseable(raw, headers.get("content-type"))


def _refuse_unsigned(
    raw: bytes, headers: Mapping[str, str], *, signing_secret: str, now: float
) -> Refusal | None:
    if not signing_secret:
        return Refusal(401, "no signing secret is configured")
    timestamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if timestamp is None or signature is None:
        return Refusal(401, "the request is not signed")
    if not _TIMESTAMP.fullmatch(timestamp):
        return Refusal(400, "X-Slack-Request-Timestamp is not a Unix time in seconds")
    if abs(now - int(timestamp)) > REPLAY_WINDOW_SECONDS:
        return Refusal(401, "the request is older than Slack's five-minute window")
    if not _SIGNATURE.fullmatch(signature):
        return Refusal(401, "the signature is malformed")
    expected = _sign(raw, timestamp=timestamp, signing_secret=signing_secret)
    if not hmac.compare_digest(expected, signature):
        return Refusal(401, "the signature does not match")
    return None


def _sign(raw: bytes, *, timestamp: str, signing_secret: str) -> str:
    base = b"v0:" + timestamp.encode("ascii") + b":" + raw
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


def refuse_unparseable(raw: bytes, content_type: str | None) -> Refusal | None:
    """None when Bolt will read ``raw`` as one JSON object (the way `parse_body` does)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "the body is not UTF-8")
    if not text:
        return None  # Bolt reads an empty body as {} and answers 404
    try:
        parsed = _parse_like_bolt(text, content_type)
    except ValueError:
        return Refusal(400, "the body is not valid JSON")
    if not isinstance(parsed, dict):
        return Refusal(400, "the body is not a JSON object")
    if not parsed.keys() & _SLACK_KEYS:
        return Refusal(400, "the body is not a Slack request")
    return None


# Every body Slack sends names one of these: events and interactions their type, slash commands
# their command, the SSL check itself.
_SLACK_KEYS = frozenset({"type", "command", "ssl_check"})


def _parse_like_bolt(text: str, content_type: str | None) -> Any:
    if content_type == "application/json" or text.startswith("{"):
        return json.loads(text)
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in text and "payload" in form:
        return json.loads(form["payload"])
    return form


def verify_in_bolt(
    signing_secret: str, *, clock: Callable[[], float]
) -> Callable[..., BoltResponse | None]:
    """Bolt's own verification step, replaced: the same checks as the HTTP gate, never raising.

    It runs before authorization, so ``app.dispatch`` refuses what the gate refuses even when
    no gate stands in front (Bolt's verifier raises on a malformed timestamp, and Bolt then
    runs the error handler for a request nobody authenticated). Socket Mode passes.
    """

    def verify(req: BoltRequest, next_: Callable[[], None]) -> BoltResponse | None:
        if req.mode == "socket_mode":
            req.context["authenticated"] = True  # the app token authenticated the WebSocket
            next_()
            return None
        headers = {name: _first(values) for name, values in req.headers.items()}
        raw = req.raw_body.encode("utf-8")
        refusal = _refuse_unsigned(raw, headers, signing_secret=signing_secret, now=clock())
        if refusal is not None:
            logger.warning("Refused a Slack request: %s", refusal.reason)
            return refusal.as_bolt_response()
        req.context["authenticated"] = True
        next_()
        return None

    return verify


def _first(values: str | Sequence[str]) -> str:
    return values if isinstance(values, str) else (values[0] if values else "")


def socket_payload_problem(payload: object) -> str | None:
    """Why a Socket Mode envelope's payload cannot be handled, or None."""
    if not isinstance(payload, dict):
        return f"the payload is a {type(payload).__name__}, not a JSON object"
    return None
