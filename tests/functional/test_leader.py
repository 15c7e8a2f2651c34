"""The leader's side of the supervisor app, headless on a real data folder:
signing in to the organisation's report, its figures (the logic's, for the
same data and period), no participant code anywhere on it, a new period, the
HTML page, the idle lock, and that a supervisor never gets it nor a leader a
participant."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest

from skapa_tui.logic.desk import Desk
from skapa_tui.logic.planning import short_date
from skapa_tui.logic.report import SUPPRESSED, store_report
from skapa_tui.render import render
from skapa_tui.render.blocks import Table, blocks
from skapa_tui.resources import flow_library
from skapa_tui.ui.messages import ParticipantChosen

from .desk_helpers import LANG, OTHER, go_idle, rendered_text, screen_name, sign_in, signed_in, t, wait_for
from .leader_helpers import CODES, EARLIER, IN_PERIOD, LEADER, LEADER_PASSPHRASE, TODAY, leader_folder, make_app

WHOLE = (220, 260)
"""A terminal the whole report fits on."""


YEAR = (date(2024, 1, 1), date(2024, 12, 31))
"""The year a leader sees first on `TODAY` (14 March 2025): the four quarters of 2024."""


def expected(store, last):
    return store_report(store, flow_for=flow_library().version, first=None, last=last, today=TODAY)


async def report_shown(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "ReportScreen" and app.screen.report is not None
                   and not app.screen.computing and app.screen.query(".table"), "the report")
    await pilot.pause()


async def leader_in(pilot) -> None:
    await sign_in(pilot, LEADER, LEADER_PASSPHRASE)
    await report_shown(pilot)


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_no_code(text: str) -> None:
    for code in CODES:
        assert code not in text and squashed(code) not in squashed(text), code


def assert_tables_on_screen(app, report, lang) -> None:
    """Every row of every table of the report, as the logic writes it, is on the screen."""
    screen = squashed(rendered_text(app))
    tables = [b for b in blocks(report, lang) if isinstance(b, Table)]
    assert tables
    for table in tables:
        for word in " ".join(table.header).split():  # a header may wrap
            assert word in screen, word
        for row in table.rows:
            assert squashed("".join(row)) in screen, row


@pytest.mark.one_language
@pytest.mark.parametrize("lang", [LANG, OTHER])
async def test_a_leader_signs_in_to_the_report_with_the_logics_figures_and_no_code(tmp_path, lang):
    store = leader_folder(tmp_path)
    app = make_app(store, lang)
    async with app.run_test(size=WHOLE) as pilot:
        await leader_in(pilot)
        assert app.desk is None and app.account.id == LEADER
        want = expected(store, YEAR[1])  # the end of the last quarter ended, in the field
        assert (want.first, want.last) == YEAR
        assert app.screen.report == want
        assert app.screen.query_one("#last").value == short_date(YEAR[1], lang)
        assert abs(want.participants - len(IN_PERIOD)) <= 2  # seven, moved by the protection
        assert_tables_on_screen(app, want, lang)
        text = rendered_text(app)
        assert t(lang, "Participants with a reading in the period: {n}.", n=want.participants) in text
        assert t(lang, "How no one is given away") in text  # what protects the figures, said
        assert "<5" in text  # the small groups are suppressed
        assert_no_code(text)


async def test_a_new_year_computes_the_report_again_and_a_bad_date_is_said(tmp_path):
    store = leader_folder(tmp_path)
    app = make_app(store)
    async with app.run_test(size=WHOLE) as pilot:
        await leader_in(pilot)
        screen = app.screen
        field = screen.query_one("#last")
        field.focus()
        field.value = ""
        await pilot.press(*"1.2", "enter")  # no year: not a date
        await wait_for(pilot, lambda: screen.query_one("#message").msgid is not None, "the message")
        assert (screen.report.first, screen.report.last) == YEAR

        field.value = ""
        await pilot.press(*"2023-11-15", "enter")  # the year up to the end of 2023
        await wait_for(pilot, lambda: screen.report.last == date(2023, 12, 31) and not screen.computing,
                       "the report of 2023")
        await pilot.pause()
        want = expected(store, date(2023, 11, 15))
        assert screen.report == want and want.first == date(2023, 1, 1)
        assert want.participants == SUPPRESSED  # the two of EARLIER
        assert field.value == short_date(date(2023, 12, 31), LANG)  # the end of the year counted
        assert screen.query_one("#message").msgid is None
        assert_tables_on_screen(app, want, LANG)
        assert t(LANG, "Participants with a reading in the period: {n}.", n=SUPPRESSED) in rendered_text(app)
        assert len(EARLIER) < 5

        # an empty field is the last year ended; ctrl+r computes with what the field says
        field.value = ""
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.report.last == YEAR[1] and not screen.computing, "the last year")
        assert screen.report == expected(store, None) and field.value == short_date(YEAR[1], LANG)
        assert_no_code(rendered_text(app))


async def test_the_screen_stays_live_while_the_report_is_computed(tmp_path):
    store = leader_folder(tmp_path)
    go_on = threading.Event()
    read_histories = store.read_histories

    def slow_read_histories(files):
        assert go_on.wait(20)
        return read_histories(files)

    store.read_histories = slow_read_histories
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, LEADER, LEADER_PASSPHRASE)
        await wait_for(pilot, lambda: screen_name(app) == "ReportScreen", "the report screen")
        screen = app.screen
        await wait_for(pilot, lambda: screen.computing, "computing")
        assert t(LANG, "Computing the report…") in rendered_text(app)
        # the screen answers keys while the report is read
        screen.query_one("#last").focus()
        await pilot.press("end", "backspace")
        shown = short_date(YEAR[1], LANG)
        await wait_for(pilot, lambda: screen.query_one("#last").value == shown[:-1], "typing")
        assert screen.report is None and screen.computing
        go_on.set()
        await report_shown(pilot)
        assert t(LANG, "Computing the report…") not in rendered_text(app)
        assert screen.report == expected(store, YEAR[1])


async def test_the_report_is_saved_as_an_html_page_only_its_owner_can_read(tmp_path):
    store = leader_folder(tmp_path / "data")
    app = make_app(store)
    out = tmp_path / "report.html"
    async with app.run_test(size=(100, 30)) as pilot:
        await leader_in(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: screen_name(app) == "ExportReportScreen", "the save dialog")
        field = app.screen.query_one("#path")
        field.value = str(tmp_path)  # a folder: said, nothing written
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query_one("#message").msgid is not None, "the message")
        field.value = str(tmp_path / "no-such-folder" / "r.html")
        await pilot.press("enter")
        assert screen_name(app) == "ExportReportScreen"
        field.value = str(out)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ReportScreen", "back to the report")
        report = app.screen.report
    assert out.stat().st_mode & 0o777 == 0o600
    page = out.read_text(encoding="utf-8")
    assert page == render(report, "html", LANG)
    assert_no_code(page)
    assert not (tmp_path / "no-such-folder").exists()


async def test_the_idle_lock_covers_the_report_and_the_passphrase_brings_it_back(tmp_path):
    store = leader_folder(tmp_path)
    app = make_app(store, lock_seconds=600)
    async with app.run_test(size=(100, 30)) as pilot:
        await leader_in(pilot)
        heading = t(LANG, "Distance travelled per indicator")
        assert heading in rendered_text(app)
        go_idle(app)
        await wait_for(pilot, lambda: screen_name(app) == "LockScreen", "the lock")
        await pilot.pause()
        text = rendered_text(app)
        assert heading not in text and "Lena Ek" in text
        await pilot.press(*"not my passphrase", "enter")
        await wait_for(pilot, lambda: app.screen.query_one("#message").render().plain.strip(), "refused")
        assert screen_name(app) == "LockScreen"
        await pilot.press(*LEADER_PASSPHRASE, "enter")
        await wait_for(pilot, lambda: screen_name(app) == "ReportScreen", "the report again")
        await pilot.pause()
        assert heading in rendered_text(app)
        # ctrl+l locks at once; "Sign out" leaves for the sign-in
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: screen_name(app) == "LockScreen", "the lock")
        await pilot.click("#sign-out")
        await wait_for(pilot, lambda: screen_name(app) == "SignInScreen", "the sign-in")
        assert app.account is None and app.desk is None and len(app.screen_stack) == 1


async def test_a_leader_opens_no_participant_and_a_supervisor_gets_no_report(tmp_path):
    store = leader_folder(tmp_path)
    leader = store.supervisor(LEADER)
    library = flow_library()
    with pytest.raises(ValueError):
        Desk(store, leader, library, library.guide(), clock=lambda: TODAY)

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await leader_in(pilot)
        app.post_message(ParticipantChosen(IN_PERIOD[0]))
        await pilot.pause()
        await pilot.pause()
        assert screen_name(app) == "ReportScreen" and app.desk is None
        assert [type(s).__name__ for s in app.screen_stack] == ["SignInScreen", "ReportScreen"]

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await signed_in(pilot)  # the supervisor
        assert app.desk is not None and app.account.id == app.desk.id
        assert not any(type(s).__name__ == "ReportScreen" for s in app.screen_stack)
        assert t(LANG, "Distance travelled per indicator") not in rendered_text(app)


async def test_a_language_switch_says_the_same_report_again_in_the_new_language(tmp_path):
    from skapa_tui.i18n import fmt_date

    store = leader_folder(tmp_path)
    app = make_app(store)
    async with app.run_test(size=WHOLE) as pilot:
        await leader_in(pilot)
        report = app.screen.report
        app.lang = OTHER
        await pilot.pause()
        await wait_for(pilot, lambda: app.screen.query_one("#last").value == short_date(YEAR[1], OTHER),
                       "the period in the other language")
        assert app.screen.report is report  # not computed again
        text = rendered_text(app)
        assert fmt_date(TODAY, OTHER) in text
        assert_tables_on_screen(app, report, OTHER)
        assert_no_code(text)
