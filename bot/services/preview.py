"""What the bot would send in a window — the plan, flattened into rows a person can read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.messages import MessagePurpose
from bot.domain.operating_system import OperatingSystem
from bot.domain.planning import PlannedOccurrence
from bot.domain.recurrence import to_local
from bot.domain.schedule import digests_between, occurrences_between

DIGEST = "digest"
# An excused occurrence sends nothing; preview shows it under this name instead of a purpose.
EXCUSED = "excused"


@dataclass(frozen=True)
class PreviewRow:
    cadence: str
    kind: str
    # None for an excused occurrence: nothing is sent, the row says why nothing comes.
    purpose: MessagePurpose | None
    recipient: str
    subject: str
    counterpart: str | None
    at_utc: datetime
    tz: str

    @property
    def at_local(self) -> datetime:
        return to_local(self.at_utc, self.tz)

    @property
    def purpose_name(self) -> str:
        return EXCUSED if self.purpose is None else self.purpose.value

    def as_json(self) -> dict[str, str | None]:
        return {
            "cadence": self.cadence,
            "kind": self.kind,
            "purpose": self.purpose_name,
            "recipient": self.recipient,
            "subject": self.subject,
            "counterpart": self.counterpart,
            "at_utc": self.at_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "at_local": self.at_local.isoformat(),
            "tz": self.tz,
        }


def _row(
    occ: PlannedOccurrence, purpose: MessagePurpose | None, recipient: str, at: datetime, tz: str
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
    operating_system: OperatingSystem, *, start: datetime, end: datetime, person: str | None = None
) -> list[PreviewRow]:
    """Rows for every message (and every excused occurrence) in [start, end), by ``at_utc``."""
    rows: list[PreviewRow] = []
    for occ in occurrences_between(operating_system, start=start, end=end):
        if occ.excused:
            rows.append(_row(occ, None, occ.subject, occ.opens_at, occ.tz))
        rows.extend(_row(occ, m.purpose, m.recipient, m.at, m.tz) for m in occ.messages)
    for digest in digests_between(operating_system, start=start, end=end):
        rows.append(
            PreviewRow(
                cadence=DIGEST,
                kind=DIGEST,
                purpose=MessagePurpose.DIGEST,
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
        key=lambda r: (r.at_utc, r.recipient, r.cadence, r.purpose_name),
    )
