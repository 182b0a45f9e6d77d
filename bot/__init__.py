"""Cadence: a Slack bot that runs a sales team's management operating system."""

__version__ = "0.1.0"
