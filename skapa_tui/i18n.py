"""Catalogs (gettext, managed with Babel) and Babel formatting of dates and numbers.

English msgids; one folder per language under ``locales/`` (``locales/sv``,
``locales/da``). A language is added by adding its folder: nothing here names
one. A language is *offered* (at the kiosk's and the desk's language
switches and as the apps' ``--lang``) only when its catalog is complete,
every msgid of the template ``locales/skapa.pot`` translated: a person who
chooses a language must not meet English half-way through. `allow_incomplete`
offers every catalog, for trying a new language out; `coverage` says how far
a catalog has come (``skapa catalogs check``). The compiled ``skapa.mo`` is used when it is at least as new as the
``.po``; otherwise the ``.po`` is compiled in memory (with Babel), so a source
checkout always shows its current texts. A ``.mo`` is read by the standard
library's ``gettext``: Babel loads only when it is needed (compiling a
``.po``, dates, numbers, a language name missing from its catalog), because
the kiosk's start-up time counts. Imports neither textual nor rich.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from .domain.indicators import N_, NC_, Contextual  # noqa: F401  (re-exported: mark a msgid, translate later)
from .resources import locales_dir

DOMAIN = "skapa"
DEFAULT_LANGUAGE = "sv"


def languages(root: Path | None = None) -> list[str]:
    """The languages that have a catalog, sorted."""
    root = root or locales_dir()
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir()
        if (p / "LC_MESSAGES" / f"{DOMAIN}.po").exists() or (p / "LC_MESSAGES" / f"{DOMAIN}.mo").exists()
    )


TEMPLATE = f"{DOMAIN}.pot"
"""The template of every msgid, beside the language folders (the wheel carries it too)."""

_allow_incomplete = False


def allow_incomplete(allow: bool = True) -> None:
    """Offer every catalog, complete or not (``--allow-incomplete``: trying a language out)."""
    global _allow_incomplete
    _allow_incomplete = allow
    offered_languages.cache_clear()


@cache
def template_msgids(root: Path | None = None) -> frozenset[str]:
    """Every msgid of the template (the singular of a plural), read with a
    small parser: the apps look at it before their first screen."""
    import json
    import re

    path = (root or locales_dir()) / TEMPLATE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    found = set()
    string = r'("(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)'
    for block in re.finditer(rf'^(?:msgctxt {string}\n)?msgid {string}', text, re.M):
        msgid = "".join(json.loads(part) for part in block.group(2).split("\n"))
        if msgid and block.group(1) is not None:
            # a compiled catalog keeps a msgid with a context as "context\x04msgid"
            context = "".join(json.loads(part) for part in block.group(1).split("\n"))
            msgid = f"{context}{CONTEXT_SEPARATOR}{msgid}"
        if msgid:
            found.add(msgid)
    return frozenset(found)


CONTEXT_SEPARATOR = "\x04"
"""How gettext keys a msgid with a context: "context\x04msgid"."""


def translate(translations: _gettext.NullTranslations, message: str) -> str:
    """``message`` by ``translations``, within its context when it has one (`NC_`)."""
    if isinstance(message, Contextual):
        return translations.pgettext(message.context, str(message))
    return translations.gettext(message)


def coverage(lang: str, root: Path | None = None) -> tuple[int, int]:
    """(translated, total): how many of the template's msgids the catalog of ``lang`` translates."""
    template = template_msgids(root)
    return len(template & translated_msgids(lang, root)), len(template)


def complete(lang: str, root: Path | None = None) -> bool:
    translated, total = coverage(lang, root)
    return translated == total


@lru_cache(maxsize=1)
def offered_languages() -> list[str]:
    """The languages a person may choose: those with a complete catalog (every
    catalog with `allow_incomplete`); the default language in any case when
    it has a catalog. Sorted."""
    found = languages()
    if _allow_incomplete:
        return found
    return [lang for lang in found if lang == DEFAULT_LANGUAGE or complete(lang)]


