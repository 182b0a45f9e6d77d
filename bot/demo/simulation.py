"""A demo run: the real app, a simulated workspace and its people, on a virtual clock.

Every step of `STEP` the clock moves on and the app's own ticks run — plan, close, digest,
dispatch — exactly the functions ``serve``'s clock calls. Between steps the people act when
their habits say: each new DM is read, and what it asks for is answered later, through
`Hands`. Actuals arrive after each month ends, through the CSV importer.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.bootstrap import Container, bootstrap
from bot.demo import modal_answers
from bot.demo.acting import Did, Hands, InlineExecutor
from bot.demo.clock import VirtualClock
from bot.demo.people import Habit, SimulatedPerson, cast
from bot.domain.cadence import Kind
from bot.domain.recurrence import monday_of, to_local
from bot.domain.roster import Role
from bot.persistence.migrate import upgrade
from bot.persistence.repositories import outbox
from bot.scheduling.dispatch_worker import slack_dispatcher
from bot.scheduling.refresh import OperatingSystemRefresh
from bot.scheduling.ticks import Tick, Ticks, cadence_ticks
from bot.services.actuals_import import import_actuals, parse_actuals_csv
from bot.settings import Settings
from bot.simulated_slack import SimulatedSlack
from bot.simulated_slack.state import Message, Refusal, Shown
from bot.slack.after_ack import AfterAck
from bot.slack.app import create_app
from bot.slack.directory import SlackDirectory
from bot.slack.ids import ActionId, InvalidReference, PrivateMetadata

SECRET = "cadence-demo-signing-secret"
STEP = timedelta(minutes=15)
DATABASE_FILE = "cadence-demo.db"
_DATE_TOKEN = re.compile(r"<!date\^(\d+)\^")
# What a month's bookings come to, against the manager's usual weekly commit.
BOOKED = {
    Habit.RELIABLE: 4.3,
    Habit.LATE: 3.2,
    Habit.SKIPS: 4.0,
    Habit.AWAY: 3.9,
    Habit.OVER_REPORTS: 4.6,
}

Progress = Callable[[datetime], None]


@dataclass(frozen=True)
class DemoResult:
    database_path: Path
    begin: datetime
    end: datetime
    people: dict[str, SimulatedPerson]
    slack_ids: dict[str, str]
    timeline: list[Shown]
    journal: list[Did]
    refusals: list[Refusal]
    # The ts of every message the workspace holds at the end: what Slack accepted.
    accepted: frozenset[str]
    # The week each leader's last digest was sent in (a Monday, their zone).
    digest_weeks: dict[str, date] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_path}"

    @property
    def rate_limited(self) -> int:
        return sum(1 for refusal in self.refusals if refusal.error == "ratelimited")

    @property
    def rejected(self) -> list[Refusal]:
        """What the workspace refused outright: a payload real Slack would refuse too."""
        return [refusal for refusal in self.refusals if refusal.error != "ratelimited"]


@dataclass(order=True)
class _Planned:
    at: datetime
    serial: int
    act: Callable[[], None] = field(compare=False)


class Simulation:
    def __init__(
        self,
        container: Container,
        slack: SimulatedSlack,
        clock: VirtualClock,
        *,
        seed: int,
        out: Path,
    ) -> None:
        self.container = container
        self.slack = slack
        self.clock = clock
        self.out = out
        self.operating_system = container.operating_system
        self.people = cast(self.operating_system.roster, seed=seed)
        self.slack_ids = {
            person.email: slack.add_user(person.email, person.name, tz=person.timezone)
            for person in self.operating_system.roster
        }
        self.emails = {user_id: email for email, user_id in self.slack_ids.items()}
        managers = [p for p in self.people.values() if p.is_manager]
        self.forecast_base = {p.email: Decimal(p.rng.randrange(60, 200) * 1000) for p in managers}
        # As serve starts: the roster synced from the workspace before the app takes requests.
        refresh = OperatingSystemRefresh(container, directory=SlackDirectory(container.slack))
        refresh(clock())
        self.hands = Hands(
            create_app(
                container, listener_executor=InlineExecutor(), after_ack=AfterAck(threads=0)
            ),
            slack,
            SECRET,
            clock,
            self.slack_ids,
        )
        dispatcher = slack_dispatcher(
            container.settings,
            container.sessions,
            operating_system=lambda: container.operating_system,
            sleep=clock.sleep,
            monotonic=clock.seconds,
            # One call at a time: a run on the virtual clock reads the same every time.
            in_flight=1,
        )
        self.ticks: Ticks = cadence_ticks(container, dispatcher=dispatcher, refresh=refresh)
        self._queue: list[_Planned] = []
        self._serial = itertools.count()
        self._read = 0  # timeline entries already read by the people
        self._answered: set[tuple[str, int]] = set()  # (email, occurrence id)
        self._mistaken: set[tuple[str, str]] = set()  # (email, what): one wrong try each

    # --- the run ----------------------------------------------------------------------------

    def run(self, begin: datetime, end: datetime, *, progress: Progress) -> None:
        """Jump from one moment something happens to the next, running the ticks due then.

        ``serve`` ticks on the wall clock (plan every 15 minutes, dispatch every 5 seconds);
        here time jumps, so each tick runs when it has work: dispatch whenever a message falls
        due or someone acted, digest every hour, close every three hours (windows close at the
        next period's opening, long after their last nudge), plan (with the config reload and
        roster sync) every day — its 14-day horizon keeps the outbox filled well ahead.
        """
        self._plan_the_weeks(begin, end)
        hourly, daily = begin, begin
        while (moment := self._next_moment(hourly, end)) <= end:
            self.clock.move_to(moment)
            if moment >= daily:
                self._run(self.ticks.plan)
                daily += timedelta(days=1)
            if moment >= hourly:
                if hourly.hour % 3 == 0:
                    self._run(self.ticks.close)
                self._run(self.ticks.digest)
                hourly += timedelta(hours=1)
            while self._queue and self._queue[0].at <= moment:
                heapq.heappop(self._queue).act()
            self._run(self.ticks.dispatch)
            self._read_new_messages()
            progress(self.clock())

    def _next_moment(self, hourly: datetime, end: datetime) -> datetime:
        now = self.clock()
        candidates = [hourly, end + timedelta(microseconds=1)]
        if self._queue:
            candidates.append(self._queue[0].at)
        with self.container.unit_of_work() as uow:
            due = outbox.oldest_due(uow.session, now=end)
        if due is not None:
            # A message the sender could not take yet is looked at again 5 s later, as serve does.
            candidates.append(max(due, now + timedelta(seconds=5)))
        return max(min(candidates), now)

    def _run(self, tick: Tick | None) -> None:
        if tick is not None:
            tick(self.clock())

    def at(self, moment: datetime, act: Callable[[], None]) -> None:
        heapq.heappush(self._queue, _Planned(moment, next(self._serial), act))

    # --- what happens on the calendar -------------------------------------------------------

    def _plan_the_weeks(self, begin: datetime, end: datetime) -> None:
        mondays = [monday_of(begin.date()) + timedelta(weeks=n) for n in range(0, 60)]
        mondays = [m for m in mondays if datetime.combine(m, time(0), UTC) <= end]
        for person in self.people.values():
            if person.is_manager or person.is_leader:
                for monday in mondays:
                    moment = _local(monday, time(10, 30), person.timezone)
                    if begin <= moment <= end:
                        self.at(moment, self._home_visit(person.email))
            if person.habit is Habit.AWAY:
                self._plan_time_off(person, begin, end)
        month = date(begin.year, begin.month, 1)
        while (month := _next_month(month)) <= end.date():
            self.at(datetime.combine(month, time(6), UTC), self._bookings(_previous_month(month)))

    def _home_visit(self, email: str) -> Callable[[], None]:
        return lambda: self.hands.open_home(email)

    def _bookings(self, month: date) -> Callable[[], None]:
        return lambda: self._book_actuals(month)

    def _plan_time_off(self, person: SimulatedPerson, begin: datetime, end: datetime) -> None:
        # The run begins the day before its first Monday, for zones ahead of UTC.
        first_monday = monday_of(begin.date() + timedelta(days=1))
        away_week = first_monday + timedelta(weeks=1)
        if _local(away_week + timedelta(days=4), time(17), person.timezone) > end:
            away_week = first_monday + timedelta(days=2)
        said_at = max(begin, _local(first_monday, time(8, 30), person.timezone))
        friday = monday_of(away_week) + timedelta(days=4)
        text = f"away {away_week.isoformat()} {friday.isoformat()}"
        self.at(said_at, lambda: self._say(person.email, "/cadence", text))

    def _say(self, email: str, command: str, text: str) -> None:
        self.hands.command(email, command, text)

    def _book_actuals(self, month: date) -> None:
        """The month's bookings per manager, imported as an admin would: a CSV file."""
        path = self.out / f"actuals-{month:%Y-%m}.csv"
        lines = ["manager_email,period,amount"]
        for email, base in self.forecast_base.items():
            person = self.people[email]
            factor = BOOKED.get(person.habit or Habit.RELIABLE, 4.0) * person.rng.uniform(0.9, 1.1)
            lines.append(f"{email},{month:%Y-%m},{int(base * Decimal(factor))}")
        path.write_text("\n".join(lines) + "\n")
        with self.container.unit_of_work() as uow:
            import_actuals(uow.session, parse_actuals_csv(path), now=self.clock())

    # --- reading DMs and answering them -----------------------------------------------------

    def _read_new_messages(self) -> None:
        timeline = self.slack.state.timeline
        new, self._read = timeline[self._read :], len(timeline)
        for shown in new:
            if shown.kind != "message" or shown.user_id not in self.emails:
                continue
            person = self.people[self.emails[shown.user_id]]
            for action_id, value in _buttons(shown.content.get("blocks") or []):
                self._react(person, shown, ActionId(action_id), value)

    def _react(self, person: SimulatedPerson, shown: Shown, action: ActionId, value: str) -> None:
        seen = datetime.fromtimestamp(shown.at, UTC)
        rng = person.rng
        if action is ActionId.ADJUST_FORECAST and person.adjusts_forecast:
            when = seen + timedelta(minutes=rng.randint(45, 180))
            self.at(when, lambda: self._fill(person, shown.ts, action, value))
            return
        try:
            reference = PrivateMetadata.decode(value)
        except InvalidReference:
            return
        occurrence = reference.occurrence_id
        if occurrence is None or (person.email, occurrence) in self._answered:
            return
        self._answered.add((person.email, occurrence))
        if action is ActionId.RATE_COACHING:
            if rng.random() < person.rates_coaching:
                when = seen + timedelta(hours=rng.uniform(1, 20))
                self.at(when, lambda: self._fill(person, shown.ts, action, value))
        elif action is ActionId.OPEN_FORM and person.is_manager:
            self._answer_nudge(person, shown, value, reference, seen)

    def _answer_nudge(
        self,
        person: SimulatedPerson,
        shown: Shown,
        value: str,
        reference: PrivateMetadata,
        seen: datetime,
    ) -> None:
        rng = person.rng
        cadence = self.operating_system.cadence(reference.cadence_id or "")
        kind = cadence.kind if cadence else None
        due = _due_in(shown.content, value)
        fill = ActionId.OPEN_FORM
        if person.habit is Habit.LATE and due is not None:
            if rng.random() < 0.5:
                snooze_at = seen + timedelta(minutes=10)
                self.at(snooze_at, lambda: self._snooze(person, shown.ts, value))
            when = due + timedelta(hours=rng.uniform(16, 26))
        elif person.habit is Habit.SKIPS and kind in (Kind.ONE_ON_ONE, Kind.TEAM_MEETING):
            if rng.random() < 0.5:
                fill = ActionId.SKIP
            when = seen + timedelta(minutes=rng.randint(30, 90))
        else:
            when = seen + timedelta(minutes=rng.randint(20, 120))
        self.at(when, lambda: self._fill(person, shown.ts, fill, value))

    def _snooze(self, person: SimulatedPerson, ts: str | None, value: str) -> None:
        message = self._message_with(person, ActionId.SNOOZE, value, ts)
        if message is None:
            return
        block_id = _block_with(message.blocks, ActionId.OPEN_FORM, value)
        element = _element(message, ActionId.SNOOZE, block_id=block_id)
        options = [o["value"] for o in element.get("options", [])]
        if options:
            self.hands.click(
                person.email,
                message,
                ActionId.SNOOZE,
                label="Snooze",
                option=options[0],
                block_id=block_id,
            )

    def _fill(self, person: SimulatedPerson, ts: str | None, action: ActionId, value: str) -> None:
        """Click the DM's button, then fill in and submit the modal it opens."""
        message = self._message_with(person, action, value, ts)
        if message is None:
            return  # done, cancelled or gone: nothing left to click
        block_id = _block_with(message.blocks, action, value)
        label = _label(_element(message, action, block_id=block_id))
        start = self.hands.click(person.email, message, action, label=label, block_id=block_id)
        modal = self._modal_since(start, self.slack_ids[person.email])
        if modal is None:
            return
        today = to_local(self.clock(), person.timezone).date()
        base = self.forecast_base.get(person.email, Decimal(100_000))
        what = str(modal.get("callback_id"))
        mistake = person.habit in (Habit.LATE, Habit.SKIPS) and (person.email, what) not in (
            self._mistaken
        )
        answers = modal_answers.answers(
            person, modal, today=today, forecast_base=base, mistake=mistake
        )
        errors = self.hands.submit(person.email, modal, answers)
        if errors:
            self._mistaken.add((person.email, what))
            answers = modal_answers.answers(person, modal, today=today, forecast_base=base)
            self.hands.submit(person.email, modal, answers)

    def _message_with(
        self, person: SimulatedPerson, action: ActionId, value: str, ts: str | None
    ) -> Message | None:
        """The newest DM that still offers ``action`` with ``value`` (a reminder, or the
        nudge itself), or the message ``ts`` for a digest."""
        channel = "D" + self.slack_ids[person.email][1:]
        for message in reversed(self.slack.state.messages_in(channel)):
            offers = any(a == action and v == value for a, v in _buttons(message.blocks))
            if offers and (action is not ActionId.ADJUST_FORECAST or message.ts == ts):
                return message
        return None

    def _modal_since(self, start: int, user_id: str) -> dict[str, Any] | None:
        for shown in self.slack.state.timeline[start:]:
            if shown.user_id == user_id and shown.kind == "modal":
                view = self.slack.state.views.get(str(shown.content.get("id")))
                return view.view if view is not None else None
        return None


