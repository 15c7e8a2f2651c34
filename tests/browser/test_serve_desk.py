"""The supervisor's desk served to a real Chromium (issue 15): sign in by
keys with no click, the caseload, a participant's page, and the summary PDF
downloaded by the browser (Textual's deliver_binary), not written on the
server's disk.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from skapa_tui import i18n

from ..conftest import _clean_env, skapa_command
from .test_serve_kiosk import screenshot
from .web_terminal import WebTerminal

LANGS = tuple(i18n.offered_languages())
LOCALES = {"sv": "sv-SE", "da": "da-DK"}


def t(lang: str, msgid: str, **fields) -> str:
    text = i18n.gettext_for(lang)(msgid)
    assert text != msgid, f"the {lang} catalog does not translate {msgid!r}"
    return text.format(**fields) if fields else text


def demo(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    data = tmp_path / "data"
    done = subprocess.run([*skapa_command(), "demo", "--data", str(data)], capture_output=True, text=True,
                          env=_clean_env(home, "sv"), timeout=120)
    assert done.returncode == 0, done.stderr
    return data


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_supervisor_signs_in_sees_the_caseload_and_downloads_a_summary(tmp_path, lang, served, browser):
    data = demo(tmp_path)
    server = served("desk", data, "--lang", lang)
    chromium = browser(locale="en-GB")
    page = chromium.page()
    screen = WebTerminal(page)
    page.goto(server.url)
    screen.wait_for(t(lang, "Your passphrase"))
    screen.type("demo")
    screen.press("Enter")
    screen.type("demo-passphrase")
    screen.press("Enter")
    for code in ("DEMO1", "DEMO2"):
        screen.wait_for(code)
    screenshot(page, tmp_path, f"desk-caseload-{lang}")
    screen.press("Enter")  # the highlighted participant's page
    screen.wait_for(t(lang, "Summary to take home"))
    screen.press("s")
    screen.wait_for(t(lang, "Download"))
    with page.expect_download(timeout=30_000) as waiting:
        screen.press("Enter")
    download = waiting.value
    name = download.suggested_filename
    assert name.startswith("skapa-summary-") and name.endswith(".pdf")
    saved = tmp_path / "downloads" / name
    download.save_as(saved)
    document = pdfium.PdfDocument(saved.read_bytes())
    assert len(document) == 1
    text = document[0].get_textpage().get_text_range()
    assert "DEMO" not in name and len(text) > 200
    screen.wait_for(name)  # the notification (wrapped in its box) names the file
    screenshot(page, tmp_path, f"desk-downloaded-{lang}")
    assert not list((tmp_path / "home").rglob("*.pdf")), "the summary was written on the server's disk"
