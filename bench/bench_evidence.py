"""Time a supporting document of 20 MB (the default limit): attached, then read back, through
real `tracker` processes (start-up included) and in-process through the service.

    python bench/bench_evidence.py                       # SQLite, in a temporary folder
    python bench/bench_evidence.py --db postgresql+psycopg://…/tracker   # an empty database of yours
    python bench/bench_evidence.py --size-mb 20 --runs 5

The file is random bytes (incompressible, no signature: the worst case for the media-type
check). Each figure is the median of --runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--size-mb", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = args.db or str(work / "bench.sqlite3")
        env = {**os.environ, "TRACKER_CONFIG": str(work / "none.toml"), "TRACKER_USER": "bench"}
        tracker = [sys.executable, "-m", "tracker", "--db", db]
        subprocess.run([*tracker, "init"], env=env, check=True, capture_output=True)
        source = work / "report.bin"
        attach_times, get_times, service_attach, service_read = [], [], [], []
        for run in range(args.runs):
            source.write_bytes(os.urandom(args.size_mb * 2**20))  # new content: stored anew each run
            start = time.perf_counter()
            subprocess.run([*tracker, "attach", "3", str(source)], env=env, check=True, capture_output=True)
            attach_times.append(time.perf_counter() - start)
            listed = subprocess.run(
                [*tracker, "attachments", "3", "--format", "json"], env=env, check=True, capture_output=True, text=True
            )
            import json

            newest = json.loads(listed.stdout)[-1]["id"]
            target = work / f"out-{run}.bin"
            start = time.perf_counter()
            subprocess.run(
                [*tracker, "attachment", "get", str(newest), "-o", str(target)],
                env=env,
                check=True,
                capture_output=True,
            )
            get_times.append(time.perf_counter() - start)
            assert target.read_bytes() == source.read_bytes()
        _in_process(db, work, args, service_attach, service_read)
    print(f"{args.size_mb} MB on {'SQLite' if not args.db else args.db.split(':', 1)[0]}, median of {args.runs}:")
    print(f"  tracker attach (process)          {statistics.median(attach_times):.2f} s")
    print(f"  tracker attachment get (process)  {statistics.median(get_times):.2f} s")
    print(f"  service.attach (in-process)       {statistics.median(service_attach):.2f} s")
    print(f"  service.evidence_file (in-process) {statistics.median(service_read):.2f} s")


def _in_process(db: str, work: Path, args, attach_times: list, read_times: list) -> None:
    os.environ["TRACKER_CONFIG"] = str(work / "none.toml")
    from tracker.bootstrap import open_service
    from tracker.settings import load_settings

    service = open_service(load_settings(db=db, user="bench"))
    source = work / "in-process.bin"
    for _ in range(args.runs):
        source.write_bytes(os.urandom(args.size_mb * 2**20))
        start = time.perf_counter()
        _, (added,) = service.attach("3", [source])
        attach_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        service.evidence_file(added.id)
        read_times.append(time.perf_counter() - start)
    service.db.dispose()


if __name__ == "__main__":
    main()
