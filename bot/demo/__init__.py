"""``cadence-bot demo``: the real bot for a few simulated weeks, against the simulated Slack.

The app is wired as ``serve`` wires it — the same Bolt listeners, planner, outbox dispatcher,
closer and digest ticks — but time is a `VirtualClock` the simulation moves, and the people are
simulated: they only act through signed requests into the app, from what Slack showed them.
"""
