"""Settings: command-line option, then environment variable, then settings file, then default.

The settings file is TOML (``tracker settings`` prints where it is looked for); the SMTP
password is read from the environment only, never from the command line or the file.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker import i18n
from tracker.dates import local_today, parse_date
from tracker.domain import InputError, clean_line
from tracker.i18n import t
from tracker.resources import checkout_root

APP_NAME = "rec-tracker"
DEFAULT_TIMEZONE = "Asia/Taipei"


@dataclass(frozen=True)
class MailSettings:
    host: str | None = None
    port: int = 587
    user: str | None = None
    starttls: bool = True
    ssl: bool = False
    sender: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Settings:
    db: str
    db_is_default: bool
    user: str
    lang: str = "zh-TW"
    roc: bool = False
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    frozen_today: date | None = None
    default_report: str | None = None
    mail: MailSettings = MailSettings()
    config_path: Path | None = None

    def today(self) -> date:
        """The day that counts as today: frozen by --today/TRACKER_TODAY, else the zone's date."""
        return self.frozen_today or local_today(self.timezone)

    @property
    def db_url(self) -> str:
        return database_url(self.db)


def config_path() -> Path:
    explicit = os.environ.get("TRACKER_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_db_path() -> Path:
    root = checkout_root()
    if root is not None:
        return root / "db" / "tracker.sqlite3"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME)) / "tracker.sqlite3"


def database_url(db: str) -> str:
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _read_config(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise InputError("error.bad_config", path=path, problem=exc) from None


def load_settings(
    *,
    db: str | None = None,
    user: str | None = None,
    today: str | None = None,
    lang: str | None = None,
    roc: bool | None = None,
    tz: str | None = None,
    report: str | None = None,
) -> Settings:
    """Arguments are what the command line (or its environment variables) gave; None = not given."""
    path = config_path()
    config = _read_config(path)

    lang_value = lang or config.get("lang") or "zh-TW"
    try:
        lang_code = i18n.normalise_lang(lang_value)
    except ValueError:
        raise InputError("error.bad_lang", value=lang_value) from None
    i18n.set_lang(lang_code)

    tz_name = tz or config.get("timezone") or DEFAULT_TIMEZONE
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("error.bad_timezone", tz=tz_name) from None

    today_value = today or config.get("today")
    db_value = db or config.get("db")
    mail = config.get("mail", {})
    return Settings(
        db=str(Path(db_value).expanduser())
        if db_value and "://" not in db_value
        else db_value or str(default_db_path()),
        db_is_default=not db_value,
        user=_user_name(user or config.get("user") or _login_name()),
        lang=lang_code,
        roc=_config_flag(config, "roc", path) if roc is None else roc,
        timezone=zone,
        frozen_today=parse_date(str(today_value)) if today_value else None,
        default_report=report or config.get("default_report"),
        mail=MailSettings(
            host=os.environ.get("TRACKER_SMTP_HOST") or mail.get("host"),
            port=_port(os.environ.get("TRACKER_SMTP_PORT") or mail.get("port") or 587, path),
            user=os.environ.get("TRACKER_SMTP_USER") or mail.get("user"),
            starttls=_flag(os.environ.get("TRACKER_SMTP_STARTTLS"), mail.get("starttls", True)),
            ssl=_flag(os.environ.get("TRACKER_SMTP_SSL"), mail.get("ssl", False)),
            sender=os.environ.get("TRACKER_MAIL_FROM") or mail.get("from"),
            password=os.environ.get("TRACKER_SMTP_PASSWORD"),
        ),
        config_path=path,
    )


def _config_flag(config: dict, key: str, path: Path) -> bool:
    value = config.get(key, False)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no", "1", "0", "on", "off"}:
        return value.strip().lower() in {"true", "yes", "1", "on"}
    raise InputError("error.bad_config", path=path, problem=t("settings.not_flag", key=key))


def _port(value, path: Path) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise InputError("error.bad_config", path=path, problem=t("settings.not_port", value=text))
    return int(text)


USER_LIMIT = 100


def _user_name(value: str) -> str:
    """Who changes are recorded as: one clean line (it is shown in every history entry)."""
    name = clean_line(str(value))[:USER_LIMIT]
    return name or "unknown"


def _flag(env_value: str | None, fallback: bool) -> bool:
    if env_value is None or env_value == "":
        return bool(fallback)
    return env_value.strip().lower() in {"1", "true", "yes", "on"}


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers: still record something honest
        return "unknown"
