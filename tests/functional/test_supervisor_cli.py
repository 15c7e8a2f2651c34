"""``skapa supervisor`` end to end in subprocesses and a pseudo-terminal."""

from __future__ import annotations

import pytest

from skapa_tui import i18n
from skapa_tui.storage import Store

from .test_cli import Terminal, terminal  # noqa: F401  (the pseudo-terminal fixture)

LANGS = i18n.offered_languages()
PASSPHRASE = "the long passphrase"


def t(lang: str, msgid: str, **fields) -> str:
    text = i18n.translation(lang).gettext(msgid)
    return text.format(**fields) if fields else text


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_desk_needs_a_terminal(skapa, tmp_path, lang):
    done = skapa("supervisor", "--data", tmp_path / "data", lang=lang)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == "skapa: " + t(lang, "the supervisor's desk needs a terminal to run in")


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_the_lock_minutes_must_be_a_positive_number(skapa, tmp_path, value):
    done = skapa("supervisor", "--data", tmp_path, "--lock-minutes", value)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--lock-minutes" in done.stderr


def test_the_help_names_the_lock_minutes(skapa, tmp_path):
    done = skapa("supervisor", "--help")
    assert done.returncode == 0 and "--lock-minutes" in done.stdout


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_that_is_not_skapa_data_is_said_in_one_line(terminal, tmp_path, lang):  # noqa: F811
    foreign = tmp_path / "papers"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not skapa data")
    session = terminal("supervisor", "--data", foreign, lang=lang)
    assert session.wait() == 1
    assert "Traceback" not in session.output
    assert "skapa: " in session.output and str(foreign) in session.output
    assert (foreign / "notes.txt").read_text() == "not skapa data"


def test_sign_in_and_ctrl_q_in_a_real_terminal(terminal, tmp_path):  # noqa: F811
    import time

    data = tmp_path / "data"
    store = Store(data)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_participant("AB12", "1234", supervisor="anna")
    session = terminal("supervisor", "--data", data, "--lang", "da", lang="sv")
    from skapa_tui.ui.screens.sign_in import LABELS

    session.expect(t("da", LABELS["passphrase"]), timeout=30)
    session.send("anna\r")
    time.sleep(0.3)
    session.send(PASSPHRASE + "\r")
    session.expect("AB12", timeout=30)
    session.send("\x11")  # ctrl+q
    assert session.wait() == 0
    assert "Traceback" not in session.output
