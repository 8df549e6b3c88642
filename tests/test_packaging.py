"""`pip install .` (not only editable) must carry the migrations and the seed."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_the_wheel_carries_migrations_and_seed(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tracker/_data/seed_recommendations.yaml" in names
    assert "tracker/_data/migrations/env.py" in names
    assert "tracker/_data/migrations/versions/0001_initial.py" in names
    assert "tracker/tui/app.tcss" in names
    assert not any(name.endswith(".sqlite3") for name in names)
