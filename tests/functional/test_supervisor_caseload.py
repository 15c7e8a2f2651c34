"""The caseload: my participants only, each warning, filter and sort, what
another process sends, and adding, taking over and handing over participants."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input

from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.interventions import KINDS, SOCIAL
from skapa_tui.domain.reading import today
from skapa_tui.logic import caseload
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.messages import ParticipantChosen
from skapa_tui.ui.screens import caseload as caseload_screen
from skapa_tui.ui.screens.caseload import CaseloadScreen
from skapa_tui.ui.screens.hand_over import HandOverScreen
from skapa_tui.ui.screens.take_over import TakeOverScreen
from skapa_tui.ui.supervisor_app import SupervisorApp

from .desk_helpers import COLLEAGUE, LANG, ME, make_store, rendered_text, screen_name, signed_in, t, wait_for
from .desk_helpers import make_app as _make_app

TODAY = today()
"""The store dates readings by the real day: here the desk's day is the real one too."""


def make_app(store, lang=LANG, **options):
    return _make_app(store, lang, clock=lambda: TODAY, **options)


def table_codes(app) -> list[str]:
    return [str(app.screen.query_one(DataTable).get_row_at(n)[0])
            for n in range(app.screen.query_one(DataTable).row_count)]


def cell(app, code: str, column: str) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_cell(code, column))


def warnings_folder(data):
    """One participant of mine for each warning a caseload of mine can show."""
    store = make_store(data, "PLAIN", "OVERDUE", "SOCIAL", "MOVED", "MOVED-TWICE", "HALFWAY")
    social = next(k for k in KINDS if k.group == SOCIAL)
    store.add_intervention("SOCIAL", kind=social.id, group=SOCIAL, text=None,
                           start=TODAY - timedelta(days=10), end=None, responsible=ME, by=ME)
    store.set_follow_up("OVERDUE", TODAY - timedelta(days=1), by=ME)
    store.assign("MOVED", COLLEAGUE, by=None, on=TODAY - timedelta(days=400))
    store.assign("MOVED", ME, by=ME, on=TODAY - timedelta(days=20))
    store.assign("MOVED-TWICE", COLLEAGUE, by=None, on=TODAY - timedelta(days=700))
    store.assign("MOVED-TWICE", ME, by=None, on=TODAY - timedelta(days=365))
    flow = flow_library().current("participant")
    store.start_reading("HALFWAY", flow=flow.id, flow_version=flow.version, role=PARTICIPANT, rater=None,
                        entry="kiosk", entered_by=None, meeting_date=TODAY, lang=LANG)
    return store


EXPECTED = {
    "OVERDUE": caseload.FOLLOW_UP_OVERDUE,
    "PLAIN": caseload.NO_ACTIVE_INTERVENTION,
    "SOCIAL": caseload.NO_JOB_FOCUSED_INTERVENTION,
    "MOVED": caseload.RECENT_SUPERVISOR_CHANGE,
    "MOVED-TWICE": caseload.TWO_OR_MORE_CHANGES,
    "HALFWAY": caseload.UNFINISHED_KIOSK_READING,
}


async def test_each_warning_is_shown_by_name_and_in_full_for_the_highlighted_row(tmp_path):
    app = make_app(warnings_folder(tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await signed_in(pilot)
        for code, warning in EXPECTED.items():
            assert t(app.lang, warning.name) in cell(app, code, "warnings"), code
        # MOVED-TWICE's second change was more than six months ago: not "new supervisor"
        assert t(app.lang, caseload.RECENT_SUPERVISOR_CHANGE.name) not in cell(app, "MOVED-TWICE", "warnings")
        for code, warning in EXPECTED.items():
            app.screen.query_one(Input).value = code
            await wait_for(pilot, lambda code=code: app.screen.highlighted == code, code)
            await pilot.pause()
            panel = str(app.screen.query_one("#warnings").render())
            assert t(app.lang, warning.text) in panel, (code, panel)


async def test_only_my_own_participants_are_listed(tmp_path):
    store = make_store(tmp_path, "MINE-1", "MINE-2")
    store.add_participant("THEIRS", "1234", supervisor=COLLEAGUE)
    store.add_participant("NOBODYS", "1234")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        assert table_codes(app) == ["MINE-1", "MINE-2"]
        assert "THEIRS" not in rendered_text(app) and "NOBODYS" not in rendered_text(app)


async def test_typing_filters_and_keys_or_headers_sort(tmp_path):
    store = make_store(tmp_path, "A-1", "B-2", "C-3")
    store.set_follow_up("A-1", TODAY + timedelta(days=30), by=ME)
    store.set_follow_up("C-3", TODAY + timedelta(days=10), by=ME)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        assert app.focused.id == "filter"
        await pilot.press("b")
        await wait_for(pilot, lambda: table_codes(app) == ["B-2"], "the filter")
        await pilot.press("backspace")
        await wait_for(pilot, lambda: table_codes(app) == ["A-1", "B-2", "C-3"], "no filter")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: table_codes(app) == ["C-3", "B-2", "A-1"], "reversed")
        while app.screen.sort_key != "follow_up":
            await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: table_codes(app) == ["C-3", "A-1", "B-2"], "by follow-up")
        # a click on a header sorts by it; a second click turns it round
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        x = sum(c.get_render_width(table) for c in list(table.columns.values())[:1]) // 2
        assert await pilot.click(DataTable, offset=(x, 0))
        await wait_for(pilot, lambda: app.screen.sort_key == "code", "by code")
        assert table_codes(app) == ["A-1", "B-2", "C-3"]
        assert await pilot.click(DataTable, offset=(x, 0))
        await wait_for(pilot, lambda: table_codes(app) == ["C-3", "B-2", "A-1"], "by code, reversed")


