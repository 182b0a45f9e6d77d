"""Where a test's world comes from: one package of seeds, each a layer above the one before.

- ``org``: a small operating system as plain domain objects, no database (domain rules, the
  schedule engine).
- ``synced``: that kind of organisation synced into the test database, no Slack (planner,
  closer, re-plan).
- ``team``: a team with one open item of each kind, rows written directly (services that close,
  snooze or skip an item; listeners).
- ``outbox``: a small organisation with its outbox filled (the dispatcher and delivery).
- ``history``: a week of history for a small organisation (imports and exports).
- ``quarter``: a quarter of history for the example ``cadence_config.yaml`` (the digest, coaching
  and adherence over time).
- ``slack_people``: names and contexts for the Block Kit builders, no database.

Start from the lowest layer that gives the test its situation; add to a seed rather than writing
a seventh.
"""
