"""The summary to take home stays readable in the worst case (read back with pdfium).

The longest Danish answer of every indicator, a goal and a plan of the
longest texts: the body type never goes below 9 pt, the plan goes on to a
second page instead, and the chart's ring numbers are 8 pt or more. The
supervisor's name and contact line are on the page.
"""

from __future__ import annotations

import re
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, asked_of
from skapa_tui.domain.interventions import JOB_FOCUSED, SOCIAL
from skapa_tui.domain.plan import GOAL_MAX, TEXT_MAX
from skapa_tui.logic import summary as page
from skapa_tui.render.summary_file import summary_bytes
from skapa_tui.render.summary_pdf import RING_SIZE, SIZES
from skapa_tui.resources import flow_library
from tests.unit.progression_data import CODE, SUPERVISOR_ID, add_reading, flow_for, new_store

MARCH, JUNE = date(2025, 3, 3), date(2025, 6, 2)
CONTACT = "040-12 34 56, anna.berg@jobcenter.example"


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def longest_answers(lang: str) -> dict[str, int]:
    """For each indicator, the value whose anchor is longest in ``lang``."""
    flow = flow_library().current(PARTICIPANT)
    gettext = i18n.translation(lang).gettext
    return {i.id: max(range(1, 6), key=lambda v, i=i: len(gettext(flow.rated_question(i.id).anchor(v).text)))
            for i in asked_of(PARTICIPANT)}


def chars(blob: bytes):
    """(page number, character, font size in points) of every character drawn."""
    document = pdfium.PdfDocument(blob)
    for n in range(len(document)):
        text = document[n].get_textpage()
        for k in range(text.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(text, k))
            if char.strip():
                yield n, char, pdfium_c.FPDFText_GetFontSize(text, k)


def page_texts(blob: bytes) -> list[str]:
    document = pdfium.PdfDocument(blob)
    return [words(document[n].get_textpage().get_text_range()) for n in range(len(document))]


@pytest.fixture
def worst(tmp_path):
    store = new_store(tmp_path / "data")
    store.set_supervisor_contact(SUPERVISOR_ID, CONTACT)
    longest = longest_answers("da")
    add_reading(store, PARTICIPANT, MARCH, {k: 1 for k in longest}, lang="da")
    add_reading(store, PARTICIPANT, JUNE, longest, lang="da")
    ids = []
    for n in range(8):
        text = f"Forløb {n + 1}: " + ("arbejdstræning i en butik med fast vejleder " * 4)
        ids.append(store.add_intervention(
            CODE, kind="other", group=JOB_FOCUSED if n % 2 else SOCIAL, text=text[:TEXT_MAX].strip(),
            start=MARCH, end=date(2025, 12, 19), responsible=("Kontaktperson i jobcentret " * 5)[:TEXT_MAX].strip(),
            by=SUPERVISOR_ID).id)
    goal = ("At få et fast job i en butik tæt på hjemmet, med gode kolleger " * 4)[:GOAL_MAX]
    store.save_plan(CODE, goal=goal, next_follow_up=date(2099, 9, 14), interventions=ids, by=SUPERVISOR_ID)
    return store, longest


def test_the_longest_danish_answers_and_a_long_plan_stay_readable(worst):
    store, longest = worst
    history = store.history(CODE)
    blob = summary_bytes(history, flow_for, "da", JUNE, store.supervisor(SUPERVISOR_ID))
    texts = page_texts(blob)
    assert len(texts) >= 2  # the plan went on to a second page instead of the type shrinking
    everything = " ".join(texts)
    gettext = i18n.translation("da").gettext
    flow = flow_library().current(PARTICIPANT)
    for indicator, value in longest.items():
        assert words(gettext(flow.rated_question(indicator).anchor(value).text)) in everything
    for n in range(8):
        assert f"Forløb {n + 1}:" in everything
    assert words(gettext(page.CONTACT_HOW).format(contact=CONTACT)) in everything
    sizes = list(chars(blob))
    assert min(size for _n, _c, size in sizes) >= RING_SIZE - 0.01  # ring numbers and labels too
    # The body: everything but the chart's ring numbers and axis labels is 9 pt or more.
    small = "".join(char for _n, char, size in sizes if size < SIZES[-1] - 0.01)
    labels = "".join(page.build_summary(history, flow_for, "da", JUNE).axes).replace(" ", "")
    assert sorted(small) == sorted(labels + "12345")


def test_an_ordinary_summary_is_one_page_with_the_supervisor_on_it(tmp_path):
    store = new_store(tmp_path / "data")
    store.set_supervisor_contact(SUPERVISOR_ID, CONTACT)
    add_reading(store, PARTICIPANT, JUNE, {i.id: 3 for i in asked_of(PARTICIPANT)}, lang="sv")
    blob = summary_bytes(store.history(CODE), flow_for, "sv", JUNE, store.supervisor(SUPERVISOR_ID))
    texts = page_texts(blob)
    assert len(texts) == 1
    gettext = i18n.translation("sv").gettext
    assert words(gettext(page.CONTACT_HEADING)) in texts[0]
    assert SUPERVISOR_ID in texts[0]
    assert words(gettext(page.CONTACT_HOW).format(contact=CONTACT)) in texts[0]
    assert min(size for _n, _c, size in chars(blob)) >= RING_SIZE - 0.01


def test_without_a_contact_line_only_the_name_is_given(tmp_path):
    store = new_store(tmp_path / "data")
    blob = summary_bytes(store.history(CODE), flow_for, "da", JUNE, store.supervisor(SUPERVISOR_ID))
    text = page_texts(blob)[0]
    gettext = i18n.translation("da").gettext
    assert words(gettext(page.CONTACT_HEADING)) in text and SUPERVISOR_ID in text
    assert words(gettext(page.CONTACT_HOW)).split("{")[0].strip() not in text


def test_without_a_supervisor_the_page_names_nobody(tmp_path):
    store = new_store(tmp_path / "data")
    blob = summary_bytes(store.history(CODE), flow_for, "sv", JUNE, None)
    gettext = i18n.translation("sv").gettext
    heading, text = words(gettext(page.CONTACT_HEADING)), page_texts(blob)[0]
    assert text.count(heading) == words(gettext(page.NO_NEXT)).count(heading)  # only inside that sentence
