"""Delivery's Slack side: the notifier that posts and edits DMs, the digest's chart upload, and
``render``, which turns a message's facts into Block Kit via ``bot.slack.blocks``."""
