"""The environment's faults and the admin's mistakes end in one line on stderr and a documented
exit code (1 a mistake, 2 the environment); the traceback shows only with ``--debug``."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.cli.exit_codes import ExitCode, explain
from bot.persistence.migrate import upgrade
from bot.simulated_slack import SimulatedSlack

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "cadence_config.yaml"


def a_rep() -> str:
    people = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["people"]
    leads = {p.get("reports_to") for p in people}
    return next(p["email"] for p in people if p["email"] not in leads)


def closed_port_url() -> str:
    """A local URL nothing listens on: Slack (or a database) that cannot be reached."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


@pytest.fixture
def env(
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    fake_slack: SimulatedSlack,
) -> str:
    """A migrated database, the example config and the simulated Slack, all reachable."""
    monkeypatch.chdir(tmp_path)  # no stray .env
    upgrade(empty_database_url)
    settings = {
        "DATABASE_URL": empty_database_url,
        "CADENCE_CONFIG": str(CONFIG),
        "SLACK_BOT_TOKEN": fake_slack.token,
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_BASE_URL": fake_slack.base_url,
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    return empty_database_url


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def unreachable_database(url: str, tmp_path: Path) -> str:
    if make_url(url).get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'cadence.db'}"
    return "postgresql+psycopg://postgres@127.0.0.1:1/cadence?connect_timeout=2"


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("command", [["sync"], ["serve"]])
def test_slack_unreachable_is_one_line_naming_the_fix(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_API_BASE_URL", closed_port_url())

    assert main(command) == ExitCode.ENVIRONMENT

    line = one_line(capsys)
    assert "Cannot reach Slack at http://127.0.0.1:" in line
    assert "SLACK_API_BASE_URL" in line


@pytest.mark.parametrize("command", [["status"], ["sync"], ["migrate"]])
def test_database_unreachable_is_one_line_naming_the_fix(
    env: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", unreachable_database(env, tmp_path))

    assert main(command) == ExitCode.ENVIRONMENT

    line = one_line(capsys)
    assert "Cannot use the database at" in line and "check DATABASE_URL" in line


@pytest.mark.usefixtures("env")
def test_an_unknown_revision_is_the_admins_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--revision", "nosuch"]) == ExitCode.USER_MISTAKE

    line = one_line(capsys)
    assert "'nosuch'" in line and "without --revision" in line


@pytest.mark.usefixtures("env")
def test_a_digest_for_someone_who_leads_nobody_is_the_admins_mistake(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rep = a_rep()

    assert main(["digest", "--leader", rep, "--dry-run"]) == ExitCode.USER_MISTAKE

    assert f"{rep} leads nobody" in one_line(capsys)


@pytest.fixture
def crm_answering(request: pytest.FixtureRequest) -> Iterator[str]:
    """A local stand-in for a CRM whose every answer is ``request.param`` (JSON)."""
    body = json.dumps(request.param).encode()

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._answer()

        def _answer(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "crm_answering",
    [{"unexpected": True}, [], {"records": [{"Amount": 5}], "done": True}],
    indirect=True,
)
def test_a_crm_answer_without_the_expected_fields_is_one_line(
    crm_answering: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", crm_answering)
    monkeypatch.setenv("SALESFORCE_ACCESS_TOKEN", "00Dxx!SECRET")

    code = main(["import-actuals", "--from", "salesforce", "--period", "2026-Q4"])

    assert code == ExitCode.ENVIRONMENT
    line = one_line(capsys)
    assert "Salesforce answered without the expected fields" in line
    assert "SECRET" not in line


@pytest.mark.usefixtures("env")
def test_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_API_BASE_URL", closed_port_url())

    assert main(["sync", "--debug"]) == ExitCode.ENVIRONMENT

    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.strip().splitlines()[-1].startswith("cadence-bot: Cannot reach Slack")


def test_a_mistyped_command_is_a_mistake_not_an_environment_fault() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["no-such-command"])

    assert exit_.value.code == ExitCode.USER_MISTAKE


# Every command that reads the database; `demo` brings its own, check-config and preview none.
DATABASE_COMMANDS = [
    ["migrate"],
    ["status"],
    ["serve"],
    ["sync"],
    ["plan"],
    ["import-actuals", "--from", "salesforce", "--period", "2026-Q4"],
    ["import-targets", "--from", "salesforce", "--period", "2026-Q4"],
    ["export", "--out", "out"],
    ["review", "--leader", "dana@acme.example", "--quarter", "2026-Q4"],
    ["digest", "--leader", "dana@acme.example", "--dry-run"],
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=lambda c: c[0])
def test_no_command_prints_a_traceback_when_the_database_is_unreachable(
    env: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", unreachable_database(env, tmp_path))
    monkeypatch.setenv("SALESFORCE_INSTANCE_URL", closed_port_url())
    monkeypatch.setenv("SALESFORCE_ACCESS_TOKEN", "00Dxx!SECRET")

    assert main(command) == ExitCode.ENVIRONMENT

    assert "database" in one_line(capsys)


# A file that is there but cannot be read: the kernel answers every read of it with EIO, even
# for root, who would read a chmod 000 file.
UNREADABLE = "/proc/self/mem"


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "command",
    [["check-config", UNREADABLE], ["preview", UNREADABLE], ["plan", UNREADABLE]],
    ids=lambda c: c[0],
)
def test_a_config_that_cannot_be_read_is_the_environment(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == ExitCode.ENVIRONMENT

    err = capsys.readouterr().err
    assert f"{UNREADABLE}: cannot be read" in err and "permissions" in err


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("path", ["no-such-config.yaml", "."], ids=["missing", "a folder"])
def test_a_config_path_that_is_wrong_is_the_admins_mistake(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-config", path]) == ExitCode.USER_MISTAKE

    assert path in capsys.readouterr().err


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("command", ["import-actuals", "import-targets"])
@pytest.mark.parametrize(
    ("path", "code", "remedy"),
    [
        (UNREADABLE, ExitCode.ENVIRONMENT, "may read and write it"),
        ("no-such.csv", ExitCode.USER_MISTAKE, "check the path"),
    ],
    ids=["unreadable", "missing"],
)
def test_a_csv_that_cannot_be_read_is_the_environment_one_not_found_a_mistake(
    command: str, path: str, code: ExitCode, remedy: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, path]) == code

    line = one_line(capsys)
    assert line.startswith(f"{path}: cannot read the file") and remedy in line


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    ("out", "code"),
    [
        ("/sys/cadence-export", ExitCode.ENVIRONMENT),
        ("/proc/cadence-export", ExitCode.USER_MISTAKE),
    ],
    ids=["not permitted", "no such place"],
)
def test_an_export_folder_that_cannot_be_written(
    out: str, code: ExitCode, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--out", out]) == code

    line = one_line(capsys)
    assert line.startswith(f"{out}: cannot write the export") and "--out" in line


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "command", [["sync"], ["plan"], ["digest", "--leader", "dana@acme.example"]]
)
def test_a_slack_token_slack_refuses_is_the_environment(
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-not-this-workspaces-token")
    monkeypatch.chdir(tmp_path)

    assert main(command) == ExitCode.ENVIRONMENT

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Slack refused" in err and "SLACK_BOT_TOKEN" in err


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize(
    "command",
    [
        ["preview", "--person", "nobody@acme.example"],
        ["review", "--leader", "nobody@acme.example", "--quarter", "2026-Q3"],
        ["digest", "--leader", "nobody@acme.example", "--dry-run"],
    ],
    ids=lambda c: c[0],
)
def test_someone_not_in_the_config_is_the_admins_mistake(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == ExitCode.USER_MISTAKE

    line = one_line(capsys)
    assert "nobody@acme.example is not on the roster" in line and "check the email" in line


def test_an_unmigrated_database_is_the_environment(
    empty_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)

    assert main(["status"]) == ExitCode.ENVIRONMENT

    assert "run `cadence-bot migrate`" in one_line(capsys)


@pytest.mark.parametrize(
    "error",
    [RuntimeError("an invariant broke"), KeyError("cadence"), OSError("no file to blame")],
    ids=["runtime", "key", "os without a file"],
)
def test_what_names_no_file_setting_or_service_is_a_bug(error: Exception) -> None:
    # main ends these with ExitCode.BUG and asks for the --debug traceback.
    assert explain(error, None) is None


def test_a_file_met_on_the_way_is_classed_like_the_files_commands_name() -> None:
    missing = FileNotFoundError(2, "No such file or directory", "chart.png")
    refused = PermissionError(13, "Permission denied", "chart.png")

    assert explain(missing, None) == (
        ExitCode.USER_MISTAKE,
        "chart.png: No such file or directory: check the path.",
    )
    code, line = explain(refused, None) or (None, "")
    assert code == ExitCode.ENVIRONMENT and "may read and write it" in line
