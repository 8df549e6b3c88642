"""Every message key the code raises or prints is in the catalogue, in both languages.

A key missing from the catalogue reaches staff as the bare key (error.no_such_week) instead
of what went wrong and what to type.
"""

from __future__ import annotations

import re
from pathlib import Path

from tracker.i18n import MESSAGES

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
# A literal key passed to an error class or to t(): InputError("error.x", ...), t("done.y").
_RAISED = re.compile(r"""(?:Error|Denied|\bt)\(\s*["']((?:error|done|summary|export|mail)\.[a-z0-9_.]+)["']""")


def raised_keys() -> set[str]:
    keys = set()
    for path in PACKAGE.rglob("*.py"):
        if "messages" in path.parts:
            continue
        keys.update(_RAISED.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_literal_message_key_is_in_the_catalogue_in_both_languages():
    keys = raised_keys()
    assert len(keys) > 100  # the pattern finds the keys (a broken pattern would find none)
    missing = sorted(k for k in keys if k not in MESSAGES)
    assert missing == []
    untranslated = sorted(k for k in keys if set(MESSAGES[k]) != {"zh-TW", "en"})
    assert untranslated == []
