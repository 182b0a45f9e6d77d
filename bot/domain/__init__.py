"""Pure business rules: no Slack, no SQL, no scheduler, no clock (``now`` is always a parameter)."""
