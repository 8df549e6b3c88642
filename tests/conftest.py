"""Shared fixtures: real SQLite files in tmp paths, real settings, the real CLI.

"Today" is frozen through the tracker's own setting (Settings.frozen_today, the same
thing --today / TRACKER_TODAY sets), never by patching internals.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tracker import i18n
from tracker.bootstrap import open_service, seed_if_empty
from tracker.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seed_recommendations.yaml"
REPORT_TEXT = Path(__file__).parent / "data" / "report-2016-uclg-aspac-jeollabuk-do.txt"
TODAY = date(2016, 12, 9)  # the report's date


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """No test reads the developer's settings file, database or environment."""
    for name in list(os.environ):
        if name.startswith("TRACKER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TRACKER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield
    i18n.set_lang("zh-TW")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "tracker.sqlite3"


def make_settings(db_path: Path, *, user: str = "tester", today: date | None = TODAY, lang: str = "zh-TW", **kw):
    settings = load_settings(db=str(db_path), user=user, lang=lang, **kw)
    return replace(settings, frozen_today=today)


@pytest.fixture
def settings(db_path):
    return make_settings(db_path)


@pytest.fixture
def service(settings):
    """A new database with the eight recommendations of the seed loaded."""
    svc = open_service(settings, creating=True)
    seed_if_empty(svc, SEED)
    yield svc
    svc.db.dispose()


def as_user(service, user: str):
    """The same database seen by another member of staff."""
    from tracker.service import Service

    return Service(service.db, replace(service.settings, user=user))


@pytest.fixture
def run_cli(tmp_path):
    """Run `tracker` as a real process; returns CompletedProcess with text output."""

    def run(*args: str, env: dict | None = None, input: str | None = None, cwd: Path | None = None):
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        full_env.update(
            {
                "TRACKER_CONFIG": str(tmp_path / "no-config.toml"),
                "TRACKER_USER": "tester",
                "XDG_STATE_HOME": str(tmp_path / "state"),
                "XDG_DATA_HOME": str(tmp_path / "data"),
                "COLUMNS": "160",
            }
        )
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            capture_output=True,
            text=True,
            env=full_env,
            input=input,
            cwd=cwd or tmp_path,
            timeout=120,
        )

    return run
