"""Catalog loading and the user's language, on real catalogs."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from skapa_tui import i18n
from skapa_tui.resources import locales_dir


def test_each_language_is_named_in_itself():
    """By its own catalog's msgid `English` (what the language switch shows), capitalised."""
    for lang in i18n.languages():
        own = i18n.translation(lang).gettext(i18n.LANGUAGE_NAME)
        assert own != i18n.LANGUAGE_NAME, f"the {lang} catalog does not name its language (the msgid 'English')"
        assert i18n.language_name(lang) == own[:1].upper() + own[1:]
    assert {"sv": "Svenska", "da": "Dansk"}.items() >= {
        lang: i18n.language_name(lang) for lang in ("sv", "da") if lang in i18n.languages()}.items()


def test_a_stale_compiled_catalog_gives_way_to_the_po(tmp_path):
    root = tmp_path / "locales"
    shutil.copytree(locales_dir() / "sv", root / "sv",
                    ignore=shutil.ignore_patterns("*.mo"))
    po = root / "sv" / "LC_MESSAGES" / "skapa.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Välkommen!"', 'msgstr "Hej och välkommen!"'), encoding="utf-8")
    # an old .mo beside a newer .po is not used
    mo = root / "sv" / "LC_MESSAGES" / "skapa.mo"
    shutil.copy(locales_dir() / "sv" / "LC_MESSAGES" / "skapa.mo", mo)
    old = time.time() - 3600
    os.utime(mo, (old, old))
    assert i18n.translation("sv", root).gettext("Welcome!") == "Hej och välkommen!"


@pytest.mark.parametrize("env,expected", [
    ({"SKAPA_LANG": "da"}, "da"),
    ({"LANG": "sv_SE.UTF-8"}, "sv"),
    ({"LC_ALL": "da_DK.UTF-8", "LANG": "sv_SE.UTF-8"}, "da"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "sv"),
])
def test_the_users_language(monkeypatch, env, expected):
    for var in ("SKAPA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.user_language() == expected


def test_dates_and_numbers_are_formatted_by_babel():
    from datetime import date

    assert i18n.fmt_date(date(2026, 11, 23), "sv") == "23 november 2026"
    assert i18n.fmt_date(date(2026, 11, 23), "da") == "23. november 2026"
    assert i18n.fmt_number(1234.5, "sv") == "1\xa0234,5"


# --- a msgid with a context (msgctxt): the same English, two meanings --------------

def test_a_msgid_with_a_context_is_translated_within_it():
    from skapa_tui.ui.screens.add_participant import LABELS

    field = LABELS["pin"]  # the field's label; the command line's placeholder is the plain "PIN"
    assert field == "PIN"  # one English text ...
    for lang in i18n.offered_languages():
        i18n.set_language(lang)
        try:
            # ... said in each language as its place needs it, by every way of translating
            assert i18n._(field) != i18n._("PIN") != "PIN"
            assert i18n.gettext_for(lang)(field) == i18n._(field)
            assert i18n.pgettext(field.context, "PIN") == i18n._(field)
        finally:
            i18n.set_language(i18n.DEFAULT_LANGUAGE)
    i18n.set_language("en")
    try:
        assert i18n._(field) == "PIN" and type(i18n._(field)) is str
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_a_context_counts_as_a_msgid_of_its_own_in_the_template_and_the_coverage():
    from skapa_tui.ui.screens.caseload import COLUMNS

    template = i18n.template_msgids()
    column = dict(COLUMNS)["participant"]
    assert f"{column.context}{i18n.CONTEXT_SEPARATOR}Participant" in template
    assert "Participant" in template  # the same English without the context, said elsewhere
    for lang in i18n.offered_languages():
        assert f"{column.context}{i18n.CONTEXT_SEPARATOR}Participant" in i18n.translated_msgids(lang)
        assert i18n.complete(lang)


def test_a_context_left_untranslated_makes_a_catalog_incomplete(tmp_path):
    """A msgctxt entry with no msgstr is missing, though its msgid is translated elsewhere."""
    from babel.messages.pofile import read_po, write_po

    shutil.copytree(locales_dir(), tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    lang = i18n.offered_languages()[0]
    po = tmp_path / "locales" / lang / "LC_MESSAGES" / "skapa.po"
    with po.open("rb") as fp:
        catalog = read_po(fp)
    catalog.get("Participant", "caseload column: the date of the participant's latest reading").string = ""
    with po.open("wb") as fp:
        write_po(fp, catalog)
    translated, total = i18n.coverage(lang, tmp_path / "locales")
    assert translated == total - 1
    assert i18n.coverage(lang) == (total, total)
