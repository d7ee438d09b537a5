"""A fresh database comes up quietly: ``migrate`` on an empty SQLite file (what ``make run`` does the
first time) prints no warning, and the search triggers it lost to table rebuilds are back."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from articles.search import schema

ROOT = Path(__file__).resolve().parents[2]


def test_it_migrates_a_fresh_sqlite_database_without_warnings(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "LOG_LEVEL": "INFO",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "missing" not in output

    with sqlite3.connect(database) as db:
        triggers = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(schema.SQLITE_TRIGGERS) <= triggers