# --- running it -------------------------------------------------------------------------------


def run_demo(
    config: Path, *, weeks: int, seed: int, out: Path, start: date, progress: Progress
) -> DemoResult:
    """Simulate ``weeks`` weeks from the Monday ``start`` into a fresh database in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    database = (out / DATABASE_FILE).resolve()
    database.unlink(missing_ok=True)
    begin = datetime.combine(monday_of(start) - timedelta(days=1), time(12), UTC)
    end = datetime.combine(monday_of(start) + timedelta(weeks=weeks, days=1), time(23), UTC)
    clock = VirtualClock(begin)
    with SimulatedSlack(clock=clock.seconds) as slack:
        slack.state.strict_triggers = True
        slack.apply_slack_rate_limits()
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{database}",
            cadence_config=config,
            slack_bot_token=SecretStr(slack.token),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_base_url=slack.base_url,
        )
        upgrade(settings.database_url)
        container = bootstrap(settings, clock=clock)
        try:
            simulation = Simulation(container, slack, clock, seed=seed, out=out)
            simulation.run(begin, end, progress=progress)
        finally:
            container.engine.dispose()
        leaders = [p for p in simulation.people.values() if Role.LEADER in p.roles]
        return DemoResult(
            database_path=database,
            begin=begin,
            end=end,
            people=simulation.people,
            slack_ids=simulation.slack_ids,
            timeline=list(slack.state.timeline),
            journal=list(simulation.hands.journal),
            refusals=list(slack.state.refusals),
            accepted=frozenset(m.ts for m in slack.state.messages),
            digest_weeks={p.email: monday_of(to_local(end, p.timezone).date()) for p in leaders},
        )


# --- reading Block Kit ------------------------------------------------------------------------


def _buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(action id, value) of every Cadence element in ``blocks`` that carries a value."""
    found = []
    known = {a.value for a in ActionId}
    for block in blocks:
        elements = [*(block.get("elements") or []), block.get("accessory") or {}]
        for element in elements:
            action_id = element.get("action_id")
            if action_id in known:
                found.append((str(action_id), str(element.get("value", ""))))
    return found


