"""Every desk screen at 80x24 by keys alone, in the real ``skapa supervisor``
in a pseudo-terminal, on the demo folder.

On each screen the test brings the last item into view with the keys a
person would try (End, PageDown, Tab) and checks that it is on the
terminal; it checks that Enter never switches the language unasked (the
focus never starts on the title bar's switch), that ctrl+l locks at once
on every screen, and that the report's ctrl+e works after a date is typed
in its field.
"""

from __future__ import annotations

from datetime import date

import pytest

from skapa_tui import i18n
from skapa_tui.logic.caseload import sort_rows
from skapa_tui.logic.desk import Desk
from skapa_tui.logic.planning import intervention_name, plan_interventions
from skapa_tui.logic.report import store_report
from skapa_tui.render.blocks import Table, blocks
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

from .desk_pty import LEADER, LEADER_PASSPHRASE, PASSPHRASE, SUPERVISOR, demo_folder, sign_in, start_desk
from .kiosk_helpers import LANG, OTHER
from .kiosk_pty import said
from .pty_terminal import PtyApp


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return demo_folder(tmp_path_factory.mktemp("desk-pty"))


def hidden_then_shown(desk: PtyApp, text: str, *keys: str) -> None:
    """``text`` is below the fold, and ``keys`` bring it into view."""
    desk.wait_quiet()
    assert not desk.shows(text), f"{text!r} was in view already:\n{desk.text()}"
    desk.send(*keys)
    desk.wait_for(text, timeout=10)


def locks_and_back(desk: PtyApp, lang: str, back: str) -> None:
    """ctrl+l locks at once; the passphrase brings the same screen back."""
    desk.send("ctrl+l")
    desk.wait_for(said(lang, "The desk is locked"), timeout=10)
    desk.wait_quiet()
    assert not desk.shows(back), desk.text()
    desk.type(PASSPHRASE)
    desk.send("enter")
    desk.wait_for(back, timeout=10)


def still_in(desk: PtyApp, lang: str) -> None:
    """Enter pressed where the focus started did not switch the language."""
    other = OTHER if lang == LANG else LANG
    assert desk.shows(i18n.language_name(other)), desk.text()


