"""The Docker image's inputs: a pinned base, the hashed lock, a regular install that migrates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading
import tomllib
import zipfile
from pathlib import Path
from wsgiref.simple_server import make_server
from wsgiref.types import StartResponse, WSGIEnvironment

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]


def dockerfile() -> str:
    return (REPO / "Dockerfile").read_text(encoding="utf-8")


def locked() -> dict[str, str]:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", text, re.MULTILINE)
    }


def test_the_lock_pins_every_dependency_within_pyproject_bounds() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()

    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: regenerate it (see its top)"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {spec}"


def test_every_locked_release_carries_its_hashes() -> None:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2])

    assert entries and all("--hash=sha256:" in entry for entry in entries if "==" in entry)


def test_the_image_is_built_from_a_pinned_base_and_the_lock() -> None:
    text = dockerfile()

    [base] = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base), base
    assert "pip install --require-hashes --no-deps -r requirements.lock" in text
    assert " -e " not in text and "--editable" not in text
    assert text.index("pip install --no-deps .") < text.index("USER cadence")


def healthcheck_command() -> list[str]:
    [check] = re.findall(r"^HEALTHCHECK (?:.*\\\n)*.*", dockerfile(), re.MULTILINE)
    command: list[str] = json.loads(check.split(" CMD ", 1)[1])
    return command


class Readiness:
    """Just enough of the operator endpoints to answer /readyz with a chosen status."""

    def __init__(self) -> None:
        self.status = "200 OK"

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        assert environ["PATH_INFO"] == "/readyz"
        start_response(self.status, [("Content-Type", "application/json")])
        return [b"{}"]


def test_the_image_healthcheck_asks_readyz_and_fails_when_not_ready() -> None:
    readiness = Readiness()
    server = make_server("127.0.0.1", 0, readiness)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    [python, *args] = healthcheck_command()
    env = {"PORT": str(server.server_port)}
    try:
        assert python == "python"
        assert subprocess.run([sys.executable, *args], env=env, timeout=10).returncode == 0
        readiness.status = "503 Service Unavailable"
        assert subprocess.run([sys.executable, *args], env=env, timeout=10).returncode != 0
    finally:
        server.shutdown()


def test_the_build_context_leaves_out_secrets_history_and_local_state() -> None:
    ignored = set((REPO / ".dockerignore").read_text(encoding="utf-8").split())

    assert {".git", ".venv", ".env", "*.db", "tests"} <= ignored


def test_a_regular_install_finds_its_migrations(tmp_path: Path) -> None:
    # What the Dockerfile copies in, built outside the checkout (setuptools writes build/).
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    for folder in ("bot", "migrations"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("cadence_bot-*.whl")
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    database = tmp_path / "cadence.db"

    migrated = subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main(['migrate']))"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "DATABASE_URL": f"sqlite:///{database}", "PATH": ""},
        capture_output=True,
        text=True,
    )

    assert migrated.returncode == 0, migrated.stderr
    assert database.stat().st_size > 0
