"""Time `tracker serve` (issue 14): first screen after login, key latency, memory per session,
and 20 sessions at once.

    python bench/bench_web.py [--sessions 20] [--keys 30]

A real server on 127.0.0.1 over a fresh seed database; the sessions are aiohttp clients that
speak textual-serve's websocket protocol as the browser page does, and, when Debian's chromium
and chromium-driver are there, headless Chromium for the first screen as a person sees it.
- first screen: from the login POST to the websocket bringing the table's first row (in
  Chromium: from the click on 登入 to the first row arriving in the page, page load included);
- key latency: from sending ↓ to the first frame of the redrawn screen;
- memory: resident size (VmRSS) of each UI process, and of the server.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.web_server import PASSWORD, make_database, request, start_server  # noqa: E402

ESCAPES = re.compile(rb"\x1b\[[0-9;?:<>=]*[ -/]*[@-~]")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def open_session(url: str, name: str) -> tuple[object, object, float]:
    import aiohttp

    started = time.perf_counter()
    while True:  # 20 people behind one address: a few passwords are checked at once, the rest wait a second
        status, headers, _, cookies = await asyncio.to_thread(
            request, f"{url}/login", {"name": name, "password": PASSWORD}
        )
        if status != 429:
            break
        await asyncio.sleep(float(headers.get("Retry-After", "1")))
    assert status == 303, status
    token = cookies[0].split(";")[0].split("=", 1)[1]
    client = aiohttp.ClientSession(cookies={"tracker_session": token})
    websocket = await client.ws_connect(f"{url}/ws?width=120&height=36")
    seen = b""
    while b"uclg16-1" not in ESCAPES.sub(b"", seen):
        message = await asyncio.wait_for(websocket.receive(), 30)
        seen += message.data if isinstance(message.data, bytes) else b""
    return client, websocket, time.perf_counter() - started


async def settle(websocket, quiet: float = 0.3) -> None:
    while True:
        try:
            await asyncio.wait_for(websocket.receive(), quiet)
        except TimeoutError:
            return


async def key_latency(websocket, keys: int) -> list[float]:
    times = []
    for index in range(keys):
        await settle(websocket, 0.15)
        key = "\x1b[B" if index % 2 == 0 else "\x1b[A"  # down, up: the cursor row is redrawn
        sent = time.perf_counter()
        await websocket.send_json(["stdin", key])
        await asyncio.wait_for(websocket.receive(), 10)
        times.append(time.perf_counter() - sent)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def browser_first_screen(url: str, runs: int = 3) -> list[float] | None:
    import shutil

    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service as DriverService
        from selenium.webdriver.common.by import By
    except ImportError:
        return None
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return None
    from tests.test_web_browser import RECORD_SOCKET  # the same recorder the tests use

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=DriverService(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SOCKET})
    times = []
    try:
        for _ in range(runs):
            driver.delete_all_cookies()
            driver.get(f"{url}/login")
            driver.find_element(By.ID, "name").send_keys("user00")
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            started = time.perf_counter()
            driver.find_element(By.ID, "login").click()
            while "uclg16-1" not in (driver.execute_script("return window.__screen || ''") or ""):
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
            driver.get(f"{url}/login")  # the tab leaves: its UI process ends
    finally:
        driver.quit()
    return times


async def main(sessions: int, keys: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        accounts = {f"user{n:02d}": PASSWORD for n in range(sessions)}
        db = make_database(tmp / "bench.sqlite3", accounts)
        server = start_server(db, tmp)
        try:
            base_rss = rss_kib(server.process.pid)
            in_browser = await asyncio.to_thread(browser_first_screen, server.url)
            if in_browser is None:
                print("first screen in Chromium: skipped (no selenium, chromium or chromium-driver)")
            else:
                shown = ", ".join(f"{value:.2f}" for value in in_browser)
                print(f"first screen after login in headless Chromium: {shown} s")
            while server.ui_processes():
                await asyncio.sleep(0.1)
            client, websocket, first = await open_session(server.url, "user00")
            firsts = [first]
            latencies = await key_latency(websocket, keys)
            one = server.ui_processes()
            child_rss = [rss_kib(pid) for pid in one]
            print(f"first screen after login (1 session): {first:.2f} s")
            print(
                f"key latency, 1 session: median {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms"
            )
            print(f"UI process RSS: {child_rss[0] / 1024:.0f} MiB; server RSS {base_rss / 1024:.0f} MiB at start")

            opened = [(client, websocket)]
            started = time.perf_counter()
            results = await asyncio.gather(*(open_session(server.url, f"user{n:02d}") for n in range(1, sessions)))
            everyone = time.perf_counter() - started
            opened += [(c, w) for c, w, _ in results]
            firsts += [f for _, _, f in results]
            print(
                f"{sessions} sessions: all first screens in {everyone:.2f} s "
                f"(each: median {statistics.median(firsts):.2f} s, max {max(firsts):.2f} s)"
            )
            under_load = await key_latency(opened[-1][1], keys)
            print(
                f"key latency with {sessions} sessions open: median {statistics.median(under_load) * 1000:.0f} ms, "
                f"p95 {percentile(under_load, 0.95) * 1000:.0f} ms"
            )
            pids = server.ui_processes()
            sizes = [rss_kib(pid) for pid in pids]
            print(
                f"{len(pids)} UI processes: RSS median {statistics.median(sizes) / 1024:.0f} MiB, "
                f"total {sum(sizes) / 1024:.0f} MiB; server RSS {rss_kib(server.process.pid) / 1024:.0f} MiB"
            )
            for client, websocket in opened:
                await websocket.close()
                await client.close()
            gone = time.perf_counter()
            while server.ui_processes() and time.perf_counter() - gone < 20:
                await asyncio.sleep(0.1)
            print(f"all UI processes ended {time.perf_counter() - gone:.2f} s after the tabs closed")
        finally:
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--keys", type=int, default=30)
    arguments = parser.parse_args()
    import os

    os.environ.setdefault("TRACKER_CONFIG", str(Path(tempfile.gettempdir()) / "bench-web-no-config.toml"))
    asyncio.run(main(arguments.sessions, arguments.keys))
