"""What the bot would send in a window — the plan, flattened into rows a person can read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.digest_schedule import digests_between
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedOccurrence, Purpose
from bot.domain.recurrence import to_local
from bot.domain.schedule import occurrences_between

DIGEST = "digest"


@dataclass(frozen=True)
class PreviewRow:
    cadence: str
    kind: str
    purpose: Purpose
    recipient: str
    subject: str
    counterpart: str | None
    at_utc: datetime
    tz: str

    @property
    def at_local(self) -> datetime:
        return to_local(self.at_utc, self.tz)

    def as_json(self) -> dict[str, str | None]:
        return {
            "cadence": self.cadence,
            "kind": self.kind,
            "purpose": self.purpose.value,
            "recipient": self.recipient,
            "subject": self.subject,
            "counterpart": self.counterpart,
            "at_utc": self.at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "at_local": self.at_local.isoformat(),
            "tz": self.tz,
        }


def _row(
    occ: PlannedOccurrence, purpose: Purpose, recipient: str, at: datetime, tz: str
) -> PreviewRow:
    return PreviewRow(
        cadence=occ.cadence_id,
        kind=occ.kind.value,
        purpose=purpose,
        recipient=recipient,
        subject=occ.subject,
        counterpart=occ.counterpart,
        at_utc=at,
        tz=tz,
    )


def preview(
    os: OperatingSystem, *, start: datetime, end: datetime, person: str | None = None
) -> list[PreviewRow]:
    """Rows for every message (and every excused occurrence) in [start, end), by ``at_utc``."""
    rows: list[PreviewRow] = []
    for occ in occurrences_between(os, start=start, end=end):
        if occ.excused:
            rows.append(_row(occ, Purpose.EXCUSED, occ.subject, occ.opens_at, occ.tz))
        rows.extend(_row(occ, m.purpose, m.recipient, m.at, m.tz) for m in occ.messages)
    for digest in digests_between(os, start=start, end=end):
        rows.append(
            PreviewRow(
                cadence=DIGEST,
                kind=DIGEST,
                purpose=Purpose.DIGEST,
                recipient=digest.leader,
                subject=digest.leader,
                counterpart=None,
                at_utc=digest.at,
                tz=digest.tz,
            )
        )
    wanted = person.lower() if person else None
    return sorted(
        (r for r in rows if start <= r.at_utc < end and (wanted is None or r.recipient == wanted)),
        key=lambda r: (r.at_utc, r.recipient, r.cadence, r.purpose.value),
    )
