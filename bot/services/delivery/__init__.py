"""The outbox, delivered: every message the bot sends is a row first, then goes out once.

``dispatcher`` claims due rows and drives the three steps; ``prepare`` decides whether a row is
still worth sending and composes it (``compose``) in one short transaction; ``ports`` is what
delivery needs from Slack; ``health`` is the outbox at a glance for ``cadence-bot status``.
"""