def _block_with(blocks: list[dict[str, Any]], action: ActionId, value: str) -> str | None:
    """The block holding ``action`` with ``value``: one item's buttons in a merged DM."""
    for block in blocks:
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("action_id") == action and str(element.get("value", "")) == value:
                return str(block.get("block_id"))
    return None


def _element(message: Message, action: ActionId, *, block_id: str | None = None) -> dict[str, Any]:
    for block in message.blocks:
        if block_id is not None and block.get("block_id") != block_id:
            continue
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            if element.get("action_id") == action:
                return dict(element)
    return {}


def _label(element: dict[str, Any]) -> str:
    return str((element.get("text") or {}).get("text") or element.get("action_id", ""))


def _due_in(content: dict[str, Any], value: str) -> datetime | None:
    """The first date a nudge shows — what it says is due — as an instant; in a merged DM,
    the date shown just above the buttons carrying ``value``."""
    blocks: list[dict[str, Any]] = content.get("blocks") or []
    at = next((n for n, b in enumerate(blocks) if _block_with([b], ActionId.OPEN_FORM, value)), 0)
    found = _DATE_TOKEN.search(json.dumps(blocks[max(at - 1, 0) : at + 1])) or _DATE_TOKEN.search(
        json.dumps(blocks)
    )
    return datetime.fromtimestamp(int(found.group(1)), UTC) if found else None


def _local(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, ZoneInfo(tz)).astimezone(UTC)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
