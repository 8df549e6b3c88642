"""`tracker serve`: the terminal UI in a browser, behind a login (issue 14).

- sessions: the login's cookie, idle expiry, and slowing down wrong passwords.
- pages: the login page and the page that holds the UI, served entirely by the tracker.
- server: the aiohttp application in front of textual-serve's pieces: every route but the
  login asks for a session, and each browser tab's UI runs in its own process started with
  the session's account as the user.
"""
