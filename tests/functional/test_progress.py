"""Seeing progression at the desk: the spider chart of both sides beside (or
above) the numbers behind it, opened with ``g`` from the participant's page
and the conversation; and the participant's summary to take home (``s``),
saved as a one-page PDF only its owner can read. The real screens headless
on a real data folder, with fixed dates."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from textual.widgets import Input, Select

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, by_id
from skapa_tui.domain.interventions import JOB_FOCUSED, kinds_of
from skapa_tui.logic.progression import PARTICIPANT_NAME, SUPERVISOR_NAME
from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.conversation import ConversationScreen
from skapa_tui.ui.screens.participant import ParticipantScreen
from skapa_tui.ui.screens.progress import ProgressScreen
from skapa_tui.ui.screens.summary_save import NOT_SAVED, TAKEN, SummarySaveScreen

from .desk_helpers import rendered_text
from .talk_helpers import (
    CODE,
    LANG,
    LANGS,
    ME,
    TODAY,
    TalkApp,
    freeze,
    make_desk,
    make_store,
    ratings,
    store_reading,
    wait_for,
)

LIBRARY = flow_library()
P_FLOW = LIBRARY.current(PARTICIPANT)
S_FLOW = LIBRARY.current(SUPERVISOR)
DAYS = (date(2026, 3, 2), date(2026, 6, 1), date(2026, 9, 7))
OTHER_LANG = next(lang for lang in LANGS if lang != LANG)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, restore_language):
    freeze(monkeypatch)


def say(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid)


def three_each(data: Path, lang: str = LANG):
    """Three readings per side: the participant's contact goes 2 3 4, health is
    skipped in the middle; the supervisor's contact goes 4 3 2. One
    intervention from April on."""
    store = make_store(data)
    for k, day in enumerate(DAYS):
        store_reading(store, P_FLOW, ratings(P_FLOW, {"contact": 2 + k, "health": None if k == 1 else 3}),
                      day=day, lang=lang)
        store_reading(store, S_FLOW, ratings(S_FLOW, {"contact": 4 - k}), day=day, lang=lang)
    job = kinds_of(JOB_FOCUSED)[1]
    store.add_intervention(CODE, kind=job.id, group=JOB_FOCUSED, text=None, start=date(2026, 4, 1), end=None,
                           responsible="Anna", by=ME)
    return store, make_desk(store), job


async def progress_open(pilot) -> ProgressScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ProgressScreen), "the progress screen")
    await wait_for(pilot, lambda: app.screen.chart.plot is not None and app.screen.table.row_count > 0,
                   "the chart and the table drawn")
    await pilot.pause()
    return app.screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_chart_and_the_numbers_behind_it(tmp_path, lang, size):
    _store, desk, job = three_each(tmp_path / "data")
    app = TalkApp(lambda: ProgressScreen(desk, CODE), lang=lang)
    async with app.run_test(size=size) as pilot:
        screen = await progress_open(pilot)
        chart, table = screen.chart, screen.table
        # the chart: both sides, each the latest and the one before it; `e`
        # overlays the two before it, then none, then one again
        assert [s.date for s in chart.samples[PARTICIPANT]] == list(reversed(DAYS))[:2]
        assert [s.date for s in chart.samples[SUPERVISOR]] == list(reversed(DAYS))[:2]
        await pilot.press("e")
        assert [s.date for s in chart.samples[PARTICIPANT]] == list(reversed(DAYS))
        assert [s.date for s in chart.samples[SUPERVISOR]] == list(reversed(DAYS))
        legend = [text for _sample, text, _cls in chart.legend()]
        for who in (PARTICIPANT_NAME, SUPERVISOR_NAME):
            for day in DAYS:
                assert say(lang, "{who}, {date}").format(who=say(lang, who),
                                                         date=i18n.fmt_date(day, lang, "medium")) in legend
        # the table: every reading with its date, ▲ ▼ = and the signed change
        assert [c.label.plain for c in table.columns.values()][1:] == [i18n.fmt_date(d, lang, "short")
                                                                      for d in DAYS]
        cells = lambda key: [str(table.get_cell(key, d.isoformat())) for d in DAYS]  # noqa: E731
        assert cells("contact:participant") == ["2", "3 ▲ +1", "4 ▲ +1"]
        assert cells("contact:supervisor") == ["4", "3 ▼ -1", "2 ▼ -1"]
        assert cells("health:participant") == ["3", "–", "3"]            # skipped: no number, no change
        assert cells("labour_market_knowledge:supervisor") == ["3", "3 = 0", "3 = 0"]
        assert [str(table.get_cell(f"intervention:{i.id}", d.isoformat())) for d in DAYS
                for i in desk.history(CODE).interventions] == ["", "✓", "✓"]
        await pilot.press("e")
        assert [len(chart.samples[side]) for side in (PARTICIPANT, SUPERVISOR)] == [1, 1]
        await pilot.press("e")
        assert [len(chart.samples[side]) for side in (PARTICIPANT, SUPERVISOR)] == [2, 2]
        # both on screen at once: the chart legible, the table beside (wide) or below (narrow)
        assert chart.region.height >= 12 and table.region.height >= 5
        text = rendered_text(app)
        assert say(lang, by_id()["contact"].label) in text
        assert i18n.fmt_date(DAYS[-1], lang, "short") in text
        if size[0] >= 100:
            assert table.region.x >= chart.region.right
            assert table.region.width >= table.virtual_size.width  # every date column in view
        else:
            assert table.region.y >= chart.region.bottom
        # the table takes the focus (its rows scroll); Escape goes back
        assert app.focused is table
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ProgressScreen), "back")


async def test_g_opens_the_progression_from_the_page_and_from_the_conversation(tmp_path):
    _store, desk, _job = three_each(tmp_path / "data")
    app = TalkApp(lambda: ParticipantScreen(desk, CODE))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.history, "the page")
        await pilot.press("g")
        screen = await progress_open(pilot)
        assert screen.code == CODE
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
        # the button does the same
        await pilot.click("#do-progress")
        await progress_open(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation")
        await pilot.press("g")
        await progress_open(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen), "the conversation again")


def anchor(lang: str, indicator: str, value: int) -> str:
    return " ".join(say(lang, P_FLOW.rated_question(indicator).anchor(value).text).split())


def read_pdf(path: Path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    assert len(document) == 1
    return " ".join(document[0].get_textpage().get_text_range().split())


async def open_summary(pilot) -> SummarySaveScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.history, "the page")
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, SummarySaveScreen), "the summary's questions")
    await pilot.pause()
    return app.screen


async def test_s_saves_the_summary_in_the_participants_language(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    _store, desk, _job = three_each(tmp_path / "data", lang=OTHER_LANG)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE), lang=LANG)
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_summary(pilot)
        path = modal.query_one("#path", Input)
        expected = home / f"skapa-summary-{TODAY.isoformat()}.pdf"
        assert path.value == str(expected) and CODE not in path.value
        assert modal.query_one("#lang", Select).value == OTHER_LANG  # the participant's, not the desk's
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
        assert stat.S_IMODE(expected.stat().st_mode) == 0o600
        text = read_pdf(expected)
        assert anchor(OTHER_LANG, "contact", 4) in text  # the latest answers, in their words
        assert anchor(LANG, "contact", 4) not in text
        assert i18n.fmt_date(DAYS[-1], OTHER_LANG, "medium") in text
        assert any(str(expected) in str(n.message) for n in app._notifications)

        # a second one the same day is not written over the first
        first = expected.read_bytes()
        modal = await open_summary(pilot)
        second = home / f"skapa-summary-{TODAY.isoformat()}-2.pdf"
        assert modal.query_one("#path", Input).value == str(second)
        await pilot.press("enter")
        await wait_for(pilot, second.exists, "the second file")
        assert expected.read_bytes() == first and read_pdf(second)


async def test_the_summary_in_another_language_and_the_troubles_said_plainly(tmp_path):
    _store, desk, _job = three_each(tmp_path / "data", lang=LANG)
    app = TalkApp(lambda: ParticipantScreen(desk, CODE), lang=LANG)
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_summary(pilot)
        path, message = modal.query_one("#path", Input), modal.query_one("#message")

        async def save() -> None:  # Enter in the file field, as a person at the keyboard does
            path.focus()
            await pilot.press("enter")
        # a folder that does not exist
        missing = tmp_path / "nowhere" / "page.pdf"
        path.value = str(missing)
        await save()
        await wait_for(pilot, lambda: str(message.render()), "a message")
        assert str(message.render()) == say(LANG, NOT_SAVED).format(
            path=missing.parent, reason=say(LANG, "it does not exist"))
        # a path through a file, as if it were a folder
        a_file = tmp_path / "a-file"
        a_file.write_text("x")
        path.value = str(a_file / "page.pdf")
        await save()
        await wait_for(pilot, lambda: say(LANG, "a part of the path is not a folder") in str(message.render()),
                       "not a folder")
        if os.geteuid() != 0:  # root may write anywhere
            closed = tmp_path / "closed"
            closed.mkdir()
            closed.chmod(0o500)
            try:
                path.value = str(closed / "page.pdf")
                await save()
                await wait_for(pilot, lambda: say(LANG, "permission denied") in str(message.render()), "denied")
            finally:
                closed.chmod(0o700)
        # a file that is there already is not replaced
        there = tmp_path / "there.pdf"
        there.write_bytes(b"mine")
        path.value = str(there)
        await save()
        await wait_for(pilot, lambda: str(message.render()) == say(LANG, TAKEN).format(path=there), "taken")
        assert there.read_bytes() == b"mine" and isinstance(app.screen, SummarySaveScreen)
        # another language, chosen
        out = tmp_path / "out" / "page.pdf"
        out.parent.mkdir()
        path.value = str(out)
        modal.query_one("#lang", Select).value = OTHER_LANG
        await save()
        await wait_for(pilot, out.exists, "the file")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert anchor(OTHER_LANG, "contact", 4) in read_pdf(out)
        assert not list(out.parent.glob(".*.tmp"))


async def test_escape_leaves_the_summary_unsaved(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    _store, desk, _job = three_each(tmp_path / "data")
    app = TalkApp(lambda: ParticipantScreen(desk, CODE))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_summary(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen), "the page again")
        assert list(home.iterdir()) == []
