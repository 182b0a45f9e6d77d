"""Moved to ``time_off``, the one repository of the ``time_off`` table.

Kept only until ``bot.services.time_away`` imports ``time_off`` instead; then delete it.
"""

from bot.persistence.repositories.time_off import covering, declare, ending_after

__all__ = ["covering", "declare", "ending_after"]
