""" "Details" on a manager's row of the weekly digest opens that manager's detail modal;
"See all managers" under a large subtree's digest opens the list of every manager.

The digest is rebuilt for whoever clicked, so the button is no permission of its own: only a
leader whose subtree contains the manager sees the modal; anyone else is told so, politely.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.services.digests import digest_for_detail, digest_for_leader
from bot.slack.blocks.digest import AllManagersRef, ManagerDetailRef
from bot.slack.blocks.digest_detail import all_managers_modal, manager_detail_modal
from bot.slack.ids import ActionId
from bot.slack.listeners.acting import container_of, person_of
from bot.slack.listeners.replies import run_or_tell


def open_manager_detail(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        ref = ManagerDetailRef.decode(str(action.get("value") or ""))
        digest = digest_for_detail(
            session,
            container.operating_system,
            leader_email=person.email,
            manager_email=ref.manager,
            week_start=ref.week_start,
            now=container.clock(),
        )
        names = {p.email: p.name for p in container.operating_system.roster}
        return manager_detail_modal(digest, ref.manager, rep_names=names)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        # The trigger_id expires 3 s after the click: open the modal before anything else.
        client.views_open(trigger_id=body["trigger_id"], view=view)


def open_all_managers(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    container, person = container_of(context), person_of(context)

    def build(session: Session) -> View:
        ref = AllManagersRef.decode(str(action.get("value") or ""))
        digest = digest_for_leader(
            session,
            container.operating_system,
            leader_email=person.email,
            week_start=ref.week_start,
            now=container.clock(),
        )
        return all_managers_modal(digest)

    view = run_or_tell(client, body, container, build)
    if view is not None:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(ActionId.MANAGER_DETAIL)(open_manager_detail)
    app.action(ActionId.ALL_MANAGERS)(open_all_managers)
