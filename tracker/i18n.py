"""Every label and message in Traditional Chinese (the default) and English.

One table, one lookup: ``t("status.done")``. The language is chosen once per process
from the settings (``--lang``/TRACKER_LANG); a missing translation falls back to Chinese.
"""

from __future__ import annotations

LANGS = ("zh-TW", "en")
_lang = "zh-TW"


def set_lang(lang: str) -> None:
    global _lang
    _lang = normalise_lang(lang)


def current_lang() -> str:
    return _lang


def normalise_lang(lang: str | None) -> str:
    value = (lang or "").strip().lower().replace("_", "-")
    if value in {"en", "en-us", "en-gb", "english"}:
        return "en"
    if value in {"zh-tw", "zh", "zh-hant", "tw", "zh-hant-tw", ""}:
        return "zh-TW"
    raise ValueError(lang)


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang or _lang) or entry["zh-TW"]
    return text.format(**params) if params else text


def _load() -> dict[str, dict[str, str]]:
    # One table, split by area so each part of the tracker keeps its words together.
    from tracker.messages import core, evidence, intake, integrity, remind, reports, review, safety, tui, web

    return {
        **core.MESSAGES,
        **reports.MESSAGES,
        **tui.MESSAGES,
        **safety.MESSAGES,
        **integrity.MESSAGES,
        **review.MESSAGES,
        **evidence.MESSAGES,
        **intake.MESSAGES,
        **web.MESSAGES,
        **remind.MESSAGES,
    }


MESSAGES: dict[str, dict[str, str]] = _load()
