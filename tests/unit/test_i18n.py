"""Catalog loading and the user's language, on real catalogs."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from skapa_tui import i18n
from skapa_tui.resources import locales_dir


def test_each_language_is_named_in_itself():
    assert [i18n.language_name(lang) for lang in i18n.languages()] == ["Dansk", "Svenska"]


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
