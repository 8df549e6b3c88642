"""Settings: command-line option, then environment variable, then settings file, then default.

The settings file is TOML (``tracker settings`` prints where it is looked for); the SMTP
password is read from the environment only, never from the command line or the file.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker import i18n
from tracker.dates import local_today, parse_date, to_local, utc_now
from tracker.domain import InputError, clean_line, whole_number
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
    # Seconds to wait for the mail server at each step: one that hangs is told, never waited on for good.
    timeout: float = 30.0


@dataclass(frozen=True)
class Settings:
    db: str
    db_is_default: bool
    user: str
    lang: str = "zh-TW"
    roc: bool = False
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    frozen_today: date | None = None
    # A stopped clock (TRACKER_NOW): every change is stamped with this moment. For
    # reproducible reports, demonstrations and tests, which never need to rewrite history.
    frozen_now: datetime | None = None
    default_report: str | None = None
    mail: MailSettings = MailSettings()
    config_path: Path | None = None
    attachment_limit_mb: int = 20  # the largest file `attach` takes
    require_evidence: bool = False  # 已完成 without a document or reference: refused, not only warned
    documents_dir: str | None = None  # where the UI saves exports and drafts; None: documents_folder()

    def documents_folder(self) -> Path:
        """Where the UI saves what it writes: the setting, else the user's documents folder
        (platformdirs) when it exists, else home; never the folder the UI was started from."""
        if self.documents_dir:
            return Path(self.documents_dir).expanduser()
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        return documents if documents.is_dir() else Path.home()

    @property
    def attachment_limit(self) -> int:
        return self.attachment_limit_mb * 1024 * 1024

    def today(self) -> date:
        """The day that counts as today: frozen by --today/TRACKER_TODAY, else the zone's date."""
        if self.frozen_today:
            return self.frozen_today
        if self.frozen_now:
            return to_local(self.frozen_now, self.timezone).date()
        return local_today(self.timezone)

    def now(self) -> datetime:
        """The moment a change is stamped with (UTC): the stopped clock if set, else the real one."""
        return self.frozen_now or utc_now()

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


# What each key of the settings file holds, and a line to copy when it holds something else.
_CONFIG_KEYS = {
    "db": ("text", 'db = "/srv/tracker/tracker.sqlite3"'),
    "user": ("text", 'user = "曹凱雯"'),
    "lang": ("text", 'lang = "zh-TW"'),
    "roc": ("flag", "roc = true"),
    "timezone": ("text", 'timezone = "Asia/Taipei"'),
    "today": ("day", "today = 2016-12-09"),
    "now": ("moment", "now = 2016-12-09T09:30:00"),
    "default_report": ("text", 'default_report = "uclg16"'),
    "mail": ("table", '[mail] host = "smtp.example.gov.tw"'),
    "attachment_limit_mb": ("number", "attachment_limit_mb = 20"),
    "require_evidence": ("flag", "require_evidence = true"),
    "documents_dir": ("text", 'documents_dir = "~/Documents/列管"'),
}
_MAIL_KEYS = {
    "host": ("text", 'host = "smtp.example.gov.tw"'),
    "port": ("number", "port = 587"),
    "user": ("text", 'user = "intl-affairs"'),
    "starttls": ("flag", "starttls = true"),
    "ssl": ("flag", "ssl = false"),
    "from": ("text", 'from = "國際事務科 <intl@example.gov.tw>"'),
    "timeout": ("seconds", "timeout = 30"),
}
_TYPES: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "flag": bool,
    "number": int,
    "day": (str, date),
    "moment": (str, datetime),
    "table": dict,
    "seconds": (int, float),
}


def _read_config(path: Path) -> dict:
    """The settings file as TOML, every known key of the type it must have; {} when there is none."""
    if not path.exists():
        return {}
    try:
        if path.is_dir():
            raise InputError("error.bad_config", path=path, problem=t("settings.is_folder"))
        config = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("error.bad_config", path=path, problem=t("settings.not_utf8")) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("error.bad_config", path=path, problem=t("settings.bad_toml", problem=exc)) from None
    except OSError as exc:
        raise InputError("error.bad_config", path=path, problem=exc.strerror or exc) from None
    _check_types(config, path)
    return config


