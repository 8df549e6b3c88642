"""Putting the server together from the tracker's service and settings."""

from __future__ import annotations

from tracker.dates import format_date
from tracker.i18n import t
from tracker.service import Service
from tracker.settings import Settings
from tracker.storage import queries
from tracker.storage.driver import login_roles, postgres_login, url_for_login
from tracker.web.server import Login, TrackerServer, WebOptions, child_command
from tracker.web.sessions import Session, Throttle


def make_server(
    service: Service, settings: Settings, options: WebOptions, throttle: Throttle | None = None
) -> TrackerServer:
    def facts(lang: str) -> dict[str, str]:
        with service.db.read() as db:
            reports = queries.reports(db)
        titles = {
            report.key: (report.title_en or report.title_zh) if lang == "en" else report.title_zh for report in reports
        }
        if settings.default_report in titles:
            report = titles[str(settings.default_report)]
        elif len(titles) == 1:
            report = next(iter(titles.values()))
        else:
            report = t("tui.all_reports", lang, count=len(titles))
        return {
            "title": t("web.title", lang),
            "report": report,
            "today": format_date(settings.today(), roc=lang == "zh-TW"),
        }

    if service.db.is_sqlite:

        def check_login(name: str, password: str) -> Login | None:
            user = service.check_login(name, password)
            return None if user is None else (user, {})

        def enabled() -> set[str]:
            return {name for name, on, _ in service.accounts() if on}

        def argv(session: Session) -> list[str]:
            return child_command(settings.db_url, session.user, session.lang)

    else:
        # PostgreSQL: the web login is the database login. The password is checked by the
        # database itself; each UI process connects as that login (PGPASSWORD in its
        # environment), so the database's own reviewer rule (migration 0003) applies to it.
        def check_login(name: str, password: str) -> Login | None:
            user = postgres_login(settings.db_url, name.strip(), password) if password else None
            return None if user is None else (user, {"PGPASSWORD": password})

        def enabled() -> set[str]:
            return login_roles(service.db)

        def argv(session: Session) -> list[str]:
            return child_command(url_for_login(settings.db_url, session.user), session.user, session.lang)

    return TrackerServer(
        check_login=check_login,
        login_facts=facts,
        enabled_accounts=enabled,
        child_argv=argv,
        options=options,
        throttle=throttle,
        default_lang=settings.lang,
    )
