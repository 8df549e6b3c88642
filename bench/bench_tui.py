"""Time the terminal UI: first paint, and table actions on a large database.

    python bench/bench_tui.py [--items 10000]

Headless (Textual's run_test), timed in-process from before `import tracker`, so that
start-up imports are counted; see bench/README.md for the tmux measurement too.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent


def make_bench_app(db: Path):
    from tracker.bootstrap import open_service
    from tracker.settings import load_settings
    from tracker.tui.app import make_app

    service = open_service(replace(load_settings(db=str(db), user="bench"), frozen_today=date(2026, 11, 30)))
    return make_app(service)


def first_paint(db: Path, since: float) -> float:
    """Seconds from `since` to the end of the first refresh of the main screen."""
    app = make_bench_app(db)

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            return app.main

    main = asyncio.run(scenario())
    return main.first_paint_seconds + (main._started - since)


async def press_timed(pilot, key: str, times: int) -> list[float]:
    """Seconds for each of `times` presses of `key`, Pilot's round trip included."""
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        await pilot.press(key)
        seconds.append(time.perf_counter() - started)
    return seconds


async def actions(db: Path, size: tuple[int, int]) -> dict[str, float]:
    app = make_bench_app(db)
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the whole list, read on a worker after the first page
        await pilot.pause()
        from tracker.tui.app import MainScreen
        from tracker.tui.dialogs import EditDialog

        # The view applied to every item and its page shown, timed inside the app (Pilot's
        # own round trip, which the figures above include, is not the UI's cost).
        applied: list[float] = []
        show_items = MainScreen.show_items

        def timed_show_items(screen, *args, **kwargs):
            started = time.perf_counter()
            show_items(screen, *args, **kwargs)
            applied.append(time.perf_counter() - started)

        MainScreen.show_items = timed_show_items
        figures["no-op key (Pilot's own cost)"] = await press_timed(pilot, "z", 20)
        figures["scroll one row"] = await press_timed(pilot, "down", 20)
        figures["page down"] = await press_timed(pilot, "pagedown", 5)
        applied.clear()
        figures["filter (f)"] = await press_timed(pilot, "f", 9)
        figures["filter (f), view applied and page shown"] = list(applied)
        figures["search"] = []
        figures["status change (s 2 note Ctrl+S)"] = []
        search = app.main.query_one("#search")
        applied.clear()
        for text in ("建議", "Recommendation 12", "辦理情形", ""):
            started = time.perf_counter()
            search.value = text
            await pilot.pause()
            figures["search"].append(time.perf_counter() - started)
        figures["search, view applied and page shown"] = list(applied)
        await pilot.press("slash")
        applied.clear()
        figures["search typed a letter at a time"] = []
        for letter in "recommendation":
            started = time.perf_counter()
            await pilot.press(letter)
            figures["search typed a letter at a time"].append(time.perf_counter() - started)
        figures["search typed, view applied and page shown"] = list(applied)
        await pilot.press("escape")
        MainScreen.show_items = show_items
        # Dialog saved (Ctrl+S handled) to row shown (the table updated), timed inside the app.

        marks: dict[str, float] = {}
        save, update = EditDialog.action_save, MainScreen.update_item

        def timed_save(dialog):
            marks["saved"] = time.perf_counter()
            save(dialog)

        def timed_update(screen, row):
            update(screen, row)
            marks["shown"] = time.perf_counter()

        EditDialog.action_save, MainScreen.update_item = timed_save, timed_update
        figures["status change, saved to row shown"] = []
        for n in range(5):
            await pilot.press("s", "2" if n % 2 == 0 else "3")
            started = time.perf_counter()
            await pilot.press("x", "ctrl+s")
            await app.workers.wait_for_complete([w for w in app.workers if w.group == "save"])  # saved on a worker
            await pilot.pause()
            figures["status change (s 2 note Ctrl+S)"].append(time.perf_counter() - started)
            figures["status change, saved to row shown"].append(marks["shown"] - marks["saved"])
            await pilot.press("down")
    return {name: statistics.median(values) for name, values in figures.items()}


def tmux_first_screen(db: Path, runs: int = 5) -> float | None:
    """Wall time from starting `tracker` in a real terminal (tmux) to the table on screen."""
    import shutil

    if shutil.which("tmux") is None:
        return None
    times = []
    tracker = Path(sys.executable).with_name("tracker")
    # An idle session keeps the tmux server up between runs (a server that just stopped refuses new ones).
    subprocess.run(["tmux", "new-session", "-d", "-s", "benchkeep"], check=True)
    for run in range(runs):
        session = f"bench{run}"
        started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"TRACKER_DB={db} {tracker}"],
            check=True,
        )
        try:
            while time.perf_counter() - started < 10:
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
                ).stdout
                if "uclg16-8" in screen:
                    times.append(time.perf_counter() - started)
                    break
                time.sleep(0.01)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    subprocess.run(["tmux", "kill-session", "-t", "benchkeep"], capture_output=True)
    return statistics.median(times) if times else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--size", default="120x40", help="terminal size for the key timings, e.g. 160x40")
    # The status-change timing writes to it: a copy keeps the shared export-timing database as it is.
    parser.add_argument("--db", type=Path, help="the large database to time (default: bench/bench-N-10N.sqlite3)")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    seed = HERE / "bench-tui-seed.sqlite3"
    if not seed.exists():
        subprocess.run([sys.executable, "-m", "tracker", "--db", str(seed), "init"], check=True, capture_output=True)
    print(f"first paint, seed database (8 items): {first_paint(seed, STARTED):.3f} s from process start")
    in_tmux = tmux_first_screen(seed)
    if in_tmux is not None:
        print(f"first screen in tmux, seed database: {in_tmux:.3f} s from launch (median of 5)")
    big = args.db or HERE / f"bench-{args.items}-{args.items * 10}.sqlite3"
    if not big.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(big),
                "--items",
                str(args.items),
                "--changes",
                str(args.items * 10),
            ],
            check=True,
        )
    print(f"first paint, {args.items:,} items: {first_paint(big, time.perf_counter()):.3f} s from opening the database")
    print(f"per key at {size[0]}x{size[1]}:")
    for name, seconds in asyncio.run(actions(big, size)).items():
        print(f"{name:<34} {seconds * 1000:7.1f} ms (median)")


if __name__ == "__main__":
    main()
