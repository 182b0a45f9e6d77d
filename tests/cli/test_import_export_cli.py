"""`cadence-bot import-actuals` and `cadence-bot export`, run in-process against a real database."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.persistence.database import create_engine_from_url
from bot.persistence.models import CoachingRating, ForecastActual
from tests.seeds.history import (
    FORMULA_TOPIC,
    ORG_CONFIG,
    SECRET_COMMENTS,
    seed_history,
    seed_org,
)

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "cadence_config.yaml"  # anonymity_threshold: 3
GOOD_CSV = (
    "manager_email,period,amount\nzoe@acme.example,2026-Q4,1000\nbo@acme.example,2026-11,20\n"
)


@pytest.fixture
def database(
    database: Callable[[Callable[[Session], object]], None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Callable[[Callable[[Session], object]], None]:
    """The migrated database, and CADENCE_CONFIG at the seeded organisation's config: the
    config is the roster every command reads."""
    (tmp_path / "cadence_config.yaml").write_text(ORG_CONFIG, encoding="utf-8")
    monkeypatch.setenv("CADENCE_CONFIG", str(tmp_path / "cadence_config.yaml"))
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    return database


@pytest.fixture
def org_config(tmp_path: Path) -> Path:
    """The seeded organisation's config: the export groups coaching results by its roster."""
    path = tmp_path / "org.yaml"
    path.write_text(ORG_CONFIG, encoding="utf-8")
    return path


def stored_actuals(url: str) -> int:
    engine = create_engine_from_url(url)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(ForecastActual)) or 0
    engine.dispose()
    return count


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q4.csv"
    path.write_text(text)
    return path


