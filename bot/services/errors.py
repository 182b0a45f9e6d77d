"""Why a use case refused: each error's message is written for the person who tried."""

from __future__ import annotations


class NotAllowed(Exception):
    """The person may not do this: not their item, not their rep, not their manager."""


class InvalidSubmission(ValueError):
    """The input breaks a rule the form should have caught (the service checks again)."""


class AlreadyClosed(Exception):
    """The occurrence is already done, skipped, excused or missed; there is nothing to change."""


class EditConflict(Exception):
    """Someone saved the same notes at the same moment; the later save must reload and retry."""
