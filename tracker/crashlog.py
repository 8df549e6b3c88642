"""Where an unexpected error's details go, so the user sees one line and support sees all."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path


def crash_log_path() -> Path:
    from platformdirs import user_log_dir

    from tracker.settings import APP_NAME

    return Path(user_log_dir(APP_NAME)) / "errors.log"


def write_crash_log(exc: BaseException) -> Path:
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().astimezone().isoformat(timespec='seconds')}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:  # an unwritable log must not turn one error into two
        pass
    return path