def test_every_desk_screen_by_keys_alone_at_80x24(tmp_path, data):
    lang = LANG
    store = Store(data)
    library = flow_library()
    me = Desk(store, store.supervisor(SUPERVISOR), library, library.guide())
    rows = sort_rows(me.rows(), "code")
    first, last = rows[0].code, rows[-1].code
    desk = start_desk(tmp_path, data, lang)
    try:
        still_in(desk, lang)
        sign_in(desk, SUPERVISOR, PASSPHRASE)
        desk.wait_for(first)

        # the caseload: PageDown from the filter field reaches the last row; PageUp back to the first
        desk.send("pagedown")
        desk.wait_for(last)
        desk.wait_quiet()
        desk.send("pageup")
        desk.wait_for(first)
        desk.wait_quiet()
        locks_and_back(desk, lang, first)

        # the participant's page: the changes of supervisor are below the fold
        desk.send("enter")
        page = said(lang, "Participant {code}").format(code=first)
        desk.wait_for(page)
        hidden_then_shown(desk, said(lang, "Changes of supervisor"), "end")
        desk.send("home")
        desk.wait_for(said(lang, "Readings"))
        locks_and_back(desk, lang, page)

        # the conversation: the last indicator comes into view with End
        desk.send("c")
        _history, talk = me.conversation(first)
        desk.wait_for(said(lang, talk.rows[0].indicator.name))
        still_in(desk, lang)
        hidden_then_shown(desk, said(lang, talk.rows[-1].indicator.name), "end")
        desk.send("pageup", "pageup", "pageup", "pageup", "pageup", "pageup", "home")
        desk.wait_for(said(lang, talk.rows[0].indicator.name))
        desk.send("enter")  # the panels have the focus: no language switch
        desk.wait_quiet()
        still_in(desk, lang)
        locks_and_back(desk, lang, said(lang, talk.rows[0].indicator.name))
        desk.send("escape")
        desk.wait_for(page)

        # the progression: the table has the focus; End brings its last rows in
        desk.send("g")
        desk.wait_for(said(lang, "Progression of {code}").format(code=first))
        hidden_then_shown(desk, said(lang, "Support between meetings"), "end")
        locks_and_back(desk, lang, said(lang, "Support between meetings"))
        desk.send("escape")
        desk.wait_for(page)

        # the plan: the earlier plans are below the fold, whatever has the focus
        desk.send("a")
        desk.wait_for(said(lang, "Action plan for {code}").format(code=first))
        history = me.history(first)
        names = []
        for intervention in plan_interventions(history.plans[0], history):  # the oldest plan, shown last
            name, is_msgid = intervention_name(intervention)
            names.append(said(lang, name) if is_msgid else name)
        oldest = said(lang, "Interventions: {names}").format(names=", ".join(names) or "–")
        hidden_then_shown(desk, oldest, "pagedown", "pagedown", "pagedown", "end")
        desk.send("home")
        desk.wait_for(said(lang, "Interventions"))
        locks_and_back(desk, lang, said(lang, "Action plan for {code}").format(code=first))
        desk.send("escape")
        desk.wait_for(page)

        # the modals: each whole on the screen, its buttons at the bottom in view
        for key, title in (("s", "Summary to take home"), ("p", "Which form was filled in on paper?")):
            desk.send(key)
            desk.wait_for(said(lang, title))
            desk.wait_for(said(lang, "Cancel"))
            desk.send("escape")
            desk.wait_for(page)
        desk.send("o")
        desk.wait_for(said(lang, "Hand {code} over to another supervisor").format(code=first))
        desk.wait_for(said(lang, "Cancel"))
        desk.send("escape")
        desk.wait_for(page)

        # the form and its review: End brings the last question into view
        desk.send("f")
        desk.wait_for(said(lang, "Take a break (Esc)"))
        desk.send("\x12")  # ctrl+r
        desk.wait_for(said(lang, "Send (Enter)"))
        questions = library.current("supervisor").questions
        last_question = said(lang, questions[-1].text)
        hidden_then_shown(desk, last_question, "end")
        desk.send("home")
        desk.wait_for(said(lang, questions[0].text))
        locks_and_back(desk, lang, said(lang, questions[0].text))
        desk.send("escape")  # a break: back to the page
        desk.wait_for(page)

        # take-over, from the caseload
        desk.send("escape")
        desk.wait_for(said(lang, "Filter: code or warning"))
        desk.wait_quiet()
        desk.send("\x14")  # ctrl+t
        desk.wait_for(said(lang, "Take over a participant"))
        desk.wait_for(said(lang, "Cancel"))
        desk.send("escape")
        desk.wait_quiet()

        # the hand-over of the terminal: the participant's chat, its buttons in view
        desk.send("enter")
        desk.wait_for(page)
        desk.send("h")
        desk.wait_for(said(lang, "Take a break"))
        desk.send("ctrl+l")  # the participant's turn: no supervisor's key works
        desk.wait_quiet()
        assert not desk.shows(said(lang, "The desk is locked"))
        assert desk.responds()
    finally:
        desk.close()


def test_the_leaders_report_by_keys_alone_at_80x24(tmp_path, data):
    lang = LANG
    store = Store(data)
    report = store_report(store, flow_for=flow_library().version, first=None, last=None, today=date.today())
    found = blocks(report, lang)
    paragraphs = [text for kind, text in (b for b in found if not isinstance(b, Table)) if kind == "p"]
    opening = " ".join(paragraphs[0].split()[:6])
    # the report's last line: the last table's last row (its names' column kept), or the last paragraph's words
    closing = " ".join(found[-1].rows[-1]) if isinstance(found[-1], Table) else " ".join(paragraphs[-1].split()[:6])
    desk = start_desk(tmp_path, data, lang)
    try:
        sign_in(desk, LEADER, LEADER_PASSPHRASE)
        desk.wait_for(opening, timeout=60)
        desk.wait_for(said(lang, "Year up to"))
        still_in(desk, lang)
        hidden_then_shown(desk, closing, "end")
        desk.send("home")
        desk.wait_for(opening)
        # a date typed in the field, then ctrl+e: the report is saved as a page
        desk.send("shift+tab")
        desk.send("\x15")  # ctrl+u: the field emptied
        desk.type(date.today().replace(month=1, day=1).isoformat())
        desk.send("\x05")  # ctrl+e
        desk.wait_for(said(lang, "Save the report as HTML"), timeout=10)
        desk.send("escape")
        desk.wait_quiet()
        desk.send("\x0c")  # ctrl+l, with the focus in the field
        desk.wait_for(said(lang, "The desk is locked"), timeout=10)
        desk.type(LEADER_PASSPHRASE)
        desk.send("enter")
        desk.wait_for(opening)
    finally:
        desk.close()
