"""``skapa serve``: the kiosk and the supervisor's desk in a web browser.

- `server`: the web server (aiohttp, with textual-serve's parts): the page,
  its files, one app process per tab, the checks of Origin and Host, the cap
  on sessions, a clean stop. Imports neither textual nor rich.
- `session`: the entry point the server starts for each tab (``python -m
  skapa_tui.serve.session``): the app once, under Textual's web driver.
- `web_app`: the kiosk's and the desk's apps as a tab runs them (focus as in
  the terminal; tap targets on a touch screen: ``touch.tcss``).
- `page`: the page's language and texts (``templates/page.html``,
  ``static/skapa.js``, ``static/skapa.css``, ``static/fonts``).

This module itself is small: the CLI reads its defaults for ``--help``.
"""

KIOSK, DESK = "kiosk", "desk"
MODES = (KIOSK, DESK)
DEFAULT_PORTS = {KIOSK: 8000, DESK: 8001}
DEFAULT_MAX_SESSIONS = 20
