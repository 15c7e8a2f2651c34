"""Quick entry of a paper form: which form, the real date of the meeting (never future), then the form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.reading import ENTRY_PAPER
from skapa_tui.i18n import fmt_date
from skapa_tui.logic.desk import MeetingDateError
from skapa_tui.logic.planning import parse_day
from skapa_tui.storage import Store
from skapa_tui.ui.screens.form import FormScreen
from skapa_tui.ui.screens.quick_entry import QuickEntryScreen
from skapa_tui.ui.widgets.message_line import MessageLine

from .form_helpers import (
    CODE,
    LANG,
    LANGS,
    SUPERVISOR_ID,
    TODAY,
    DeskStandIn,
    answer_form,
    form_flow,
    make_desk,
    tr,
    wait_for,
    wait_review,
)

MEETING = TODAY - timedelta(days=17)


async def type_date(pilot, text: str) -> None:
    field = pilot.app.screen.query_one("#date", Input)
    field.focus()
    await pilot.press("end", *["backspace"] * len(field.value))
    await pilot.press(*text)


async def choose_form(pilot, role: str) -> None:
    if role == PARTICIPANT:  # the second choice; Enter takes it and goes on to the date
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.focused is pilot.app.screen.query_one("#date"))


def problem(app) -> str:
    """What the modal's message line says ("" when nothing)."""
    return str(app.screen.query_one("#message", MessageLine).render())


@pytest.mark.parametrize("role", [SUPERVISOR, PARTICIPANT])
async def test_a_paper_form_of_an_earlier_meeting_is_stored_as_paper(tmp_path, role):
    app = DeskStandIn(make_desk(tmp_path), lang=LANG, start="quick")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        assert app.screen.query_one("#date", Input).value == fmt_date(TODAY, LANG, "short")
        await choose_form(pilot, role)
        await type_date(pilot, MEETING.isoformat())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        assert app.results == [(role, MEETING)]
        heading = str(app.screen.query_one("#heading").render())
        assert fmt_date(MEETING, LANG) in heading
        expected = await answer_form(pilot, form_flow(role))
        await wait_review(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.results) == 2, "sent")
        assert app.results[1] == "sent" and app.crash is None
    [reading] = Store(tmp_path).readings(CODE)
    assert reading.finished and reading.role == role and reading.entry == ENTRY_PAPER
    assert reading.meeting_date == MEETING and reading.entered_by == SUPERVISOR_ID
    assert reading.rater == (SUPERVISOR_ID if role == SUPERVISOR else None)
    assert reading.flow == form_flow(role).id
    assert {item: a.value for item, a in reading.answers.items()} == expected


@pytest.mark.parametrize("lang", LANGS)
async def test_the_languages_short_date_is_read(tmp_path, lang):
    app = DeskStandIn(make_desk(tmp_path), lang=lang, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        await type_date(pilot, fmt_date(MEETING, lang, "short"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.results, "a result")
        assert app.results[0] == (SUPERVISOR, MEETING)


def test_parse_day_reads_iso_and_each_languages_short_date():
    for lang in LANGS:
        assert parse_day(fmt_date(MEETING, lang, "short"), lang) == MEETING, lang
        assert parse_day(MEETING.isoformat(), lang) == MEETING
        for nonsense in ("", "  ", "tomorrow", "32.13.2026", "2026-02-30", "1.2"):
            with pytest.raises(ValueError):
                parse_day(nonsense, lang)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_future_date_is_refused_and_nothing_is_stored(tmp_path, lang):
    app = DeskStandIn(make_desk(tmp_path), lang=lang, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        await type_date(pilot, (TODAY + timedelta(days=1)).isoformat())
        await pilot.press("enter")
        await wait_for(pilot, lambda: problem(app), "the refusal")
        assert problem(app) == tr(lang, MeetingDateError.message)
        assert isinstance(app.screen, QuickEntryScreen) and app.results == []
        # not a date at all: said so, still here
        await type_date(pilot, "someday")
        await pilot.press("enter")
        await wait_for(pilot, lambda: problem(app), "the refusal")
        assert "someday" in problem(app) and isinstance(app.screen, QuickEntryScreen)
        # a past date then goes through
        await type_date(pilot, MEETING.isoformat())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.results, "a result")
        assert app.results == [(SUPERVISOR, MEETING)]
    assert Store(tmp_path).readings(CODE)[0].meeting_date == MEETING


async def test_escape_cancels(tmp_path):
    app = DeskStandIn(make_desk(tmp_path), lang=LANG, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.results, "a result")
        assert app.results == [None] and not isinstance(app.screen, QuickEntryScreen)
    assert Store(tmp_path).readings(CODE) == []


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_the_participants_paper_form_says_what_the_participant_chose_last_time(tmp_path, lang):
    """The supervisor types in the participant's own form: the line before each
    question says what *the participant* chose last time, not "you"."""
    from skapa_tui.domain.reading import Answer, now
    from skapa_tui.logic.recall import RECALL, RECALL_THEIRS, fmt_day

    from .form_helpers import make_store

    store = make_store(tmp_path)
    flow = form_flow(PARTICIPANT)
    first = flow.questions[0]
    earlier = MEETING - timedelta(days=90)
    reading = store.start_reading(CODE, flow=flow.id, flow_version=flow.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by=SUPERVISOR_ID, meeting_date=earlier, lang=lang)
    store.save_answer(CODE, reading.id, Answer(first.id, first.indicator, 2, now()), None)
    store.complete_reading(CODE, reading.id)
    app = DeskStandIn(make_desk(tmp_path, store), lang=lang, start="quick")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuickEntryScreen), "quick entry")
        await choose_form(pilot, PARTICIPANT)
        await type_date(pilot, MEETING.isoformat())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen)
                       and app.screen.query_one("#recall").display, "the form's first question")
        said = " ".join(str(app.screen.query_one("#recall").render()).split())
        theirs = tr(lang, RECALL_THEIRS).format(date=fmt_day(earlier, lang, TODAY),
                                                answer=tr(lang, first.anchor(2).text))
        assert said == " ".join(theirs.split())
        yours = tr(lang, RECALL).format(date=fmt_day(earlier, lang, TODAY), answer=tr(lang, first.anchor(2).text))
        assert said != " ".join(yours.split())  # not "you chose"
