"""`skapa summary`: the participant's page, rendered with pdfium and read back."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from datetime import date

import pypdfium2 as pdfium
import pytest

from skapa_tui import cli, i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import JOB_FOCUSED, KIND_BY_ID, SOCIAL, kinds_of
from skapa_tui.logic import summary as page
from skapa_tui.resources import flow_library
from tests.unit.progression_data import CODE, SUPERVISOR_ID, add_reading, every, new_store

LANGUAGES = i18n.offered_languages()
MARCH, JUNE = date(2025, 3, 3), date(2025, 6, 2)
NEXT = date(2099, 9, 14)
GOAL = "Work in a shop before the summer"
A4 = (595.28, 841.89)  # points


def words(text: str) -> str:
    """The text with its line breaks and spacing made single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def data(tmp_path):
    """A participant with two readings of their own, one of the supervisor's and a plan."""
    folder = tmp_path / "data"
    store = new_store(folder)
    add_reading(store, PARTICIPANT, MARCH, every(PARTICIPANT, 2))
    latest = {**every(PARTICIPANT, 4), "contact": 5, "health": None}
    add_reading(store, PARTICIPANT, JUNE, latest)
    add_reading(store, SUPERVISOR, JUNE, every(SUPERVISOR, 1))
    search = store.add_intervention(CODE, kind=kinds_of(JOB_FOCUSED)[1].id, group=JOB_FOCUSED, text=None,
                                    start=JUNE, end=None, responsible="Anna at the job centre",
                                    by=SUPERVISOR_ID)
    course = store.add_intervention(CODE, kind="other", group=SOCIAL, text="Swimming – on Tuesdays",
                                    start=JUNE, end=date(2099, 8, 29), responsible="Bo",
                                    by=SUPERVISOR_ID)
    # in the plan, but over by now (it ended on its end date): not on the page
    ended = store.add_intervention(CODE, kind="other", group=SOCIAL, text="Cooking class",
                                   start=MARCH, end=JUNE, responsible="Cecilia", by=SUPERVISOR_ID)
    store.save_plan(CODE, goal=GOAL, next_follow_up=NEXT, interventions=[search.id, course.id, ended.id],
                    by=SUPERVISOR_ID)
    return folder, latest


def read_pdf(blob: bytes):
    document = pdfium.PdfDocument(blob)
    assert len(document) == 1
    page_ = document[0]
    width, height = page_.get_size()
    assert (width, height) == pytest.approx(A4, abs=1)
    text = words(page_.get_textpage().get_text_range())
    image = page_.render(scale=1).to_pil().convert("L")
    return text, image


def anchor_texts(values: dict[str, int | None], lang: str) -> list[str]:
    flow = flow_library().current(PARTICIPANT)
    gettext = i18n.translation(lang).gettext
    return [gettext(flow.rated_question(ind).anchor(v).text) for ind, v in values.items() if v is not None]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_has_the_latest_anchors_the_plan_and_the_next_meeting(skapa, data, tmp_path, lang):
    folder, latest = data
    out = tmp_path / "page.pdf"
    done = skapa("summary", CODE.lower(), "--lang", lang, "--out", out, "--data", folder)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text, image = read_pdf(out.read_bytes())
    gettext = i18n.translation(lang).gettext
    for sentence in anchor_texts(latest, lang):
        assert words(sentence) in text
    for sentence in anchor_texts(every(PARTICIPANT, 2), lang):  # the earlier reading's are not
        assert words(sentence) not in text
    assert words(gettext(page.NOT_ANSWERED)) in text     # health: not answered, not a number
    assert GOAL in text
    assert words(gettext(KIND_BY_ID[kinds_of(JOB_FOCUSED)[1].id].name)) in text
    assert "Anna at the job centre" in text and "Swimming - on Tuesdays" in text
    assert "Cooking class" not in text and "Cecilia" not in text  # ended: not part of the plan now
    assert words(gettext(page.NEXT_MEETING).format(date=i18n.fmt_date(NEXT, lang, "long"))) in text
    for day in (MARCH, JUNE):  # the chart's legend
        assert i18n.fmt_date(day, lang, "medium") in text
    # Drawn, not blank: ink on the page, and in the chart's half too.
    dark = sum(image.histogram()[:128])
    assert dark > 2000
    lower = image.crop((0, image.height // 2, image.width, image.height))
    assert sum(lower.histogram()[:200]) > 500


def test_the_default_language_is_the_participants_own(skapa, tmp_path):
    folder = tmp_path / "data"
    store = new_store(folder)
    other = next(lang for lang in LANGUAGES if lang != "sv")
    add_reading(store, PARTICIPANT, MARCH, every(PARTICIPANT, 3), lang=other)
    out = tmp_path / "page.pdf"
    done = skapa("summary", CODE, "--out", out, "--data", folder, lang="sv")
    assert done.returncode == 0, done.stderr
    text, _image = read_pdf(out.read_bytes())
    for sentence in anchor_texts(every(PARTICIPANT, 3), other):
        assert words(sentence) in text


def test_without_readings_or_plan_the_page_says_so(skapa, tmp_path):
    folder = tmp_path / "data"
    new_store(folder)
    out = tmp_path / "page.pdf"
    done = skapa("summary", CODE, "--lang", "sv", "--out", out, "--data", folder)
    assert done.returncode == 0, done.stderr
    text, _image = read_pdf(out.read_bytes())
    gettext = i18n.translation("sv").gettext
    assert words(gettext(page.NO_RATINGS)) in text
    assert words(gettext(page.NO_PLAN)) in text


def test_the_pdf_goes_to_a_program_without_out(skapa_command, clean_env, data, tmp_path):
    folder, _latest = data
    done = subprocess.run([*skapa_command, "summary", CODE, "--data", str(folder)], capture_output=True,
                          env=clean_env(tmp_path, "sv"), timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF")
    read_pdf(done.stdout)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_out_is_needed(monkeypatch, capsys, data, restore_language):
    folder, _latest = data
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert cli.main(["summary", CODE, "--data", str(folder)]) == cli.EXIT_USAGE
    assert "--out" in capsys.readouterr().err
    assert not list(folder.parent.glob("*.pdf"))


def test_an_unknown_code_is_said_in_one_line(skapa, data, tmp_path):
    folder, _latest = data
    done = skapa("summary", "ZZ99", "--out", tmp_path / "page.pdf", "--data", folder)
    assert done.returncode == 1
    assert "ZZ99" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "page.pdf").exists()


def test_the_page_needs_neither_textual_nor_rich():
    found = subprocess.run(
        [sys.executable, "-c", "import sys, skapa_tui.render.summary_pdf, skapa_tui.logic.summary; "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": "."}, timeout=60)
    assert found.stdout.strip() == "[]", found.stderr
