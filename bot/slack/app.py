"""``create_app``: the one Bolt app that both Socket Mode and HTTP mode serve."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Executor

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.bootstrap import Container
from bot.observability.metrics import ACK_SECONDS
from bot.slack import listeners
from bot.slack.after_ack import AfterAck
from bot.slack.errors import handle_error
from bot.slack.gate import verify_in_bolt
from bot.slack.middleware import hand_over_after_ack, roster_gate


class CadenceApp(App):
    """Bolt's App, timing each request from arrival to acknowledgement.

    With ``process_before_response=False`` ``dispatch`` returns as soon as the listener acks,
    over HTTP and Socket Mode alike, so its duration is what Slack waits for.
    """

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        try:
            response: BoltResponse = super().dispatch(req)
            return response
        finally:
            kind = str(req.body.get("type") or ("slash_command" if "command" in req.body else ""))
            ACK_SECONDS.labels(kind=kind or "other").observe(time.perf_counter() - started)


class _UnusedTokenWarning(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when a client is given: ours carries it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _UnusedTokenWarning) for f in logger.filters):
        logger.addFilter(_UnusedTokenWarning())
    return logger


def create_app(
    container: Container,
    *,
    listener_executor: Executor | None = None,
    after_ack: AfterAck | None = None,
) -> App:
    """``listener_executor`` runs listeners (Bolt's thread pool by default), ``after_ack`` what
    they do once they have acked (`AfterAck`'s own threads by default). A simulation runs both
    inline, so each request is finished when ``dispatch`` returns."""
    secret = container.settings.slack_signing_secret
    signing_secret = secret.get_secret_value() if secret else ""
    app = CadenceApp(
        name="cadence",
        # The WebClient carries the bot token and SLACK_API_BASE_URL; Bolt checks the token
        # with auth.test now, so a wrong token fails at start rather than at the first click.
        client=container.slack,
        # Socket Mode needs no secret; HTTP mode refuses to start without one (see `serve`).
        signing_secret=signing_secret,
        # Bolt's verifier raises on a malformed timestamp; the gate's answers 400 instead.
        request_verification_enabled=False,
        before_authorize=verify_in_bolt(signing_secret, clock=time.time),
        # Ack first, then run the listener: Slack's 3-second limit never waits on slow work.
        process_before_response=False,
        listener_executor=listener_executor,
        logger=_bolt_logger(),
    )
    app.use(hand_over_after_ack(after_ack or AfterAck()))
    app.use(roster_gate(container))
    app.error(handle_error)
    listeners.register(app)
    return app
