"""Block Kit builders and modal-submission parsers: plain data in, Slack payloads out."""
