"""Several staff on one database at once, on SQLite and PostgreSQL: real processes, nothing
lost, nobody refused."""

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent("""
    import sys
    from tracker.cli import run
    db, who, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for n in range(count):
        code = run(["--db", db, "--user", who, "note", str(1 + n % 8), f"{who} note {n}"])
        if code:
            sys.exit(code)
        if n % 5 == 0:
            code = run(["--db", db, "--user", who, "status", str(1 + n % 8), "in_progress" if n % 10 else "on_hold",
                        "--note", f"{who} status {n}"])
            # the same status twice is refused (exit 2) by design; anything else is a failure
            if code not in (0, 2):
                sys.exit(code)
""")


def _spawn(tmp_path, args):
    env = {
        "TRACKER_CONFIG": str(tmp_path / "none.toml"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_concurrent_writers_lose_nothing(tmp_path, run_cli, database):
    db = database.target
    assert run_cli("--db", db, "init").returncode == 0
    writers, per_writer = 6, 25
    procs = [_spawn(tmp_path, ["-c", WRITER, db, f"staff{w}", str(per_writer)]) for w in range(writers)]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
    assert database.scalar("SELECT count(*) FROM changes WHERE field = 'note'") == writers * per_writer
    # every item's version equals the number of history rows that made it
    for item_id, version, rows in database.rows(
        "SELECT i.id, i.version, (SELECT count(*) FROM changes c WHERE c.item_id = i.id) FROM items i"
    ):
        assert version == rows, item_id
    assert database.rows("SELECT item_id, version, count(*) FROM changes GROUP BY 1, 2 HAVING count(*) > 1") == []


@pytest.mark.empty_database
def test_two_first_starts_at_once_seed_once(tmp_path, database):
    probe = "import sys; from tracker.cli import run; sys.exit(run(['--db', sys.argv[1], 'init']))"
    procs = [_spawn(tmp_path, ["-c", probe, database.target]) for _ in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert database.scalar("SELECT count(*) FROM items") == 8
    assert database.scalar("SELECT count(*) FROM changes") == 8


def test_a_reader_sees_a_consistent_snapshot_while_others_write(tmp_path, run_cli, database):
    db = database.target
    assert run_cli("--db", db, "init").returncode == 0
    writer = _spawn(tmp_path, ["-c", WRITER, db, "writer", "20"])
    for _ in range(5):
        result = run_cli("--db", db, "list", "--format", "json")
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)) == 8
    _, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
