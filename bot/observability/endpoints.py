"""``GET /healthz``, ``/readyz`` and ``/metrics`` as a WSGI app, for both transports.

HTTP mode mounts it beside Slack's endpoint; Socket Mode, which needs no public endpoint,
serves it alone on ``PORT`` so a load balancer, Kubernetes or Docker can still probe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from wsgiref.types import StartResponse, WSGIEnvironment

from bot.bootstrap import Container
from bot.observability.metrics import CONTENT_TYPE, OutboxCollector, exposition
from bot.observability.probes import Probes, SlackAuth, database_problem

HEALTH_PATH, READY_PATH, METRICS_PATH = "/healthz", "/readyz", "/metrics"
PATHS = frozenset({HEALTH_PATH, READY_PATH, METRICS_PATH})


class OperatorEndpoints:
    def __init__(self, probes: Probes, *, outbox: OutboxCollector | None = None) -> None:
        self._probes, self._outbox = probes, outbox

    def handles(self, environ: WSGIEnvironment) -> bool:
        return environ.get("PATH_INFO") in PATHS and environ.get("REQUEST_METHOD") == "GET"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not self.handles(environ):
            return _reply(start_response, "404 Not Found", b"not found\n", "text/plain")
        path = environ["PATH_INFO"]
        if path == HEALTH_PATH:
            # Alive: the process answers and reaches its database (no Slack call here).
            problem = database_problem(self._probes.engine)
            status = "200 OK" if problem is None else "503 Service Unavailable"
            return _json(
                start_response, status, {"ok": problem is None, "database": problem or "ok"}
            )
        if path == READY_PATH:
            readiness = self._probes.readiness()
            status = "200 OK" if readiness.ready else "503 Service Unavailable"
            return _json(start_response, status, {"ok": readiness.ready, **readiness.checks})
        return _reply(start_response, "200 OK", exposition(self._outbox), CONTENT_TYPE)


def _json(start_response: StartResponse, status: str, body: dict[str, object]) -> list[bytes]:
    return _reply(start_response, status, json.dumps(body).encode(), "application/json")


def _reply(
    start_response: StartResponse, status: str, body: bytes, content_type: str
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def operator_endpoints(
    container: Container, *, scheduler_alive: Callable[[], bool] | None = None
) -> OperatorEndpoints:
    """The probes and metrics of this process, reading the container's database and Slack."""
    probes = Probes(
        engine=container.engine,
        slack=SlackAuth(container.slack),
        scheduler_alive=scheduler_alive,
    )
    return OperatorEndpoints(probes, outbox=OutboxCollector(container.sessions, container.clock))
