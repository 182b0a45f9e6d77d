#!/bin/sh
# The Slack CLI's `start` hook (`slack run`): Cadence in Socket Mode with the tokens of the app
# the CLI installed, which it passes as SLACK_CLI_XOXB and SLACK_CLI_XAPP. Uses `cadence-bot`
# from PATH, or installs it into ./.venv the first time (system Python may be externally managed).
set -eu
: "${SLACK_CLI_XOXB:?run this through the Slack CLI: slack run}"
: "${SLACK_CLI_XAPP:?run this through the Slack CLI: slack run}"
export SLACK_BOT_TOKEN="$SLACK_CLI_XOXB" SLACK_APP_TOKEN="$SLACK_CLI_XAPP"
# A local run starts on whatever database is there: migrate it rather than refuse.
export AUTO_MIGRATE="${AUTO_MIGRATE:-true}"
if command -v cadence-bot >/dev/null 2>&1; then
  exec cadence-bot serve
fi
if [ ! -x .venv/bin/cadence-bot ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet .
fi
exec .venv/bin/cadence-bot serve
