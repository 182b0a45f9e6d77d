from collections.abc import Callable, Iterator

import httpx
import pytest

from bot.services.crm import CrmError, RetryingClient

URL = "https://crm.example.com/things"
Handler = Callable[[httpx.Request], httpx.Response]


def serve_in_turn(*responses: httpx.Response | Exception) -> tuple[Handler, list[httpx.Request]]:
    """A handler answering each request with the next scripted response (or raising it)."""
    script: Iterator[httpx.Response | Exception] = iter(responses)
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        outcome = next(script)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return handle, seen


def retrying(
    handler: Handler,
    sleeps: list[float],
    *,
    max_attempts: int = 5,
    backoff_base: float = 1.0,
    backoff_cap: float = 30.0,
    max_retry_after: float = 120.0,
) -> RetryingClient:
    """A client whose waits are recorded, not slept, and whose jitter is pinned to the top."""
    return RetryingClient(
        httpx.Client(transport=httpx.MockTransport(handler)),
        max_attempts=max_attempts,
        backoff_base=backoff_base,
        backoff_cap=backoff_cap,
        max_retry_after=max_retry_after,
        sleep=sleeps.append,
        jitter=lambda: 1.0,
    )


def test_a_429_waits_exactly_the_retry_after_seconds_then_succeeds() -> None:
    handler, seen = serve_in_turn(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": True})
    )
    sleeps: list[float] = []

    response = retrying(handler, sleeps).request("GET", URL)

    assert response.status_code == 200
    assert sleeps == [7.0]
    assert len(seen) == 2


def test_a_429_without_retry_after_backs_off_exponentially() -> None:
    handler, _ = serve_in_turn(httpx.Response(429), httpx.Response(429), httpx.Response(200))
    sleeps: list[float] = []

    retrying(handler, sleeps, backoff_base=2.0).request("GET", URL)

    assert sleeps == [2.0, 4.0]


def test_a_503_is_retried_after_a_backoff() -> None:
    handler, seen = serve_in_turn(httpx.Response(503), httpx.Response(200))
    sleeps: list[float] = []

    response = retrying(handler, sleeps).request("GET", URL)

    assert response.status_code == 200
    assert sleeps == [1.0]
    assert len(seen) == 2


def test_a_dropped_connection_is_retried() -> None:
    handler, _ = serve_in_turn(httpx.ConnectError("connection reset"), httpx.Response(200))
    sleeps: list[float] = []

    response = retrying(handler, sleeps).request("GET", URL)

    assert response.status_code == 200
    assert len(sleeps) == 1


def test_backoff_is_jittered_between_half_and_all_of_the_exponential_delay() -> None:
    handler, _ = serve_in_turn(httpx.Response(502), httpx.Response(502), httpx.Response(200))
    sleeps: list[float] = []
    client = RetryingClient(
        httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=sleeps.append,
        jitter=lambda: 0.0,
    )

    client.request("GET", URL)

    assert sleeps == [0.5, 1.0]


def test_backoff_never_exceeds_the_cap() -> None:
    handler, _ = serve_in_turn(*[httpx.Response(500)] * 4, httpx.Response(200))
    sleeps: list[float] = []

    retrying(handler, sleeps, backoff_cap=3.0).request("GET", URL)

    assert sleeps == [1.0, 2.0, 3.0, 3.0]


def test_exhausted_retries_raise_a_crm_error_that_says_what_kept_failing() -> None:
    handler, seen = serve_in_turn(*[httpx.Response(503)] * 3)
    sleeps: list[float] = []

    with pytest.raises(CrmError, match=r"after 3 attempts \(last: HTTP 503\).*try again later"):
        retrying(handler, sleeps, max_attempts=3).request("GET", URL)

    assert len(seen) == 3
    assert len(sleeps) == 2, "no pointless wait after the last attempt"


def test_a_rate_limit_longer_than_the_import_should_wait_fails_at_once() -> None:
    handler, seen = serve_in_turn(httpx.Response(429, headers={"Retry-After": "3600"}))
    sleeps: list[float] = []

    with pytest.raises(CrmError, match="rate limited for the next 3600 s"):
        retrying(handler, sleeps, max_retry_after=120.0).request("GET", URL)

    assert sleeps == []
    assert len(seen) == 1


def test_client_errors_are_returned_for_the_connector_to_interpret_not_retried() -> None:
    handler, seen = serve_in_turn(httpx.Response(401, json={"message": "bad token"}))
    sleeps: list[float] = []

    response = retrying(handler, sleeps).request("GET", URL)

    assert response.status_code == 401
    assert len(seen) == 1
    assert sleeps == []


def test_a_request_that_cannot_be_sent_at_all_is_a_crm_error() -> None:
    handler, _ = serve_in_turn(httpx.UnsupportedProtocol("no scheme"))

    with pytest.raises(CrmError, match="could not be sent"):
        retrying(handler, []).request("GET", URL)
