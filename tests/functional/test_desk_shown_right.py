"""Issue 13, point 4: what the desk shows is right.

- "Not rated" on the supervisor's own form reads "Not rated" in the
  conversation (the participant's skip stays "I'd rather not answer");
- an intervention ended today is ended from its end date everywhere: the
  plan, its notes, the participant's page, the caseload and its warnings,
  the summary to take home (one rule, `Intervention.active_on`; the report
  and the PDF are tested with it in tests/unit and test_summary);
- corrections show on the participant's page: old → new, who, when, why;
- ctrl+s sorts by the columns on screen, left to right, warnings most first.

Each drives the real `SupervisorApp` on a real data folder by keys.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.interventions import JOB_FOCUSED, KIND_BY_ID, kinds_of
from skapa_tui.domain.plan import NOTE_NONE
from skapa_tui.domain.reading import Answer, today
from skapa_tui.logic import caseload
from skapa_tui.logic.summary import build_summary
from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.caseload import COLUMNS
from skapa_tui.ui.screens.conversation import IndicatorPanel, Side

from .desk_helpers import LANGS, ME, make_app, make_store, screen_name, signed_in, t, wait_for
from .form_helpers import answer_form, wait_asked, wait_review
from .talk_helpers import texts

TODAY = today()
"""The store dates live readings and corrections by the real day: so does the desk here."""
JOB = kinds_of(JOB_FOCUSED)[1]


def cell(app, code: str, column: str) -> str:
    return str(app.screen.query_one(DataTable).get_cell(code, column))


def table_codes(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


async def open_page(pilot, code: str) -> None:
    app = pilot.app
    for _ in range([r.code for r in app.screen.shown].index(code)):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen" and app.screen.history is not None,
                   "the participant's page")
    await pilot.pause()


async def escape_to(pilot, name: str) -> None:
    app = pilot.app
    while screen_name(app) != name:
        before = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda before=before: app.screen is not before, "the screen before")
    await pilot.pause()


def send_participant_reading(store, code: str, values: dict[str, object]):
    flow = flow_library().current("participant")
    reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=PARTICIPANT, rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=TODAY, lang="sv")
    for item, value in values.items():
        store.save_answer(code, reading.id, Answer(item, flow.question(item).indicator, value, reading.started_at),
                          item)
    return store.complete_reading(code, reading.id)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_not_rated_on_my_own_form_reads_not_rated_in_the_conversation(tmp_path, lang):
    store = make_store(tmp_path, "A-1")
    flow = flow_library().current("supervisor")
    first = flow.questions[0]
    assert first.rates
    p_flow = flow_library().current("participant")
    p_item = p_flow.rated_question(first.indicator).id
    send_participant_reading(store, "A-1", {q.id: (None if q.id == p_item else 3)
                                            for q in p_flow.questions if q.rates})
    app = make_app(store, lang, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot, "A-1")
        await pilot.press("f")
        await wait_asked(pilot, first.id)
        await pilot.press("0")  # "not rated" on my own form
        await wait_for(pilot, lambda: app.screen.asked != first.id, "the next question")
        await answer_form(pilot, flow, start=1)
        review = await wait_review(pilot)
        assert t(lang, "Not rated") in texts(review)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_name(app) == "ConversationScreen"
                       and len(app.screen.query(IndicatorPanel)), "the conversation")
        await pilot.pause()
        panel = app.screen.query_one(f"#ind-{first.indicator}", IndicatorPanel)
        mine = texts(panel.query_one("Side.supervisor", Side))
        theirs = texts(panel.query_one("Side.participant", Side))
        assert t(lang, "Not rated") in mine and t(lang, "I'd rather not answer") not in mine
        assert t(lang, "I'd rather not answer") in theirs and t(lang, "Not rated") not in theirs


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_an_intervention_ended_today_is_ended_everywhere(tmp_path, lang):
    store = make_store(tmp_path, "A-1")
    started = TODAY - timedelta(days=30)
    job = store.add_intervention("A-1", kind=JOB.id, group=JOB_FOCUSED, text=None, start=started, end=None,
                                 responsible="Anna", by=ME)
    store.save_plan("A-1", goal="A job in a shop", next_follow_up=None, interventions=[job.id], by=ME)
    app = make_app(store, lang, clock=lambda: TODAY, poll_seconds=3600)
    job_name = t(lang, KIND_BY_ID[JOB.id].name)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        assert cell(app, "A-1", "interventions") == f"{t(lang, 'Job')} 1"
        await open_page(pilot, "A-1")
        assert job_name in str(app.screen.query_one("#plan").render())
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen" and app.screen.history is not None,
                       "the plan")
        app.screen.query_one("#interventions", DataTable).focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_name(app) == "EndInterventionScreen", "the end modal")
        await pilot.pause()
        assert app.screen.query_one("#end", Input).value == i18n.fmt_date(TODAY, lang, "short")
        await pilot.press("enter")  # ended today
        await wait_for(pilot, lambda: screen_name(app) == "PlanScreen", "the plan again")
        plan = app.screen
        await wait_for(pilot, lambda: str(plan.query_one("#interventions", DataTable).get_row_at(0)[-1])
                       == t(lang, "Ended"), "ended in the plan")
        assert t(lang, NOTE_NONE) in str(plan.query_one("#notes").render())
        # ending it again is refused: it is over
        await pilot.press("e")
        await pilot.pause()
        assert screen_name(app) == "PlanScreen"
        await escape_to(pilot, "ParticipantScreen")
        assert job_name not in str(app.screen.query_one("#plan").render())
        await escape_to(pilot, "CaseloadScreen")
        await wait_for(pilot, lambda: cell(app, "A-1", "interventions") == "–", "no active intervention")
        assert t(lang, caseload.NO_ACTIVE_INTERVENTION.name) in cell(app, "A-1", "warnings")
        desk = app.desk
        summary = build_summary(desk.history("A-1"), desk.flow_for, lang, desk.today())
        assert summary.plan == ()  # the page to take home lists no intervention that is over
    [stored] = store.history("A-1").interventions
    assert stored.end == TODAY and not stored.active_on(TODAY) and stored.active_on(TODAY - timedelta(days=1))


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_correction_shows_on_the_participants_page(tmp_path, lang):
    store = make_store(tmp_path, "A-1")
    flow = flow_library().current("participant")
    question = next(q for q in flow.questions if q.rates)
    send_participant_reading(store, "A-1", {question.id: 2})
    app = make_app(store, lang, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await open_page(pilot, "A-1")
        assert t(lang, "None.") in str(app.screen.query_one("#corrections").render())
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "CorrectionScreen", "the correction")
        await pilot.pause()
        await pilot.press("enter")  # the (only) sent reading
        await wait_for(pilot, lambda: app.screen.step == "answers", "its answers")
        await pilot.pause()
        await pilot.press("enter")  # its first answer
        await wait_for(pilot, lambda: app.screen.step == "value", "the new answer")
        await pilot.pause()
        await pilot.press("4")
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "why", "why")
        await pilot.press(*"Typed wrong", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        await wait_for(pilot, lambda: "Typed wrong" in str(app.screen.query_one("#corrections").render()),
                       "the correction on the page")
        shown = str(app.screen.query_one("#corrections").render())
    old, new = (t(lang, question.anchor(v).text) for v in (2, 4))
    [correction] = store.history("A-1").readings[0].corrections
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    assert t(lang, question.text) in " ".join(lines)
    assert f"{' '.join(old.split())} → {' '.join(new.split())}" in " ".join(lines)
    who_when = t(lang, "Corrected by {who}, {when}. Why: {why}").format(
        who=store.supervisor(ME).label, when=i18n.fmt_datetime(correction.at.astimezone(), lang, "short"),
        why="Typed wrong")
    assert " ".join(who_when.split()) in " ".join(lines)


async def test_ctrl_s_sorts_by_the_columns_on_screen_in_their_order_warnings_most_first(tmp_path):
    store = make_store(tmp_path, "A-1", "B-2", "C-3")
    # no intervention (1 warning, say); B-2: a job-focused one (none);
    # C-3: none and overdue (2)
    store.add_intervention("B-2", kind=JOB.id, group=JOB_FOCUSED, text=None, start=TODAY, end=None,
                           responsible="Anna", by=ME)
    store.set_follow_up("C-3", TODAY - timedelta(days=1), by=ME)
    app = make_app(store, clock=lambda: TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        screen = app.screen
        counts = {r.code: len(r.warnings) for r in screen.rows}
        assert counts["C-3"] > counts["A-1"] > counts["B-2"]
        seen = [screen.sort_key]
        for _ in range(len(COLUMNS)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            seen.append(screen.sort_key)
            if screen.sort_key == "warnings":
                assert table_codes(app) == ["C-3", "A-1", "B-2"]  # most first
                header = str(screen.query_one(DataTable).columns["warnings"].label)
                assert header.endswith("▼")  # the arrow says it: the most first
        assert seen == [key for key, _msgid in COLUMNS] + ["code"]  # left to right, then round
