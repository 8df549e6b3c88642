"""The UI process of one browser tab: the terminal UI, ended with its server.

The server starts it with an argument list (never a shell) that names the database, the
logged-in account as the user and the login page's language; nothing the browser sends can
reach these. On Linux it asks to be ended when the server goes, even by SIGKILL, so that a
crashed server leaves no UI processes behind.
"""

from __future__ import annotations

import os
import signal
import sys


def _end_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    expected = os.environ.get("TRACKER_WEB_PARENT")
    if expected and str(os.getppid()) != expected:  # the server went before the request took
        sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    """`python -m tracker.web.child DB USER LANG`: the other settings come as for `tracker`
    (the settings file, TRACKER_TODAY, TRACKER_TZ, TRACKER_REPORT, TRACKER_ROC)."""
    _end_with_parent()
    db, user, lang = sys.argv[1:] if argv is None else argv
    from tracker.domain import TrackerError
    from tracker.i18n import t

    try:
        from tracker.bootstrap import open_service
        from tracker.settings import load_settings

        roc = os.environ.get("TRACKER_ROC", "").strip().lower()
        settings = load_settings(
            db=db,
            user=user,
            lang=lang,
            today=os.environ.get("TRACKER_TODAY") or None,
            roc={"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(roc),
            tz=os.environ.get("TRACKER_TZ") or None,
            report=os.environ.get("TRACKER_REPORT") or None,
        )
        from tracker.tui.app import run_app

        run_app(open_service(settings))
    except TrackerError as error:
        sys.stderr.write(t("error.prefix") + str(error) + "\n")
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