def test_import_actuals_reports_what_changed_and_a_second_run_changes_nothing(
    database: Callable[..., None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database(seed_org)
    path = write_csv(tmp_path, GOOD_CSV)

    assert main(["import-actuals", str(path)]) == 0
    assert "2 inserted, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(["import-actuals", str(path)]) == 0
    assert "0 inserted, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_a_file_with_bad_rows_prints_each_problem_by_line_and_imports_nothing(
    database: Callable[..., None],
    empty_database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    path = write_csv(tmp_path, GOOD_CSV + "nobody@acme.example,2026-Q4,5\nbo@acme.example,Q4,$5\n")

    assert main(["import-actuals", str(path)]) == 1

    err = capsys.readouterr().err
    assert f"{path}:4: nobody@acme.example is not on the roster" in err
    assert f"{path}:5: period 'Q4' is not 2026-Q4 (quarter)" in err
    assert f"{path}:5: amount '$5': remove the currency '$'" in err
    assert "Nothing imported: 3 problem(s)" in err and "--skip-bad-rows" in err
    assert stored_actuals(empty_database_url) == 0


def test_skip_bad_rows_imports_the_good_rows_and_lists_the_rest(
    database: Callable[..., None],
    empty_database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    path = write_csv(tmp_path, GOOD_CSV + "nobody@acme.example,2026-Q4,5\n")

    assert main(["import-actuals", str(path), "--skip-bad-rows"]) == 0

    captured = capsys.readouterr()
    assert f"{path}:4: nobody@acme.example is not on the roster" in captured.err
    assert "2 inserted" in captured.out
    assert stored_actuals(empty_database_url) == 2


def test_an_unmigrated_database_is_refused_naming_the_command_that_fixes_it(
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)

    csv_file = str(write_csv(tmp_path, GOOD_CSV))
    assert main(["import-actuals", csv_file, "--config", str(CONFIG)]) == 2
    assert "run `cadence-bot migrate`" in capsys.readouterr().err
    assert main(["export", "--out", str(tmp_path / "out"), str(CONFIG)]) == 2
    assert "run `cadence-bot migrate`" in capsys.readouterr().err


def test_a_missing_file_is_reported_plainly(
    database: Callable[..., None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-actuals", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv: cannot read the file" in capsys.readouterr().err


def test_a_crm_import_needs_a_period(
    database: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-actuals", "--from", "salesforce"]) == 1
    assert "--from salesforce|hubspot with --period" in capsys.readouterr().err


@pytest.fixture
def salesforce_refusing_the_token() -> Iterator[str]:
    """A local stand-in for a Salesforce org that answers 401 INVALID_SESSION_ID."""

    class Refuse(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]'
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_bad_crm_credentials_print_the_setting_to_fix_without_a_traceback(
    database: Callable[..., None],
    salesforce_refusing_the_token: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_org)
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", salesforce_refusing_the_token)
    monkeypatch.setenv("SALESFORCE_ACCESS_TOKEN", "00Dxx!SECRET-TOKEN")

    assert main(["import-actuals", "--from", "salesforce", "--period", "2026-Q4"]) == 2

    err = capsys.readouterr().err
    assert "Salesforce rejected the access token (INVALID_SESSION_ID" in err
    assert "set SALESFORCE_ACCESS_TOKEN" in err
    assert "Traceback" not in err and "SECRET-TOKEN" not in err


def test_export_writes_csv_files_that_parse_back_and_keep_ratings_private(
    database: Callable[..., None],
    org_config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database(seed_history)
    out = tmp_path / "export"

    assert main(["export", "--out", str(out), str(org_config)]) == 0

    printed = capsys.readouterr().out
    tables: dict[str, list[dict[str, str]]] = {}
    for path in sorted(out.iterdir()):
        with path.open(encoding="utf-8-sig", newline="") as file:
            tables[path.name] = list(csv.DictReader(file))
        assert f"{path}: {len(tables[path.name])} row(s)" in printed
    assert len(tables) == 6
    topics = [r["topics"] for r in tables["meeting_notes.csv"] if r["meeting"] == "one_on_one"]
    assert topics == ["'" + FORMULA_TOPIC]
    for row in tables["coaching_results.csv"]:
        assert row["responses"] == "not enough responses" or int(row["responses"]) >= 3
    everything = "".join(path.read_text(encoding="utf-8-sig") for path in out.iterdir())
    assert not any(comment in everything for comment in SECRET_COMMENTS)


def answers(
    zoe_id: int, rep_ids: list[int], period_start: date, *said_yes: bool
) -> list[CoachingRating]:
    """Zoë's reps' answers for ``period_start``, in order, scored 2, 3, 4."""
    return [
        CoachingRating(
            rep_id=rep_id,
            manager_id=zoe_id,
            period_start=period_start,
            received_coaching=yes,
            usefulness=2 + i if yes else None,
            submitted_at=datetime.now(UTC),
        )
        for i, (rep_id, yes) in enumerate(zip(rep_ids, said_yes, strict=False))
    ]


def test_two_exports_around_one_more_answer_this_month_show_the_same_coaching_results(
    database: Callable[..., None],
    org_config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    today = datetime.now(UTC).date()
    this_month, long_ago = today.replace(day=1), (today - timedelta(days=95)).replace(day=1)
    ids: dict[str, int] = {}

    def seed(session: Session) -> None:
        org = seed_org(session)
        ids.update({"zoe": org.zoe.id} | {f"rep{i}": r.id for i, r in enumerate(org.zoe_reps)})
        session.add_all(answers(org.zoe.id, zoe_reps(), long_ago, True, False, True))
        session.add_all(answers(org.zoe.id, zoe_reps(), this_month, True, False))

    def zoe_reps() -> list[int]:
        return [ids[f"rep{i}"] for i in range(3)]

    def coaching_results(out: Path) -> list[dict[str, str]]:
        assert main(["export", "--out", str(out), str(org_config)]) == 0
        with (out / "coaching_results.csv").open(encoding="utf-8-sig", newline="") as file:
            return list(csv.DictReader(file))

    database(seed)
    before = coaching_results(tmp_path / "before")
    third = answers(ids["zoe"], zoe_reps(), this_month, True, False, True)[2]
    database(lambda session: session.add(third))
    after = coaching_results(tmp_path / "after")
    capsys.readouterr()

    # This month still takes answers: shown, 2 → 3 answers would give the third one away.
    assert before == after
    assert {row["period_start"] for row in after} == {long_ago.isoformat()}
    zoe = next(row for row in after if row["manager"] == "zoe@acme.example")
    assert (zoe["responses"], zoe["received_coaching_share"]) == ("3", "0.67")
