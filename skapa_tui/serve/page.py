"""The page around the terminal: its language and its texts (templates/page.html).

The page is skapa's own, not textual-serve's (which loads a stylesheet from
Google Fonts): everything it uses comes from this server, the fonts
included (static/fonts, see its README). Its texts are msgids here, said in
the page's language, which is ``--lang``, else the browser's first language
that has a catalog (``Accept-Language``), else the language of the person
who started the server, else the default. The tab's app starts in the same
language (the page asks for it in the websocket's address).

What the page says when its session ends (`skapa_tui.serve.server` closes
the websocket with a code that says why, and the page sees a connection
that no longer answers by itself) differs for the kiosk, where a participant
reads it (plain words), and the desk.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .. import i18n
from ..i18n import N_

HERE = Path(__file__).resolve().parent
POINTERS = ("mouse", "touch")
"""What the page says the tab is pointed with: a touch screen gets tap targets two rows high."""

COMMON = {
    "noscript": N_("This page needs JavaScript. Please turn it on in the browser."),
    "starting": N_("Please wait a little…"),
    "waiting": N_("Waiting for the network…"),
}

TEXTS = {
    "kiosk": {
        "ended": N_("This page is closed. Soon you are back at the start."),
        "crashed": N_("Something went wrong. Your answers are saved. Soon you are back at the start."),
        "restarting": N_("Soon it all starts again. Your answers are saved. Please wait a little."),
        "lost": N_("The network is gone. Your answers are saved. When it works again, you are back at the "
                   "start."),
        "full": N_("There is no room right now. Please wait a little."),
    },
    "desk": {
        "ended": N_("The desk is closed. In a moment the sign-in comes back."),
        "crashed": N_("The desk stopped because of an error in the program. What was saved is kept. In a "
                      "moment the sign-in comes back."),
        "restarting": N_("The desk's server has stopped. What was saved is kept. The sign-in comes back "
                         "when the server runs again."),
        "lost": N_("The connection to the desk is lost. What was saved is kept. The sign-in comes back "
                   "when the connection is back."),
        "full": N_("Too many people use the desk right now. It tries again in a moment."),
    },
}

COLUMNS = {"kiosk": (60, 20, 100), "desk": (80, 24, 120)}
"""For each mode: the fewest columns and rows the screens are made for, and
the columns the page aims at (the font grows on a large screen, to 28 px)."""


def page_language(accept_language: str, default: str | None = None) -> str:
    """The page's language for a browser that accepts ``accept_language``."""
    available = i18n.offered_languages()  # a language being translated is not offered
    wanted: list[tuple[float, int, str]] = []
    for at, item in enumerate(accept_language.split(",")[:32]):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = name.strip().split("-")[0].lower()
        if code in available and quality > 0:
            wanted.append((-quality, at, code))
    if wanted:
        return min(wanted)[2]
    fallback = default or i18n.user_language()
    return fallback if fallback in available else i18n.DEFAULT_LANGUAGE


@cache
def _template():
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("page.html")


def page_texts(mode: str, lang: str) -> dict[str, str]:
    say = i18n.gettext_for(lang)
    return {key: say(msgid) for key, msgid in {**COMMON, **TEXTS[mode]}.items()}


def render_page(mode: str, lang: str, version: str) -> str:
    """The page of ``mode`` (kiosk or desk) in ``lang``."""
    fewest_columns, fewest_rows, aim = COLUMNS[mode]
    config = {"mode": mode, "lang": lang, "columns": fewest_columns, "rows": fewest_rows, "aim": aim}
    return _template().render(lang=lang, mode=mode, texts=page_texts(mode, lang), config=config,
                              version=version)