def _check_types(config: dict, path: Path) -> None:
    """`roc = "yes"` or `port = "x"` is refused here, naming the key, rather than misread later."""
    for section, keys, values in (("", _CONFIG_KEYS, config), ("[mail] ", _MAIL_KEYS, config.get("mail"))):
        if not isinstance(values, dict):  # no [mail]; a [mail] of the wrong type was refused above
            continue
        for key, (kind, example) in keys.items():
            if key in values and not _is_a(values[key], kind):
                expected = t(f"settings.type.{kind}")
                problem = t("settings.wrong_type", key=section + key, expected=expected, example=example)
                raise InputError("error.bad_config", path=path, problem=problem)


def _is_a(value: object, kind: str) -> bool:
    # A bool is an int to Python, not to TOML: `port = true` is no port, `timeout = true` no time.
    if kind in ("number", "seconds") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[kind])


def _use_lang(value: str) -> str:
    try:
        lang_code = i18n.normalise_lang(value)
    except ValueError:
        raise InputError("error.bad_lang", value=value) from None
    i18n.set_lang(lang_code)
    return lang_code


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
    if lang:  # a problem in the settings file is told in the language asked for
        _use_lang(lang)
    config = _read_config(path)
    lang_code = _use_lang(lang or config.get("lang") or "zh-TW")

    tz_name = tz or config.get("timezone") or DEFAULT_TIMEZONE
    try:
        zone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("error.bad_timezone", tz=tz_name) from None

    today_value = today or config.get("today")
    now_value = os.environ.get("TRACKER_NOW") or config.get("now")
    db_value = db or config.get("db")
    mail = config.get("mail", {})
    return Settings(
        db=str(Path(db_value).expanduser())
        if db_value and "://" not in db_value
        else db_value or str(default_db_path()),
        db_is_default=not db_value,
        user=_user_name(user or config.get("user") or _login_name()),
        lang=lang_code,
        roc=config.get("roc", False) if roc is None else roc,
        timezone=zone,
        frozen_today=parse_date(str(today_value)) if today_value else None,
        frozen_now=_moment(now_value, zone) if now_value else None,
        default_report=report or config.get("default_report"),
        mail=MailSettings(
            host=os.environ.get("TRACKER_SMTP_HOST") or mail.get("host"),
            port=_port(os.environ.get("TRACKER_SMTP_PORT") or mail.get("port", 587), path),
            user=os.environ.get("TRACKER_SMTP_USER") or mail.get("user"),
            starttls=_flag(os.environ.get("TRACKER_SMTP_STARTTLS"), mail.get("starttls", True)),
            ssl=_flag(os.environ.get("TRACKER_SMTP_SSL"), mail.get("ssl", False)),
            sender=os.environ.get("TRACKER_MAIL_FROM") or mail.get("from"),
            password=os.environ.get("TRACKER_SMTP_PASSWORD"),
            timeout=_timeout(os.environ.get("TRACKER_SMTP_TIMEOUT") or mail.get("timeout", 30), path),
        ),
        config_path=path,
        attachment_limit_mb=_limit_mb(
            os.environ.get("TRACKER_ATTACHMENT_LIMIT_MB") or config.get("attachment_limit_mb", 20), path
        ),
        require_evidence=_flag(os.environ.get("TRACKER_REQUIRE_EVIDENCE"), config.get("require_evidence", False)),
        documents_dir=os.environ.get("TRACKER_DOCUMENTS_DIR") or config.get("documents_dir") or None,
    )


def _limit_mb(value: object, path: Path) -> int:
    """attachment_limit_mb: whole megabytes, 1 to 1024 (a database field holds at most 1 GB)."""
    number = whole_number(str(value), high=1024)
    if not number:
        raise InputError("error.bad_config", path=path, problem=t("settings.not_limit", value=value))
    return number


def _moment(value: object, zone: ZoneInfo) -> datetime:
    """An ISO moment such as 2016-12-09T09:30 (in the configured zone) or 2016-12-09T01:30Z."""
    if isinstance(value, datetime):  # TOML has its own date-time values
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError("error.bad_now", value=str(value)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _timeout(value: object, path: Path) -> float:
    """[mail] timeout / TRACKER_SMTP_TIMEOUT: seconds, more than 0 and at most an hour."""
    try:
        seconds = float(str(value).strip())
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:  # also refuses nan and inf
        raise InputError("error.bad_config", path=path, problem=t("settings.not_timeout", value=value))
    return seconds


def _port(value, path: Path) -> int:
    port = whole_number(str(value), high=65535)
    if not port:  # None, or 0
        raise InputError("error.bad_config", path=path, problem=t("settings.not_port", value=value))
    return port


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
