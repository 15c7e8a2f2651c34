"""Issue 13, point 5: nothing is lost without asking.

- Leaving a changed plan asks: save, discard the changes, or stay (the real
  `skapa supervisor` in a pseudo-terminal, keys only: the keys are the point).
- Unfinished readings are listed on the participant's page; Enter on one
  goes on with it (as it was begun: its form, its meeting date) or discards
  it. A discard of a reading with answers is asked about again and recorded
  (who, when, how many answers; the page and the export show it); one with
  none is just removed, as is a form left (Escape) without a single answer.
- A paper form resumes without typing the same date again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, today
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.storage.export import participant_export
from skapa_tui.ui.screens.participant import ASK_DISCARD, ASK_UNFINISHED, UNFINISHED_HINT, discarded_text

from ..conftest import _clean_env, skapa_command
from .desk_helpers import LANGS, ME, MY_PASSPHRASE, make_app, make_store, screen_name, signed_in, t, wait_for
from .form_helpers import answer_form, wait_asked, wait_review
from .pty_terminal import PtyApp
from .talk_helpers import texts

TODAY = today()
"""The store dates live readings by the real day: so does the desk here."""
S_FLOW = flow_library().current("supervisor")
P_FLOW = flow_library().current("participant")


def start_reading(store: Store, code: str, *, role: str, entry: str, day=TODAY, answers: int = 0):
    flow = S_FLOW if role == SUPERVISOR else P_FLOW
    reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=role,
                                  rater=ME if role == SUPERVISOR else None, entry=entry,
                                  entered_by=None if entry == "kiosk" else ME, meeting_date=day, lang="sv")
    for question in [q for q in flow.questions if q.rates][:answers]:
        store.save_answer(code, reading.id, Answer(question.id, question.indicator, 3, reading.started_at),
                          question.id)
    return reading


async def open_page(pilot) -> None:
    app = pilot.app
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen" and app.screen.history is not None,
                   "the participant's page")
    await pilot.pause()


def reading_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#readings", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def choose_row(pilot, state: str) -> None:
    """Bring the cursor to the first row whose state is ``state`` and press Enter."""
    app = pilot.app
    table = app.screen.query_one("#readings", DataTable)
    table.focus()
    at = [row[3] for row in reading_rows(app)].index(state)
    while table.cursor_row != at:
        await pilot.press("down" if table.cursor_row < at else "up")
    await pilot.press("enter")


# ---- leaving a changed plan --------------------------------------------------------


def start_desk(tmp_path, lang: str) -> PtyApp:
    store = make_store(tmp_path / "data", "A-1")
    store.save_plan("A-1", goal="Work in a shop", next_follow_up=None, interventions=[], by=ME)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = _clean_env(home, lang, TERM="xterm-256color")
    desk = PtyApp([*skapa_command(), "supervisor", "--data", str(tmp_path / "data"), "--lang", lang], env,
                  tmp_path, (80, 24))
    desk.wait_for(t(lang, "Sign in"), timeout=60)
    desk.type(ME)
    desk.send("enter")
    desk.type(MY_PASSPHRASE)
    desk.send("enter")
    desk.wait_for("A-1", timeout=30)
    desk.send("enter")
    desk.wait_for(t(lang, "Participant {code}").format(code="A-1"))
    desk.send("a")
    desk.wait_for(t(lang, "Action plan for {code}").format(code="A-1"))
    desk.wait_quiet()
    return desk


def goal_typed(desk: PtyApp, text: str) -> None:
    """Tab from the table to the goal's field, then type at its end (the
    field selects its text when it gets the focus: End first)."""
    for _ in range(3):
        desk.send("tab")
    desk.wait_quiet(0.3)
    desk.send("end")
    desk.wait_quiet(0.3)
    desk.type(text)
    desk.wait_for(f"Work in a shop{text}")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_leaving_a_changed_plan_asks_save_discard_or_stay(tmp_path, lang):
    desk = start_desk(tmp_path, lang)
    try:
        title = t(lang, "Save the plan?")
        goal_typed(desk, " soon")
        desk.send("escape")
        desk.wait_for(title)
        for word in ("Save", "Discard the changes", "Stay on the plan"):
            assert desk.shows(t(lang, word)), desk.text()
        desk.send("escape")  # stays: the question goes, the plan and what was typed stay
        desk.wait_until(lambda: not desk.shows(title), "the question put away")
        assert desk.shows("Work in a shop soon")
        desk.send("escape")
        desk.wait_for(title)
        desk.send("right", "right", "enter")  # "Stay on the plan"
        desk.wait_until(lambda: not desk.shows(title), "stayed")
        assert desk.shows("Work in a shop soon")
        desk.send("escape")
        desk.wait_for(title)
        desk.send("right", "enter")  # "Discard the changes": back to the page, nothing stored
        desk.wait_for(t(lang, "Participant {code}").format(code="A-1"))
        assert Store(tmp_path / "data").history("A-1").plan.goal == "Work in a shop"
        desk.send("a")
        desk.wait_for(t(lang, "Action plan for {code}").format(code="A-1"))
        desk.wait_quiet()
        desk.send("escape")  # nothing changed: no question
        desk.wait_for(t(lang, "Participant {code}").format(code="A-1"))
        desk.send("a")
        desk.wait_for(t(lang, "Action plan for {code}").format(code="A-1"))
        desk.wait_quiet()
        goal_typed(desk, " near home")
        desk.send("escape")
        desk.wait_for(title)
        desk.send("enter")  # "Save": stored as a new version, then back to the page
        desk.wait_for(t(lang, "Participant {code}").format(code="A-1"))
        plans = Store(tmp_path / "data").history("A-1").plans
        assert [p.goal for p in plans] == ["Work in a shop", "Work in a shop near home"]
    finally:
        desk.terminate()


# ---- unfinished readings --------------------------------------------------------------


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_unfinished_readings_are_listed_to_go_on_with_or_discard(tmp_path, lang):
    store = make_store(tmp_path, "A-1")
    live = start_reading(store, "A-1", role=SUPERVISOR, entry="live", answers=2)
    start_reading(store, "A-1", role=PARTICIPANT, entry="kiosk", answers=0)
    app = make_app(store, lang, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot)
        unfinished = t(lang, "Unfinished")
        assert [row[3] for row in reading_rows(app)].count(unfinished) == 2
        assert t(lang, UNFINISHED_HINT) in texts(app.screen)

        # the empty kiosk reading: discarded at once (nothing in it), no record
        rows = reading_rows(app)
        kiosk_row = next(n for n, row in enumerate(rows) if row[2] == t(lang, "at the kiosk"))
        table = app.screen.query_one("#readings", DataTable)
        table.focus()
        while table.cursor_row != kiosk_row:
            await pilot.press("down" if table.cursor_row < kiosk_row else "up")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        assert t(lang, ASK_UNFINISHED) in texts(app.screen)
        await pilot.press("right", "enter")  # discard it
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen"
                       and [row[3] for row in reading_rows(app)].count(unfinished) == 1, "one unfinished left")
        assert store.history("A-1").discards == []

        # my live form with two answers: go on with it, where it stopped
        await choose_row(pilot, unfinished)
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await pilot.press("enter")  # go on with it
        await wait_asked(pilot)
        assert app.screen.visit.reading.id == live.id  # that very reading, its answers in it
        assert len(app.screen.visit.dialog.answers) == 2
        await pilot.press("escape")  # a break: the answers stay
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")

        # discard it: asked again (it has answers), Escape keeps them, then discard
        await choose_row(pilot, unfinished)
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await pilot.press("right", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen" and t(lang, ASK_DISCARD) in texts(app.screen),
                       "asked again")
        await pilot.press("enter")  # "Keep them": the safe answer has the focus
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        assert len(store.history("A-1").unfinished()) == 1
        await choose_row(pilot, unfinished)
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await pilot.press("right", "enter")
        await wait_for(pilot, lambda: t(lang, ASK_DISCARD) in texts(app.screen), "asked again")
        await pilot.press("right", "enter")  # discard
        discarded = discarded_text(2)
        assert discarded == i18n.translation(lang).ngettext("Discarded ({n} answer)", "Discarded ({n} answers)",
                                                            2).format(n=2) != "Discarded (2 answers)"
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen"
                       and discarded in [row[3] for row in reading_rows(app)], "the discard in the table")
        assert unfinished not in [row[3] for row in reading_rows(app)]
        assert t(lang, UNFINISHED_HINT) not in [str(w.render()) for w in app.screen.query("#unfinished-hint")
                                                if w.display]
    history, tables = store.stored("A-1")
    assert history.unfinished() == []
    [record] = history.discards
    assert (record.role, record.entry, record.answers, record.by, record.meeting_date) == (
        SUPERVISOR, "live", 2, ME, TODAY)
    exported = participant_export(history, tables)["participant"]["discards"]
    assert [(d["role"], d["answers"], d["by"]) for d in exported] == [(SUPERVISOR, 2, ME)]
    assert "answers" in exported[0] and not isinstance(exported[0]["answers"], list)  # a count, never the answers


@pytest.mark.parametrize("key", ["f", "p"])
async def test_a_form_left_without_any_answer_leaves_no_unfinished_reading(tmp_path, key):
    store = make_store(tmp_path, "A-1")
    app = make_app(store, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot)
        await pilot.press(key)
        if key == "p":
            await wait_for(pilot, lambda: screen_name(app) == "QuickEntryScreen", "the quick entry")
            await pilot.pause()
            app.screen.query_one("#date", Input).focus()
            await pilot.press("enter")
        await wait_asked(pilot)
        assert len(store.history("A-1").unfinished()) == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        await wait_for(pilot, lambda: store.history("A-1").unfinished() == [], "the empty reading removed")
        assert store.history("A-1").discards == []
        assert t(app.lang, "Unfinished") not in [row[3] for row in reading_rows(app)]


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_paper_form_resumes_without_typing_its_date_again(tmp_path, lang):
    store = make_store(tmp_path, "A-1")
    day = TODAY - timedelta(days=9)
    app = make_app(store, lang, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "QuickEntryScreen", "the quick entry")
        await pilot.pause()
        field = app.screen.query_one("#date", Input)
        field.focus()
        field.value = ""
        await pilot.press(*day.isoformat(), "enter")
        first = await wait_asked(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.asked != first, "the next question")
        await pilot.press("escape")  # a break after one answer
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")

        # p again: the unfinished paper form's date is there and said; Enter goes on with it
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_name(app) == "QuickEntryScreen", "the quick entry")
        await pilot.pause()
        assert app.screen.query_one("#date", Input).value == i18n.fmt_date(day, lang, "short")
        waiting = t(lang, "A paper form of {day} is unfinished: Enter goes on with it (another date starts "
                          "a new one).", day=i18n.fmt_date(day, lang, "medium"))
        assert waiting in texts(app.screen)
        app.screen.query_one("#date", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "FormScreen" and app.screen.asked not in (None, first),
                       "the form where it stopped")
        await answer_form(pilot, S_FLOW, start=1)
        await wait_review(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
    [reading] = store.history("A-1").readings
    assert (reading.entry, reading.meeting_date, reading.finished) == (ENTRY_PAPER, day, True)
    assert reading.value(first) == 3


async def test_an_unfinished_kiosk_reading_goes_on_in_the_participants_chat(tmp_path):
    from skapa_tui.ui.screens.dialog import DialogScreen

    store = make_store(tmp_path, "A-1")
    begun = start_reading(store, "A-1", role=PARTICIPANT, entry="kiosk", answers=1)
    app = make_app(store, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot)
        await choose_row(pilot, t(app.lang, "Unfinished"))
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await pilot.press("enter")  # go on with it: the terminal goes to the participant
        await wait_for(pilot, lambda: isinstance(app.screen, DialogScreen) and app.visit is not None,
                       "the participant's chat")
        assert app.visit.reading.id == begun.id and app.handover == "A-1"
        assert len(app.visit.dialog.answers) == 1  # their answer is there; nothing begins again
    assert [r.id for r in store.history("A-1").readings] == [begun.id]
