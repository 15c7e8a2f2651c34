"""A language added as data, safely: a new catalog (Norwegian, a few texts
translated) in a copy of the catalogs folder (``SKAPA_LOCALES``) is counted
by ``skapa catalogs check`` and not offered until it is complete, unless
``--allow-incomplete`` asks for it to try it out. The shipped catalogs and
every other test stay as they are."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skapa_tui import i18n
from skapa_tui.resources import locales_dir

NEW, NAME = next((code, name) for code, name in (("nb", "Norsk"), ("nn", "Nynorsk"), ("is", "Íslenska"))
                 if code not in i18n.languages())
"""The language added: Norwegian, or another when the catalogs have it already."""


def new_language(tmp_path: Path, translated: dict[str, str]) -> Path:
    """A copy of the catalogs with a catalog for NEW that translates ``translated``."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    root = tmp_path / "locales"
    shutil.copytree(locales_dir(), root)
    with (root / i18n.TEMPLATE).open("rb") as fp:
        template = read_po(fp)
    catalog = Catalog(locale=NEW, domain=i18n.DOMAIN)
    for message in template:
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if message.context:  # as `i18n.template_msgids` and gettext key it
                key = f"{message.context}{i18n.CONTEXT_SEPARATOR}{key}"
            text = translated.get(key, "")
            string = (text, text) if isinstance(message.id, tuple) and text else ("", "") \
                if isinstance(message.id, tuple) else text
            catalog.add(message.id, string, context=message.context)
    folder = root / NEW / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.po").open("wb") as fp:
        write_po(fp, catalog)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as fp:
        write_mo(fp, catalog)
    return root


@pytest.fixture
def skapa_with(skapa, tmp_path):
    def run(root: Path, *args, **env):
        return skapa(*args, SKAPA_LOCALES=str(root), **env)

    return run


def test_an_incomplete_catalog_is_counted_and_not_offered(tmp_path, skapa_with):
    root = new_language(tmp_path, {i18n.LANGUAGE_NAME: NAME, "Welcome!": "Velkommen!"})
    done = skapa_with(root, "catalogs", "check", lang="en")
    assert done.returncode == 1, done.stdout + done.stderr
    total = len(i18n.template_msgids(root))
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines[NEW] == f"({NAME}): 2 of {total} texts translated; {total - 2} missing, " \
                         "offered only with --allow-incomplete"
    for lang in i18n.languages():  # the shipped ones: complete and offered, or counted and not
        assert lines[lang].endswith("complete, offered" if i18n.complete(lang)
                                    else "offered only with --allow-incomplete"), lines[lang]
    refused = skapa_with(root, "kiosk", "--lang", NEW, "--data", tmp_path / "data", lang="en")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"the catalog of {NEW} is not complete (2 of {total} texts translated)" in refused.stderr
    for mode in ("kiosk", "desk"):  # the web pages offer only complete languages
        refused = skapa_with(root, "serve", mode, "--lang", NEW, "--data", tmp_path / "data", lang="en")
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert f"the catalog of {NEW} is not complete (2 of {total} texts translated)" in refused.stderr


SWITCHES = """
import json, sys
from skapa_tui import i18n
from skapa_tui.ui.widgets.language_switch import language_switches
i18n.allow_incomplete(sys.argv[1] == "yes")
print(json.dumps([s.lang for s in language_switches("sv")]))
"""


@pytest.mark.parametrize("allow", [False, True])
def test_the_language_switch_offers_it_only_when_asked(tmp_path, allow, clean_env):
    root = new_language(tmp_path, {i18n.LANGUAGE_NAME: NAME})
    env = clean_env(tmp_path, "sv", SKAPA_LOCALES=str(root))
    done = subprocess.run([sys.executable, "-c", SWITCHES, "yes" if allow else "no"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    offered = sorted(__import__("json").loads(done.stdout))
    assert offered == sorted([*i18n.languages(), NEW] if allow else i18n.offered_languages())


def test_a_complete_catalog_is_offered(tmp_path, skapa_with):
    everything = {msgid: f"[{NEW}] {msgid}" for msgid in i18n.template_msgids()}
    everything[i18n.LANGUAGE_NAME] = NAME
    root = new_language(tmp_path, everything)
    done = skapa_with(root, "catalogs", "check", lang="en")
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines[NEW].startswith(f"({NAME}): ") and lines[NEW].endswith("complete, offered"), done.stdout
    # exit 0 when every catalog is complete (one being translated beside it: 1)
    assert done.returncode == (0 if all(map(i18n.complete, i18n.languages())) else 1), done.stdout


BROWSER = """
import sys
from skapa_tui.serve.page import page_language
print(page_language(sys.argv[1] + ",sv;q=0.5", default="sv"))
"""


@pytest.mark.parametrize("complete", [False, True])
def test_a_browser_gets_it_only_when_it_is_complete(tmp_path, complete, clean_env):
    """`skapa serve` picks the page's language from the browser's: never one being translated."""
    translated = {msgid: f"[{NEW}] {msgid}" for msgid in i18n.template_msgids()} if complete else {}
    root = new_language(tmp_path, {**translated, i18n.LANGUAGE_NAME: NAME})
    env = clean_env(tmp_path, "sv", SKAPA_LOCALES=str(root))
    done = subprocess.run([sys.executable, "-c", BROWSER, f"{NEW}-XX,{NEW};q=0.9"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (NEW if complete else "sv")
