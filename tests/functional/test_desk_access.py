"""At the desk: every opening of a participant's data is kept in their access
record, my own meeting note (n), the caseload due this week (ctrl+f), the
hand-over's list (active supervisors only), and the same in the real
`skapa supervisor` in a pseudo-terminal at 80x24."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from textual.widgets import Input, OptionList

from skapa_tui.domain.access import CONVERSATION, FORMS, PAGE, PROGRESSION
from skapa_tui.domain.reading import today
from skapa_tui.logic.caseload import week_end
from skapa_tui.storage import NotWaiting, Store
from skapa_tui.ui.screens import caseload as caseload_screen
from skapa_tui.ui.screens.caseload import CaseloadScreen
from skapa_tui.ui.screens.hand_over import HandOverScreen
from skapa_tui.ui.screens.note import NoteScreen
from skapa_tui.ui.screens.participant import ParticipantScreen

from ..conftest import _clean_env, skapa_command
from .desk_helpers import COLLEAGUE, LANG, ME, MY_PASSPHRASE, make_store, rendered_text, signed_in, t, wait_for
from .desk_helpers import make_app as _make_app
from .pty_terminal import PtyApp

TODAY = today()
"""The store dates notes and readings by the real day: the desk's day is the real one too."""


def make_app(store, lang=LANG, **options):
    return _make_app(store, lang, clock=lambda: TODAY, **options)


def table_codes(app) -> list[str]:
    table = app.screen.query_one("#table")
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


def kinds(store: Store, code: str) -> list[str]:
    return [e.what for e in store.access_record(code) if e.by == ME]


async def open_page(pilot, code: str) -> ParticipantScreen:
    app = pilot.app
    app.screen.query_one("#filter", Input).value = code
    await wait_for(pilot, lambda: table_codes(app) == [code], "the row")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ParticipantScreen) and app.screen.history, "the page")
    return app.screen


async def back_to(pilot, page) -> None:
    await pilot.press("escape")
    await wait_for(pilot, lambda: pilot.app.screen is page, "the page again")


async def test_each_opening_is_kept_in_the_participants_access_record(tmp_path):
    store = make_store(tmp_path, "A-1")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        page = await open_page(pilot, "A-1")
        assert kinds(store, "A-1") == [PAGE]
        for key, what in (("c", CONVERSATION), ("g", PROGRESSION), ("f", FORMS)):
            await pilot.press(key)
            await wait_for(pilot, lambda: pilot.app.screen is not page, f"what {key} opens")
            await back_to(pilot, page)
            assert kinds(store, "A-1")[-1] == what
        await pilot.press("a")  # the plan holds no rating: not kept
        await wait_for(pilot, lambda: pilot.app.screen is not page, "the plan")
        await back_to(pilot, page)
    assert kinds(store, "A-1") == [PAGE, CONVERSATION, PROGRESSION, FORMS]
    assert {e.by_kind for e in store.access_record("A-1")} == {"supervisor"}


async def test_a_participant_taken_away_meanwhile_is_not_opened_and_nothing_is_kept(tmp_path):
    store = make_store(tmp_path, "A-1")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in(pilot)
        page = await open_page(pilot, "A-1")
        store.assign("A-1", COLLEAGUE, by=None)  # an administrator, in another process
        await pilot.press("c")
        await pilot.pause()
        assert pilot.app.screen is page
    assert kinds(store, "A-1") == [PAGE]


async def test_n_writes_my_own_note_of_todays_meeting_and_shows_the_earlier_ones(tmp_path):
    store = make_store(tmp_path, "A-1")
    store.save_note("A-1", TODAY - timedelta(days=90), "Bertil's own words", by=COLLEAGUE)
    store.save_note("A-1", TODAY - timedelta(days=30), "Last month: the course", by=ME)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        page = await open_page(pilot, "A-1")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note")
        earlier = str(pilot.app.screen.query_one("#earlier").render())
        assert "Last month: the course" in earlier and "Bertil" not in earlier
        assert pilot.app.focused.id == "note"
        await pilot.press(*"Wants to try the shop", "enter")
        await wait_for(pilot, lambda: pilot.app.screen is page, "the page again")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note again")
        assert pilot.app.screen.query_one("#note", Input).value == "Wants to try the shop"  # today's comes back
    mine = [(n.meeting_date, n.text) for n in store.notes("A-1") if n.by == ME]
    assert mine == [(TODAY - timedelta(days=30), "Last month: the course"), (TODAY, "Wants to try the shop")]


async def test_a_note_in_the_future_is_refused_in_words(tmp_path):
    store = make_store(tmp_path, "A-1")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await open_page(pilot, "A-1")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NoteScreen), "the note")
        pilot.app.screen.query_one("#day", Input).value = (TODAY + timedelta(days=3)).isoformat()
        pilot.app.screen.query_one("#note", Input).focus()
        await pilot.press(*"Too soon", "enter")
        await wait_for(pilot, lambda: str(pilot.app.screen.query_one("#message").render()).strip(), "the refusal")
        assert isinstance(pilot.app.screen, NoteScreen)
        assert str(pilot.app.screen.query_one("#message").render()) == t(
            LANG, "The date of the meeting cannot be in the future.")
    assert store.notes("A-1") == []


