"""The files a newcomer sets Cadence up with: .env.example, the manifests, the Slack CLI hooks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def manifest_yml() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    return loaded


def test_manifest_json_is_manifest_yml() -> None:
    assert json.loads((REPO / "manifest.json").read_text(encoding="utf-8")) == manifest_yml()


def test_the_messages_tab_is_read_only() -> None:
    app_home = manifest_yml()["features"]["app_home"]

    assert app_home["messages_tab_enabled"] is True
    assert app_home["messages_tab_read_only_enabled"] is True


def test_the_http_manifest_points_every_request_url_at_the_bot(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)

    assert main(["manifest", "--http-url", "https://cadence.acme.example", "--format", "json"]) == 0

    http = json.loads(capsys.readouterr().out)
    url = "https://cadence.acme.example/slack/events"
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["event_subscriptions"]["request_url"] == url
    assert http["settings"]["interactivity"]["request_url"] == url
    assert {c["command"]: c["url"] for c in http["features"]["slash_commands"]} == {
        "/cadence": url,
        "/rate-coaching": url,
    }
    socket_mode = manifest_yml()
    assert http["oauth_config"] == socket_mode["oauth_config"]
    assert socket_mode["settings"]["socket_mode_enabled"] is True


def test_the_http_manifest_needs_an_https_url() -> None:
    with pytest.raises(SystemExit):
        main(["manifest", "--http-url", "http://cadence.acme.example"])


def test_without_a_url_the_manifest_is_the_socket_mode_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)

    assert main(["manifest"]) == 0

    assert yaml.safe_load(capsys.readouterr().out) == manifest_yml()


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (REPO / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_env_example_lists_every_setting() -> None:
    listed = set(env_example())

    assert listed == {name.upper() for name in Settings.model_fields}


def test_env_example_as_is_gives_the_defaults(tmp_path: Path) -> None:
    example = tmp_path / ".env"
    example.write_text((REPO / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")

    assert Settings(_env_file=example) == Settings(_env_file=None)


def test_the_slack_cli_gets_manifest_json_from_its_hook() -> None:
    hooks = json.loads((REPO / ".slack" / "hooks.json").read_text(encoding="utf-8"))["hooks"]

    shown = subprocess.run(
        hooks["get-manifest"], shell=True, cwd=REPO, capture_output=True, text=True, check=True
    )

    assert json.loads(shown.stdout) == manifest_yml()
    assert hooks["start"] == "sh .slack/start.sh"
