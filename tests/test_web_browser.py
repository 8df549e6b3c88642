"""`tracker serve` in a real browser (issue 14): headless Chromium from Debian's packages
(`chromium`, `chromium-driver`) driven by Selenium, against a server started here.

The terminal is drawn on a canvas, so what the UI shows is read from the websocket's stream
(a script the test adds before the page's own records what arrives, escapes removed), and
what it did from the database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.web_server import PASSWORD, make_database, start_server, wait_for
from tracker.cli import run

pytestmark = [pytest.mark.backends("sqlite"), pytest.mark.slow]

selenium = pytest.importorskip("selenium", reason="the browser tests need selenium (pip install .[test])")
CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip(
        "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service as DriverService  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

# Keeps what the websocket brings, as text without escape sequences, in window.__screen.
RECORD_SOCKET = r"""
(() => {
  const Original = window.WebSocket;
  window.__screen = "";
  function Recorded(url, protocols) {
    const socket = protocols === undefined ? new Original(url) : new Original(url, protocols);
    const decoder = new TextDecoder();
    const keep = (text) => { window.__screen += text.replace(/\x1b\[[0-9;?:<>=]*[ -\/]*[@-~]/g, "").replace(/\x1b[P\]][^\x07\x1b]*(\x07|\x1b\\)/g, ""); };
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;
      if (event.data instanceof ArrayBuffer) keep(decoder.decode(event.data, {stream: true}));
      else event.data.arrayBuffer().then((buffer) => keep(decoder.decode(buffer, {stream: true})));
    });
    return socket;
  }
  Recorded.prototype = Original.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recorded[name] = Original[name];
  window.WebSocket = Recorded;
})();
"""


@pytest.fixture
def db(tmp_path):
    path = make_database(tmp_path / "web.sqlite3", {"chief": "chief password 1", "alice": PASSWORD}, ("chief",))
    return path


@pytest.fixture
def server(db, tmp_path):
    server = start_server(db, tmp_path)
    yield server
    server.stop()
    assert not server.ui_processes()


@pytest.fixture
def browser():
    browsers = []

    def make(lang: str = "zh-TW", downloads: Path | None = None):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--window-size=1280,800",
            f"--lang={lang}",
        ):
            options.add_argument(argument)
        prefs = {"intl.accept_languages": lang}
        if downloads is not None:
            prefs |= {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        options.add_experimental_option("prefs", prefs)
        driver = webdriver.Chrome(service=DriverService(DRIVER), options=options)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SOCKET})
        browsers.append(driver)
        return driver

    yield make
    for driver in browsers:
        driver.quit()


def log_in(driver, server, name, password):
    driver.get(f"{server.url}/login")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    started = time.monotonic()
    driver.find_element(By.ID, "login").click()
    assert wait_for(lambda: "uclg16-1" in screen(driver), timeout=15), screen(driver)[-2000:]
    return time.monotonic() - started


def screen(driver) -> str:
    return driver.execute_script("return window.__screen || ''")


def press(driver, *keys):
    terminal = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    actions = ActionChains(driver)
    for key in keys:
        if key.startswith("ctrl+"):
            actions.key_down(Keys.CONTROL, terminal).send_keys(key[5:]).key_up(Keys.CONTROL)
        elif key == "down":
            actions.send_keys_to_element(terminal, Keys.ARROW_DOWN)
        else:
            actions.send_keys_to_element(terminal, key)
        actions.pause(0.15)
    actions.perform()


def item(db: Path, key: str):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT status, tracking, version FROM items WHERE key = ?", (key,)).fetchone()


def last_change(db: Path, key: str):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT c.field, c.old, c.new, c.by FROM changes c JOIN items i ON i.id = c.item_id"
            " WHERE i.key = ? ORDER BY c.id DESC LIMIT 1",
            (key,),
        ).fetchone()


def test_log_in_see_the_table_and_set_a_status_with_the_keyboard(server, browser, tmp_path):
    """Also the screenshot test: login.png and main.png, kept in WEB_SCREENSHOTS when set
    (the README's pictures are made so), for someone to look at."""
    shots = Path(os.environ.get("WEB_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    driver = browser()
    driver.get(f"{server.url}/login")
    assert "建議事項列管追蹤" in driver.find_element(By.ID, "title").text
    driver.save_screenshot(str(shots / "login.png"))
    driver.find_element(By.ID, "name").send_keys("alice")
    driver.find_element(By.ID, "password").send_keys("wrong password")
    driver.find_element(By.ID, "login").click()
    assert "帳號或密碼不正確" in driver.find_element(By.ID, "message").text

    # How fast the first screen comes is measured by bench/bench_web.py, not here.
    log_in(driver, server, "alice", PASSWORD)
    assert "alice" in driver.find_element(By.ID, "user").text
    assert "未辦理" in screen(driver)
    press(driver, "s", "2", *"registered", "ctrl+s")
    assert wait_for(lambda: item(server.db, "uclg16-1")[0] == "in_progress", timeout=10)
    assert last_change(server.db, "uclg16-1") == ("status", "not_started", "in_progress", "alice")
    time.sleep(0.5)  # the dialog gone, the row redrawn
    driver.save_screenshot(str(shots / "main.png"))
    assert (shots / "main.png").stat().st_size > 10_000 and (shots / "login.png").stat().st_size > 5_000


def test_a_reviewer_releases_from_the_browser_and_a_staff_account_cannot(server, browser):
    assert run(["--db", str(server.db), "--user", "alice", "status", "uclg16-3", "done", "--note", "已出席"]) == 0
    assert item(server.db, "uclg16-3")[1] == "pending"

    staff = browser()
    log_in(staff, server, "alice", PASSWORD)
    press(staff, "down", "down", "v", "1", "ctrl+s")
    assert wait_for(lambda: "只有審查人可以" in screen(staff), timeout=5), screen(staff)[-1500:]
    assert item(server.db, "uclg16-3")[1] == "pending"

    chief = browser()
    log_in(chief, server, "chief", "chief password 1")
    press(chief, "down", "down", "v", "1", "ctrl+s")
    assert wait_for(lambda: item(server.db, "uclg16-3")[1] == "released", timeout=10)
    assert last_change(server.db, "uclg16-3") == ("review", "pending", "released", "chief")


def test_two_browsers_see_each_others_changes(server, browser):
    first, second = browser(), browser()
    log_in(first, server, "alice", PASSWORD)
    log_in(second, server, "chief", "chief password 1")
    before = len(screen(second))
    press(first, "down", "s", "3", *"waiting for the host", "ctrl+s")  # 暫緩辦理 on uclg16-2
    assert wait_for(lambda: item(server.db, "uclg16-2")[0] == "on_hold", timeout=10)
    assert wait_for(lambda: "暫緩辦理" in screen(second)[before:], timeout=10)


def test_logout_from_the_page_ends_the_session(server, browser):
    driver = browser()
    log_in(driver, server, "alice", PASSWORD)
    assert wait_for(lambda: len(server.ui_processes()) == 1)
    driver.find_element(By.ID, "logout").click()
    assert wait_for(lambda: "/login" in driver.current_url)
    assert "已登出" in driver.find_element(By.ID, "note").text
    assert wait_for(lambda: not server.ui_processes())
    driver.get(f"{server.url}/")
    assert "/login" in driver.current_url


def test_an_export_is_downloaded_by_the_browser_and_never_written_on_the_server(db, browser, tmp_path):
    documents = tmp_path / "server-documents"
    documents.mkdir()
    server = start_server(db, tmp_path, env={"TRACKER_DOCUMENTS_DIR": str(documents), "HOME": str(tmp_path)})
    try:
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        driver = browser(downloads=downloads)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        log_in(driver, server, "alice", PASSWORD)
        press(driver, "e")
        assert wait_for(lambda: "瀏覽器下載" in screen(driver), timeout=5)
        press(driver, "ctrl+s")
        done = wait_for(lambda: [p for p in downloads.iterdir() if p.suffix == ".xlsx"], timeout=15)
        assert done, list(downloads.iterdir())
        assert done[0].read_bytes()[:2] == b"PK" and done[0].name.startswith("進度表-2016-12-09")
        assert not list(documents.iterdir())
        assert not [p for p in tmp_path.rglob("*.xlsx") if downloads not in p.parents]
    finally:
        server.stop()


def test_closing_the_browser_tab_ends_its_ui_process(server, browser):
    driver = browser()
    log_in(driver, server, "alice", PASSWORD)
    assert wait_for(lambda: len(server.ui_processes()) == 1)
    ui_tab = driver.current_window_handle
    driver.switch_to.new_window("tab")  # the browser stays open with another tab
    driver.switch_to.window(ui_tab)
    driver.close()
    assert wait_for(lambda: not server.ui_processes(), timeout=10)