def _compiled(lang: str, root: Path) -> Path | None:
    """The language's ``.mo``, if it is at least as new as its ``.po``."""
    folder = root / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo
    return None


@cache
def _translations(lang: str, root: Path) -> _gettext.NullTranslations:
    mo = _compiled(lang, root)
    if mo is not None:
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    po = root / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


@lru_cache(maxsize=1)
def _shipped_locales() -> Path:
    # Looked up once: `_` runs for every label on every screen.
    return locales_dir().resolve()


def translation(lang: str, root: Path | None = None) -> _gettext.NullTranslations:
    return _translations(lang, root.resolve() if root is not None else _shipped_locales())


def gettext_for(lang: str) -> Callable[[str], str]:
    """The translating function of ``lang`` (a msgid with a context is translated within it)."""
    translations = translation(lang)
    return lambda message: translate(translations, message)


def translated_msgids(lang: str, root: Path | None = None) -> set[str]:
    """The msgids the catalog of ``lang`` translates (non-empty, not fuzzy)."""
    t = translation(lang, root)
    catalog = getattr(t, "_catalog", {})
    found = {k for k, v in catalog.items() if isinstance(k, str) and k and v}
    # A plural's forms are kept under (msgid, n); a form left empty in the
    # .po is compiled as the msgid itself, so that one is not translated.
    found |= {k[0] for k, v in catalog.items() if isinstance(k, tuple) and k[0] and k[1] == 0 and v and v != k[0]}
    return found


LANGUAGE_NAME = N_("English")
"""Each catalog translates this into its own language's name ("Svenska", "Dansk")."""


@cache
def language_name(lang: str) -> str:
    """The language's name in itself, as a person would write it: 'Svenska', 'Dansk'.

    Read from the language's own catalog (loading one compiled catalog takes
    well under a millisecond); Babel's locale data is the fallback for a
    catalog that lacks it."""
    name = translation(lang).gettext(LANGUAGE_NAME)
    if name == LANGUAGE_NAME and lang != "en":
        from babel import Locale, UnknownLocaleError

        try:
            name = Locale.parse(lang).get_display_name(lang) or lang
        except (ValueError, UnknownLocaleError):
            name = lang
    return name[:1].upper() + name[1:]


def user_language(default: str = DEFAULT_LANGUAGE) -> str:
    """The language of the person at the command line: SKAPA_LANG, then LC_ALL,
    LC_MESSAGES, LANG; English (no translation) when none of ours fits."""
    available = set(languages())
    for var in ("SKAPA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].lower()
            if code in available:
                return code
            if code in ("en", "c", "posix"):
                return "en"
    return default if default in available else "en"


# Babel's dates and numbers load their locale data on first use, not at start-up.

def fmt_date(value: date | datetime, lang: str, format: str = "long") -> str:
    from babel.dates import format_date

    return format_date(value, format=format, locale=lang)


def fmt_day(value: date | datetime, lang: str) -> str:
    """A day as the language writes it for a reader, always with its year
    ("6 sep. 2026", "6. sep. 2026"): one format wherever dates stand together."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMd", value, locale=lang)


def fmt_datetime(value: datetime, lang: str, format: str = "medium") -> str:
    from babel.dates import format_datetime

    return format_datetime(value, format=format, locale=lang)


def fmt_number(value: float | int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


_current = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Choose the language `_` translates into (the kiosk's or the CLI user's)."""
    global _current
    _current = lang


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` (an English msgid; one marked with `NC_` within its
    context) into the current language."""
    if _current == "en":
        return str(message)
    return translate(translation(_current), message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` said in ``context`` (gettext's msgctxt) into the current language."""
    if _current == "en":
        return message
    return translation(_current).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current == "en":
        return singular if n == 1 else plural
    return translation(_current).ngettext(singular, plural, n)
