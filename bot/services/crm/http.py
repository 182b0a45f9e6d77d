"""HTTP for CRM connectors: wait out rate limits, back off from outages, give up clearly."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import httpx

from bot.services.crm.base import CrmError

Sleep = Callable[[float], None]

# Worth another try: the server or the network had a bad moment, not our request.
_RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class RetryingClient:
    """Sends requests through an ``httpx.Client``, retrying 429, 5xx and network failures.

    Any other response (2xx, or a 4xx such as 401) is returned for the connector to interpret.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        max_attempts: int = 5,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        max_retry_after: float = 120.0,
        sleep: Sleep = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._client = client
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._max_retry_after = max_retry_after
        self._sleep = sleep
        self._jitter = jitter

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
        body: object = None,
    ) -> httpx.Response:
        last_failure = ""
        for attempt in range(1, self._max_attempts + 1):
            try:
                response = self._client.request(
                    method, url, headers=headers, params=params, json=body
                )
            except _RETRYABLE_ERRORS as exc:
                last_failure = f"{type(exc).__name__}: {exc}"
                delay = self._backoff(attempt)
            except httpx.HTTPError as exc:
                raise CrmError(f"{method} {url} could not be sent: {exc}") from exc
            else:
                if not _is_retryable(response.status_code):
                    return response
                last_failure = f"HTTP {response.status_code}"
                delay = self._delay_after(response, attempt, method=method, url=url)
            if attempt < self._max_attempts:
                self._sleep(delay)
        raise CrmError(
            f"{method} {url} still failing after {self._max_attempts} attempts "
            f"(last: {last_failure}); the CRM may be down, try again later"
        )

    def _backoff(self, attempt: int) -> float:
        # Equal jitter: at least half the exponential delay, so clients that failed together
        # spread out without any of them retrying immediately.
        ceiling = min(self._backoff_cap, self._backoff_base * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._jitter() * ceiling / 2

    def _delay_after(
        self, response: httpx.Response, attempt: int, *, method: str, url: str
    ) -> float:
        retry_after = _retry_after_seconds(response)
        if retry_after is None:
            return self._backoff(attempt)
        if retry_after > self._max_retry_after:
            # A long wait means a daily or burst quota is spent; blocking the import that long
            # helps nobody, so say so now.
            raise CrmError(
                f"{method} {url} is rate limited for the next {retry_after:g} s "
                f"(HTTP {response.status_code}, Retry-After); try again later"
            )
        return retry_after


def _is_retryable(status_code: int) -> bool:
    return status_code == httpx.codes.TOO_MANY_REQUESTS or status_code >= 500


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """The ``Retry-After`` delay in seconds, or None when absent or given as an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def read_json(response: httpx.Response) -> Any:
    """The response body as JSON, with decimals kept exact: amounts are money."""
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError as exc:
        raise CrmError(
            f"{response.request.method} {response.request.url} answered HTTP "
            f"{response.status_code} with a body that is not JSON"
        ) from exc
