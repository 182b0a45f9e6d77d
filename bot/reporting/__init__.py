"""Presentations of the digest outside Slack's Block Kit: the chart image and plain text."""
