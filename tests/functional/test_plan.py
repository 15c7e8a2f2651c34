"""The action plan on a real data folder: BIP's notes with and without a
job-focused intervention, an intervention on no list with its group, an
intervention ended with its date (never before its start), plans saved one
after the other with the first still readable, and dates typed as ISO or in
the language's short format, a bad one said so with nothing lost."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select

from skapa_tui import i18n
from skapa_tui.domain.history import FOLLOW_UP_MONTHS, add_months
from skapa_tui.domain.interventions import GROUP_BY_ID, HEALTH, JOB_FOCUSED, OTHER, SOCIAL, kinds_of
from skapa_tui.domain.plan import NOTE_COMBINED, NOTE_NO_JOB_FOCUS, NOTE_NONE
from skapa_tui.logic.planning import BAD_DATE, END_BEFORE_START, bad_date, short_date
from skapa_tui.ui.screens.end_intervention import EndInterventionScreen
from skapa_tui.ui.screens.intervention import InterventionScreen
from skapa_tui.ui.screens.plan import PRIVACY, PlanScreen, name_of

from .talk_helpers import CODE, LANG, LANGS, ME, TODAY, TalkApp, freeze, make_desk, make_store, texts, wait_for

SOCIAL_KIND = kinds_of(SOCIAL)[0]
JOB_KIND = kinds_of(JOB_FOCUSED)[-1]
START = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, restore_language):
    freeze(monkeypatch)


def say(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid)


def app_for(tmp_path, lang=LANG):
    desk = make_desk(make_store(tmp_path / "data"))
    return desk, TalkApp(lambda: PlanScreen(desk, CODE), lang=lang)


async def opened(pilot) -> PlanScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.history is not None, "the plan")
    return app.screen


async def type_into(pilot, widget: Input, text: str) -> None:
    """Empty the field and type ``text`` key by key."""
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*["space" if c == " " else c for c in text])


async def add(pilot, group: str, kind: str, *, text: str | None = None, start: date | str | None = None,
              end: str = "", responsible: str = "Anna", done: bool = True) -> InterventionScreen:
    app = pilot.app
    plan = app.screen
    plan.query_one("#interventions", DataTable).focus()
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, InterventionScreen), "the intervention modal")
    modal = app.screen
    await pilot.pause()
    modal.query_one("#group", Select).value = group
    kinds = modal.query_one("#kind", Select)
    wanted = {k.id for k in kinds_of(group)}
    await wait_for(pilot, lambda: wanted <= set(kinds._legal_values), "the kinds of the group")
    await pilot.pause()
    kinds.value = kind
    await pilot.pause()
    if text is not None:
        await wait_for(pilot, lambda: not modal.query_one("#text", Input).disabled, "the free text")
        await type_into(pilot, modal.query_one("#text", Input), text)
    if start is not None:
        await type_into(pilot, modal.query_one("#start", Input),
                        start if isinstance(start, str) else start.isoformat())
    await type_into(pilot, modal.query_one("#end", Input), end)
    await type_into(pilot, modal.query_one("#responsible", Input), responsible)
    await pilot.press("enter")
    if done:
        await wait_for(pilot, lambda: app.screen is plan, "the plan again")
        await pilot.pause()
    return modal


def rows(screen) -> list[list[str]]:
    table = screen.query_one("#interventions", DataTable)
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


def notes_shown(screen) -> str:
    return str(screen.query_one("#notes").render())


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_notes_without_any_without_a_job_focused_and_with_a_combined_plan(tmp_path, lang):
    desk, app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert say(lang, NOTE_NONE) in notes_shown(screen)
        assert say(lang, PRIVACY) in texts(screen)
        await add(pilot, SOCIAL, SOCIAL_KIND.id, start=START)
        assert say(lang, NOTE_NO_JOB_FOCUS) in notes_shown(screen)
        assert rows(screen) == [[say(lang, GROUP_BY_ID[SOCIAL].name), say(lang, SOCIAL_KIND.name),
                                 i18n.fmt_date(START, lang, "short"), "–", "Anna", say(lang, "Active")]]
        await add(pilot, JOB_FOCUSED, JOB_KIND.id, responsible="Bo at the job centre")
        assert say(lang, NOTE_COMBINED) in notes_shown(screen)
        assert say(lang, NOTE_NO_JOB_FOCUS) not in notes_shown(screen)
        assert app.crash is None
    stored = desk.history(CODE).interventions
    assert [(i.kind, i.group, i.start, i.end, i.responsible) for i in stored] == [
        (SOCIAL_KIND.id, SOCIAL, START, None, "Anna"), (JOB_KIND.id, JOB_FOCUSED, TODAY, None, "Bo at the job centre")]
    assert ("changed", CODE) in app.heard


async def test_a_job_focused_intervention_alone_gets_no_note(tmp_path):
    desk, app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await add(pilot, JOB_FOCUSED, JOB_KIND.id)
        assert notes_shown(screen) == ""


async def test_an_intervention_on_no_list_has_its_text_and_its_group(tmp_path):
    desk, app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        modal = await add(pilot, HEALTH, OTHER, text="", done=False)
        assert say(LANG, "Write what the intervention is.") in str(modal.query_one("#message").render())
        assert app.screen is modal
        await type_into(pilot, modal.query_one("#text", Input), "Walks with a friend")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, "the plan again")
        await pilot.pause()
        assert rows(screen)[0][:2] == [say(LANG, GROUP_BY_ID[HEALTH].name), "Walks with a friend"]
    [stored] = desk.history(CODE).interventions
    assert (stored.kind, stored.group, stored.text) == (OTHER, HEALTH, "Walks with a friend")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_an_intervention_is_ended_with_its_date_never_before_its_start(tmp_path, lang):
    desk, app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await add(pilot, SOCIAL, SOCIAL_KIND.id, start=short_date(START, lang))
        screen.query_one("#interventions", DataTable).focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EndInterventionScreen), "the end modal")
        modal = app.screen
        await pilot.pause()
        await type_into(pilot, modal.query_one("#end", Input), short_date(date(2026, 11, 1), lang))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is modal
        assert say(lang, END_BEFORE_START) in str(modal.query_one("#message").render())
        await type_into(pilot, modal.query_one("#end", Input), "the 20th")
        await pilot.press("enter")
        await pilot.pause()
        msgid, fields = bad_date(TODAY, lang)
        bad = say(lang, msgid).format(**fields)
        assert str(modal.query_one("#message").render()) == bad
        assert bad.count(TODAY.isoformat()) == 1  # each way of writing it once (Swedish's short date is ISO)
        ended = date(2026, 11, 20)
        await type_into(pilot, modal.query_one("#end", Input), short_date(ended, lang))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen, "the plan again")
        await pilot.pause()
        assert rows(screen)[0][3:] == [i18n.fmt_date(ended, lang, "short"), "Anna", say(lang, "Ended")]
        assert say(lang, NOTE_NONE) in notes_shown(screen)
    [stored] = desk.history(CODE).interventions
    assert (stored.start, stored.end) == (START, ended)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_second_plan_is_saved_and_the_first_stays_readable(tmp_path, lang):
    desk, app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        follow_up = screen.query_one("#follow-up", Input)
        assert follow_up.value == short_date(add_months(TODAY, FOLLOW_UP_MONTHS), lang)
        await add(pilot, JOB_FOCUSED, JOB_KIND.id)
        await type_into(pilot, screen.query_one("#goal", Input), "Work in a bakery")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(desk.history(CODE).plans) == 1, "the first plan")
        await add(pilot, SOCIAL, SOCIAL_KIND.id)
        await type_into(pilot, screen.query_one("#goal", Input), "A bakery job by summer")
        await type_into(pilot, follow_up, short_date(date(2027, 1, 15), lang))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(desk.history(CODE).plans) == 2, "the second plan")
        await pilot.pause()
        shown = str(screen.query_one("#plans").render())
        assert shown.index("A bakery job by summer") < shown.index("Work in a bakery")
        assert shown.count(ME) == 2 and say(lang, SOCIAL_KIND.name) in shown
        assert app.crash is None
    first, second = desk.history(CODE).plans
    job, social = desk.history(CODE).interventions
    assert (first.goal, first.next_follow_up, first.interventions) == (
        "Work in a bakery", add_months(TODAY, FOLLOW_UP_MONTHS), (job.id,))
    assert (second.goal, second.next_follow_up, set(second.interventions)) == (
        "A bakery job by summer", date(2027, 1, 15), {job.id, social.id})
    assert desk.history(CODE).next_follow_up == date(2027, 1, 15)


@pytest.mark.parametrize("text,msgid", [("soon", BAD_DATE), ("2026-02-30", BAD_DATE),
                                        ("2026-11-01", "The next follow-up cannot be in the past.")])
async def test_a_follow_up_that_cannot_be_used_is_said_so_and_nothing_is_lost(tmp_path, text, msgid):
    desk, app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await type_into(pilot, screen.query_one("#goal", Input), "My own words")
        await type_into(pilot, screen.query_one("#follow-up", Input), text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        if msgid == BAD_DATE:
            msgid, fields = bad_date(TODAY, LANG)
            wanted = say(LANG, msgid).format(**fields)
        else:
            wanted = say(LANG, msgid)
        assert str(screen.query_one("#error").render()) == wanted
        assert screen.query_one("#goal", Input).value == "My own words"
        assert screen.query_one("#follow-up", Input).value == text
        assert desk.history(CODE).plans == []


async def test_a_plan_opens_with_the_current_goal_and_escape_goes_back(tmp_path):
    desk, app = app_for(tmp_path)
    desk.save_plan(CODE, goal="Drive a bus", next_follow_up=date(2027, 1, 3), interventions=[])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.query_one("#goal", Input).value == "Drive a bus"
        assert screen.query_one("#follow-up", Input).value == short_date(date(2027, 1, 3), LANG)
        screen.query_one("#interventions", DataTable).focus()
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PlanScreen), "back")


@pytest.mark.parametrize("lang", LANGS)
async def test_at_80_columns_the_table_fits_and_the_line_under_it_says_the_highlighted_in_full(tmp_path, lang):
    store = make_store(tmp_path / "data")
    long_text, long_name = "Walks in the park with a friend every week", "The participant with Anna and Bo"
    store.add_intervention(CODE, kind=OTHER, group=HEALTH, text=long_text, start=TODAY, end=None,
                           responsible=long_name, by=ME)
    kind = kinds_of(JOB_FOCUSED)[0]
    store.add_intervention(CODE, kind=kind.id, group=JOB_FOCUSED, text=None, start=TODAY, end=None,
                           responsible="Anna", by=ME)
    desk = make_desk(store)
    app = TalkApp(lambda: PlanScreen(desk, CODE), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.pause()
        table = screen.query_one("#interventions", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no column off to the right
        line = screen.query_one("#chosen")
        interventions = sorted(desk.history(CODE).interventions, key=lambda i: (i.start, i.id))
        shown = rows(screen)
        assert any(cell.endswith("…") for cell in shown[[i.text for i in interventions].index(long_text)])
        for n, (intervention, cells) in enumerate(zip(interventions, shown)):
            table.move_cursor(row=n)
            cut = any(cell.endswith("…") for cell in cells)
            await wait_for(pilot, lambda cut=cut, intervention=intervention: line.display == cut
                           and (not cut or name_of(intervention) in str(line.render())),
                           f"the line under the table or none, row {n}")
            if cut:  # what the row cuts, in full
                said = str(line.render())
                assert name_of(intervention) in said and intervention.responsible in said
                assert say(lang, GROUP_BY_ID[intervention.group].name) in said


async def test_what_the_end_modal_said_is_said_again_in_a_new_language(tmp_path):
    # The modals share FormModal's message line, which the app says again
    # after a language switch: the refusal does not stay in the old language.
    lang, other = LANGS[:2]
    desk, app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        await add(pilot, SOCIAL, SOCIAL_KIND.id, start=START)
        screen.query_one("#interventions", DataTable).focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EndInterventionScreen), "the end modal")
        modal = app.screen
        await type_into(pilot, modal.query_one("#end", Input), short_date(date(2026, 11, 1), lang))
        await pilot.press("enter")
        await wait_for(pilot, lambda: str(modal.query_one("#message").render()), "the refusal")
        assert say(lang, END_BEFORE_START) in str(modal.query_one("#message").render())
        app.lang = other
        await wait_for(pilot, lambda: say(other, END_BEFORE_START) in str(modal.query_one("#message").render()),
                       "the refusal in the other language")
        assert say(other, END_BEFORE_START) != say(lang, END_BEFORE_START)