@pytest.mark.one_language
@pytest.mark.parametrize("lang", ["sv", "da"])
async def test_ctrl_f_shows_who_is_due_this_week_and_everyone_again(tmp_path, lang):
    store = make_store(tmp_path, "LATER", "DUE", "OVERDUE", "NONE")
    store.set_follow_up("DUE", week_end(TODAY), by=ME)
    store.set_follow_up("OVERDUE", TODAY - timedelta(days=3), by=ME)
    store.set_follow_up("LATER", week_end(TODAY) + timedelta(days=1), by=ME)
    app = make_app(store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        everyone = table_codes(app)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: table_codes(app) == ["OVERDUE", "DUE"], "the week's rows")
        assert t(lang, caseload_screen.WHERE_WEEK).split("{")[0].strip() in rendered_text(app)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: table_codes(app) == everyone, "everyone again")


async def test_nobody_due_says_so(tmp_path):
    store = make_store(tmp_path, "LATER")
    store.set_follow_up("LATER", week_end(TODAY) + timedelta(days=10), by=ME)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: table_codes(app) == [], "no rows")
        assert str(app.screen.query_one("#warnings").render()) == t(LANG, caseload_screen.NONE_DUE)
        assert isinstance(app.screen, CaseloadScreen)


async def test_hand_over_lists_only_active_supervisors(tmp_path):
    store = make_store(tmp_path, "A-1")
    store.add_supervisor("lena", "lenas long passphrase", "Lena Leader", role="leader")
    store.add_supervisor("cecilia", "cecilias long passphrase", "Cecilia Gone")
    store.deactivate_supervisor("cecilia")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(n).id for n in range(options.option_count)] == [COLLEAGUE]


# -- the real skapa supervisor in a pseudo-terminal ---------------------------------------------

def said(lang: str, msgid: str, **fields) -> str:
    text = t(lang, msgid, **fields)
    assert text != msgid, f"the {lang} catalog does not translate {msgid!r}"
    return text


def test_in_a_real_terminal_take_over_refuses_alike_and_the_week_and_the_note_work(tmp_path):
    lang = "da"
    data = tmp_path / "data"
    store = make_store(data, "MINE-1")
    store.add_participant("THEIRS-1", "1234", supervisor=COLLEAGUE)
    store.set_follow_up("MINE-1", TODAY, by=ME)
    home = tmp_path / "home"
    home.mkdir()
    desk = PtyApp([*skapa_command(), "supervisor", "--data", str(data), "--lang", lang],
                  _clean_env(home, lang, TERM="xterm-256color"), tmp_path, (80, 24))
    try:
        from skapa_tui.ui.screens.sign_in import LABELS

        desk.wait_for(said(lang, LABELS["passphrase"]), timeout=60)
        desk.type(ME)
        desk.send("enter")
        time.sleep(0.3)
        desk.type(MY_PASSPHRASE)
        desk.send("enter")
        desk.wait_for("MINE-1", timeout=30)
        refusals = []
        for code in ("THEIRS-1", "ZZ-404"):
            desk.send("\x14")  # ctrl+t
            desk.wait_for(said(lang, "Take over a participant"))
            desk.type(code.lower())
            desk.send("enter")
            refusal = said(lang, NotWaiting.message, code=code)
            desk.wait_for(refusal)
            refusals.append(refusal.replace(code, "X"))
            desk.send("escape")
            desk.wait_until(lambda: not desk.shows(said(lang, "Take over a participant")), "the caseload")
        assert refusals[0] == refusals[1]
        desk.send("\x06")  # ctrl+f: due this week
        desk.wait_for(said(lang, "Follow-up by {date}: {who}").split("{")[0].strip())
        desk.send("enter")
        desk.wait_for(said(lang, "Participant {code}", code="MINE-1"))
        desk.send("n")
        desk.wait_for(said(lang, "Note of a meeting with {code}", code="MINE-1"))
        desk.type("Vil gerne prøve butikken")
        desk.send("enter")
        desk.wait_until(lambda: not desk.shows(said(lang, "Note of a meeting with {code}", code="MINE-1")),
                        "the page again")
        desk.send("\x11")  # ctrl+q
        assert desk.wait() == 0
    finally:
        if desk.alive():
            desk.terminate()
    store = Store(data)
    assert store.history("THEIRS-1").supervisor == COLLEAGUE
    assert [n.text for n in store.notes("MINE-1")] == ["Vil gerne prøve butikken"]
    assert [e.what for e in store.access_record("MINE-1")] == [PAGE]
    assert store.access_record("THEIRS-1") == []


async def test_the_summary_names_me_and_how_to_reach_me_and_is_kept_in_the_record(tmp_path):
    import pypdfium2 as pdfium

    from skapa_tui.logic.summary import CONTACT_HOW
    from skapa_tui.ui.screens.summary_save import SummarySaveScreen

    store = make_store(tmp_path / "data", "A-1")
    app = make_app(store)
    out = tmp_path / "summary.pdf"
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot)
        store.set_supervisor_contact(ME, "anna.lind@example.org")  # set after sign-in: the page has it
        page = await open_page(pilot, "A-1")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummarySaveScreen), "the summary's questions")
        pilot.app.screen.query_one("#path", Input).value = str(out)
        pilot.app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen is page and out.exists(), "the summary saved")
    document = pdfium.PdfDocument(out.read_bytes())
    text = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Anna Lind" in text
    assert " ".join(t(LANG, CONTACT_HOW, contact="anna.lind@example.org").split()) in text
    assert kinds(store, "A-1") == [PAGE, "summary"]