class Recording(SupervisorApp):
    """The real app; the participant's page is another helper's: note the code instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen: list[str] = []

    def on_participant_chosen(self, message: ParticipantChosen) -> None:
        self.chosen.append(message.code)
        message.prevent_default()  # not SupervisorApp's handler


async def test_enter_opens_the_highlighted_participant(tmp_path):
    app = Recording(make_store(tmp_path, "A-1", "B-2"), flow_library(), settle=0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.chosen == ["B-2"], "B-2 chosen")


SEND_FROM_ANOTHER_PROCESS = textwrap.dedent("""
    import sys
    from datetime import date
    from skapa_tui.domain.indicators import PARTICIPANT
    from skapa_tui.domain.reading import Answer
    from skapa_tui.resources import flow_library
    from skapa_tui.storage import Store

    store = Store(sys.argv[1])
    flow = flow_library().current("participant")
    reading = store.start_reading(sys.argv[2], flow=flow.id, flow_version=flow.version, role=PARTICIPANT,
                                  rater=None, entry="kiosk", entered_by=None,
                                  meeting_date=date.fromisoformat(sys.argv[3]), lang="sv")
    store.complete_reading(sys.argv[2], reading.id)
""")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", [LANG])
async def test_a_reading_sent_in_another_process_shows_without_a_restart(tmp_path, lang):
    app = make_app(make_store(tmp_path, "A-1", "B-2"), lang, poll_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        assert cell(app, "B-2", "participant") == "–"
        day = TODAY
        subprocess.run([sys.executable, "-c", SEND_FROM_ANOTHER_PROCESS, str(tmp_path), "B-2", day.isoformat()],
                       check=True, timeout=60)
        from skapa_tui.i18n import fmt_date

        await wait_for(pilot, lambda: cell(app, "B-2", "participant") == fmt_date(day, lang, "short"),
                       "the new reading's date")
        # a participant given to me elsewhere shows up too
        Store(tmp_path).add_participant("C-3", "1234", supervisor=ME)
        await wait_for(pilot, lambda: "C-3" in table_codes(app), "the new participant")


async def test_add_a_participant(tmp_path):
    app = make_app(make_store(tmp_path, "A-1"))
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen_name(app) == "AddParticipantScreen", "the modal")
        await pilot.press(*"new-7", "enter", *"5678", "enter", *"5679", "enter")
        await wait_for(pilot, lambda: str(app.screen.query_one("#message").render())
                       == t(app.lang, "The two PINs are not the same."), "the PINs differ")
        await pilot.press(*"5678", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and "NEW-7" in table_codes(app),
                       "the new row")
    store = Store(tmp_path)
    assert store.caseload(ME) == ["A-1", "NEW-7"]
    assert store.check_login("NEW-7", "5678") == "NEW-7"


async def test_take_over_is_recorded_after_the_gentle_text(tmp_path):
    store = make_store(tmp_path, "A-1")
    store.add_participant("WAITING", "1234")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeOverScreen), "the modal")
        from skapa_tui.ui.screens.hand_over import CONTINUITY

        assert str(app.screen.query_one("#continuity").render()) == t(app.lang, CONTINUITY)
        await pilot.press(*"a-1", "enter")  # already mine
        await wait_for(pilot, lambda: str(app.screen.query_one("#message").render()) ==
                       t(app.lang, "{code} is already one of your participants.", code="A-1"), "mine already")
        app.screen.query_one(Input).value = ""
        await pilot.press(*"waiting", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and "WAITING" in table_codes(app),
                       "the row")
    [*_, last] = Store(tmp_path).history("WAITING").assignments
    assert (last.previous, last.supervisor, last.by) == (None, ME, ME)


async def test_a_colleagues_participant_and_an_unknown_code_get_the_same_refusal(tmp_path, monkeypatch):
    from skapa_tui.storage import NotWaiting, tries

    store = make_store(tmp_path, "A-1")
    store.add_participant("THEIRS", "1234", supervisor=COLLEAGUE)
    padded = []
    real_pad = tries.pad
    monkeypatch.setattr(tries, "pad", lambda started, floor=None: (padded.append(started), real_pad(started, floor)))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeOverScreen), "the modal")
        said = {}
        for code in ("THEIRS", "NOBODY-9"):
            app.screen.query_one(Input).value = ""
            await pilot.press(*code.lower(), "enter")
            await wait_for(pilot, lambda: str(app.screen.query_one("#message").render()).strip(), "the refusal")
            said[code] = str(app.screen.query_one("#message").render())
            app.screen.query_one("#message").say(None)
        assert isinstance(app.screen, TakeOverScreen)
    # The same words but for the code typed, each refusal padded to the same time.
    assert said["THEIRS"].replace("THEIRS", "X") == said["NOBODY-9"].replace("NOBODY-9", "X")
    assert said["THEIRS"] == t(LANG, NotWaiting.message, code="THEIRS")
    assert len(padded) == 2
    store = Store(tmp_path)
    assert store.caseload(COLLEAGUE) == ["THEIRS"] and store.caseload(ME) == ["A-1"]
    assert len(store.history("THEIRS").assignments) == 1


async def test_hand_over_to_a_colleague_is_recorded(tmp_path):
    app = make_app(make_store(tmp_path, "A-1", "B-2"))
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("down", "ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the modal")
        assert app.screen.code == "B-2"
        await pilot.press("enter")  # the highlighted colleague
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and table_codes(app) == ["A-1"],
                       "B-2 gone from my caseload")
    [*_, last] = Store(tmp_path).history("B-2").assignments
    assert (last.previous, last.supervisor, last.by) == (ME, COLLEAGUE, ME)
    assert last.on is not None


async def test_a_participant_whose_supervisor_left_is_named_for_take_over(tmp_path):
    store = make_store(tmp_path, "A-1")
    store.add_participant("LEFT-1", "1234", supervisor=COLLEAGUE)
    store.add_participant("KEPT-1", "1234", supervisor=COLLEAGUE)
    store.deactivate_supervisor(COLLEAGUE)
    store.add_participant("NONE-1", "1234")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeOverScreen), "the modal")
        waiting = str(app.screen.query_one("#waiting").render())
        # codes only, and only of participants who wait for a supervisor
        assert "LEFT-1" in waiting and "KEPT-1" in waiting and "NONE-1" in waiting
        assert "A-1" not in waiting.replace("LEFT-1", "").replace("NONE-1", "").replace("KEPT-1", "")
        await pilot.press(*"left-1", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and "LEFT-1" in table_codes(app),
                       "the row")
    [*_, last] = Store(tmp_path).history("LEFT-1").assignments
    assert (last.previous, last.supervisor, last.by) == (COLLEAGUE, ME, ME)


async def test_at_80_columns_every_column_is_on_screen_and_the_panel_says_what_is_cut(tmp_path):
    store = warnings_folder(tmp_path)
    job = next(k for k in KINDS if k.group != SOCIAL)
    store.add_intervention("SOCIAL", kind=job.id, group=job.group, text=None,
                           start=TODAY - timedelta(days=5), end=None, responsible=ME, by=ME)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing off to the right
        assert not table.show_horizontal_scrollbar
        # the long warnings of the others make the interventions give way too
        table.move_cursor(row=table_codes(app).index("SOCIAL"))
        await wait_for(pilot, lambda: app.screen.highlighted == "SOCIAL", "SOCIAL")
        await pilot.pause()
        shown = cell(app, "SOCIAL", "interventions")
        panel = str(app.screen.query_one("#warnings").render())
        row = next(r for r in app.screen.shown if r.code == "SOCIAL")
        full = t(app.lang, "Active interventions: {interventions}").format(
            interventions=caseload_screen.interventions_label(row))
        assert shown.endswith("…") and full in panel, (shown, panel)
        assert any(cell(app, code, "warnings").endswith("…") for code in EXPECTED)
