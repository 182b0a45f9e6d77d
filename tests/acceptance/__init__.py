"""Acceptance tests: Cadence end to end, from the config to Slack and back, as people use it."""
