"""Saves and exports run on worker threads: in the pilot tests a key press or a pause waits for
them, as a person waits for "saving…" to go. A test that watches the waiting itself turns it off
with `app.wait_for_saves = False`."""

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

_GROUPS = {"save", "export", "intake", "detail", "reload", "poll", "summary"}


async def _settled(app) -> None:
    """Until no save, export, read or poll is running (an exclusive worker cancelled by the next
    one is waited past, not an error)."""
    if not getattr(app, "wait_for_saves", True):
        return
    for _ in range(100):
        running = [w for w in app.workers if w.group in _GROUPS and not w.is_finished]
        if not running:
            return
        try:
            await app.workers.wait_for_complete(running)
        except WorkerCancelled:
            continue


@pytest.fixture(autouse=True)
def saves_settle(monkeypatch):
    press, pause = Pilot.press, Pilot.pause

    async def pressed(self, *keys: str) -> None:
        await press(self, *keys)
        await _settled(self.app)

    async def paused(self, delay=None) -> None:
        await _settled(self.app)
        await pause(self, delay)
        await _settled(self.app)  # what the pause let start (the detail pane after its rest)
        await pause(self)

    monkeypatch.setattr(Pilot, "press", pressed)
    monkeypatch.setattr(Pilot, "pause", paused)
