"""The two pages the server writes itself: the login page and the page that holds the UI.

Everything they load comes from this server (an intranet page must not reach outside hosts:
textual-serve's own template loads a web font from Google). User text is escaped here.
"""

from __future__ import annotations

from html import escape

from tracker.i18n import t

_STYLE = """
body { margin: 0; background: #0c181f; color: #e8eef2; font-family: "Noto Sans TC", "Noto Sans CJK TC",
  "Microsoft JhengHei", "PingFang TC", sans-serif; }
main { max-width: 26rem; margin: 10vh auto; padding: 2rem; background: #12232d; border-radius: 6px; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
p.meta { margin: .2rem 0; color: #b6c5cf; }
label { display: block; margin-top: 1rem; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; margin-top: .25rem; }
button { margin-top: 1.25rem; padding: .6rem 1.4rem; font-size: 1rem; background: #0178d4; color: #fff;
  border: none; border-radius: 4px; cursor: pointer; }
p.message { margin-top: 1rem; color: #ffb4a8; }
p.note { margin-top: 1rem; color: #a8e0b0; }
"""


def login_page(*, lang: str, title: str, report: str, today: str, message: str = "", note: str = "") -> str:
    """The tracker's name, the report in view and the date; nothing more before login."""
    html_lang = "zh-Hant-TW" if lang == "zh-TW" else "en"
    shown_message = f'<p class="message" id="message" role="alert">{escape(message)}</p>' if message else ""
    shown_note = f'<p class="note" id="note">{escape(note)}</p>' if note else ""
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1 id="title">{escape(title)}</h1>
<p class="meta" id="report">{escape(t("web.report", lang, report=report))}</p>
<p class="meta" id="today">{escape(t("web.today", lang, today=today))}</p>
<form method="post" action="login" autocomplete="on">
<input type="hidden" name="lang" value="{escape(lang)}">
<label>{escape(t("web.name", lang))}
<input name="name" id="name" autocomplete="username" required autofocus maxlength="100"></label>
<label>{escape(t("web.password", lang))}
<input name="password" id="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
<button type="submit" id="login">{escape(t("web.login", lang))}</button>
</form>
{shown_message}{shown_note}
</main>
</body>
</html>
"""


def app_page(
    *, lang: str, title: str, user: str, csrf: str, websocket_url: str, static_url: str, font_size: int
) -> str:
    """The page that holds the UI: textual-serve's terminal (its own script, served here), a
    bar with who is logged in and the logout button, and nothing loaded from elsewhere."""
    html_lang = "zh-Hant-TW" if lang == "zh-TW" else "en"
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="referrer" content="same-origin">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{escape(static_url)}css/xterm.css">
<script src="{escape(static_url)}js/textual.js"></script>
<style>
@font-face {{ font-family: "Roboto Mono"; src: url("{escape(static_url)}fonts/RobotoMono-VariableFont_wght.ttf"); }}
body {{ margin: 0; background: #0c181f; overflow: hidden; font-family: "Noto Sans TC", "Noto Sans CJK TC", sans-serif; }}
#bar {{ height: 26px; display: flex; align-items: center; justify-content: flex-end; gap: 1rem;
  padding: 0 .75rem; color: #b6c5cf; font-size: 13px; background: #12232d; }}
#bar button {{ font-size: 12px; padding: 2px 10px; cursor: pointer; }}
body .textual-terminal {{ width: 100vw !important; height: calc(100vh - 26px) !important; opacity: 0;
  transition: opacity .3s ease-out; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
#starting, #ended {{ position: absolute; top: 40vh; width: 100%; text-align: center; color: #e8eef2; }}
body.-first-byte #starting {{ display: none; }}
#ended {{ display: none; }}
body.-closed #ended {{ display: block; }}
body.-closed .textual-terminal {{ opacity: .2; }}
#ended a {{ display: inline-block; margin-top: 1rem; padding: .5rem 1.2rem; color: #fff; background: #0178d4; }}
</style>
</head>
<body>
<div id="bar"><span id="user">{escape(t("web.signed_in", lang, user=user))}</span>
<form method="post" action="logout" style="margin:0"><input type="hidden" name="csrf" value="{escape(csrf)}">
<button type="submit" id="logout">{escape(t("web.logout", lang))}</button></form></div>
<div id="starting">{escape(t("web.starting", lang))}</div>
<div id="ended">{escape(t("web.session_ended", lang))}<br>
<a href="./" id="restart">{escape(t("web.restart", lang))}</a></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{escape(websocket_url)}"
  data-font-size="{font_size}"></div>
</body>
</html>
"""
