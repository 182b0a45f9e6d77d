"""``cadence-bot manifest``: the Slack app manifest, for Socket Mode or for HTTP mode.

``manifest.yml`` (and ``manifest.json``, its twin for the Slack CLI) installs Cadence in Socket
Mode. With ``--http-url`` the same manifest comes out for HTTP mode: Socket Mode off and Slack's
three request URLs (slash commands, events, interactivity) pointing at ``URL/slack/events``, so
nobody edits the file by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.cli.exit_codes import file_fault, file_remedy
from bot.slack.http_server import SLACK_PATH


def register(subcommands: Any) -> None:
    parser = subcommands.add_parser(
        "manifest", help="print the Slack app manifest (Socket Mode, or HTTP with --http-url)"
    )
    parser.add_argument(
        "--http-url",
        type=_https_url,
        metavar="URL",
        help="HTTP mode: the bot's public base URL, e.g. https://cadence.example.com",
    )
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        default=Path("manifest.yml"),
        metavar="PATH",
        help="the manifest to start from (default: manifest.yml)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        manifest = yaml.safe_load(args.source.read_text(encoding="utf-8"))
    except OSError as error:
        print(
            f"{args.source}: cannot read the manifest ({error.strerror}): {file_remedy(error)}.",
            file=sys.stderr,
        )
        return file_fault(error)
    if args.http_url is not None:
        manifest = for_http(manifest, base_url=args.http_url)
    if args.format == "json":
        print(json.dumps(manifest, indent=2, ensure_ascii=False))
    else:
        print(yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True), end="")
    return 0


def for_http(manifest: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    """A copy of ``manifest`` for HTTP mode, with every request URL at ``base_url``."""
    url = base_url.rstrip("/") + SLACK_PATH
    copy: dict[str, Any] = json.loads(json.dumps(manifest))
    settings = copy["settings"]
    settings["socket_mode_enabled"] = False
    settings["event_subscriptions"]["request_url"] = url
    settings["interactivity"]["request_url"] = url
    for command in copy["features"].get("slash_commands", []):
        command["url"] = url
    return copy


def _https_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an https:// URL (Slack requires one)")
    return text
