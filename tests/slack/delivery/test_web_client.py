"""The sender's Web API client keeps one connection open and answers as slack_sdk does."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.simulated_slack.server import SimulatedSlack
from bot.slack.delivery.web_client import KeepAliveWebClient


@pytest.fixture
def client(fake_slack: SimulatedSlack) -> KeepAliveWebClient:
    return KeepAliveWebClient(
        token=fake_slack.token, base_url=fake_slack.base_url, timeout=2, retry_handlers=[]
    )


def test_a_run_of_calls_goes_over_one_connection(
    fake_slack: SimulatedSlack, client: KeepAliveWebClient
) -> None:
    users = [fake_slack.add_user(f"m{n}@example.com", f"Manager {n}") for n in range(5)]
    opened = fake_slack.connections_opened

    answers = [client.chat_postMessage(channel=user, text="Your forecast is due") for user in users]

    assert fake_slack.connections_opened == opened + 1
    assert [a["channel"] for a in answers] == [fake_slack.state.users[u].dm_channel for u in users]
    assert [len(fake_slack.messages_to(user)) for user in users] == [1] * 5


def test_a_429_is_slack_sdks_error_with_the_announced_wait_and_the_connection_stays(
    fake_slack: SimulatedSlack, client: KeepAliveWebClient
) -> None:
    user = fake_slack.add_user("dana@example.com", "Dana")
    client.auth_test()
    opened = fake_slack.connections_opened
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=3)

    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=user, text="hello")
    client.chat_postMessage(channel=user, text="hello")

    assert refused.value.response.status_code == 429
    assert refused.value.response.headers["Retry-After"] == "3"
    assert refused.value.response["error"] == "ratelimited"
    assert fake_slack.connections_opened == opened
    assert len(fake_slack.messages_to(user)) == 1


def test_a_slack_error_is_raised_as_slack_sdk_raises_it(
    fake_slack: SimulatedSlack, client: KeepAliveWebClient
) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="U_NOBODY", text="hello")

    assert refused.value.response["error"] == "channel_not_found"


def test_a_connection_slack_closed_while_idle_is_replaced_before_the_next_call(
    fake_slack: SimulatedSlack, client: KeepAliveWebClient
) -> None:
    user = fake_slack.add_user("dana@example.com", "Dana")
    client.chat_postMessage(channel=user, text="first")
    opened = fake_slack.connections_opened

    fake_slack.drop_connections()
    client.chat_postMessage(channel=user, text="second")

    assert fake_slack.connections_opened == opened + 1
    assert [m.text for m in fake_slack.messages_to(user)] == ["first", "second"]
