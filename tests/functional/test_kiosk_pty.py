"""The kiosk in a real pseudo-terminal, as a person at it uses it.

Each test starts the real ``skapa kiosk`` command in a terminal of a given
size and presses keys; what it checks is what the screen shows (pyte reads
the terminal's output as a person sees it) and what the data folder holds.
Texts come from the real catalogs, in each language where text is involved.
"""

from __future__ import annotations

import re
import signal
from datetime import timedelta

import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now, today
from skapa_tui.storage import Store

from .kiosk_pty import (
    CODE,
    FLOW,
    PIN,
    answer,
    answer_all,
    answer_question,
    answered,
    log_in,
    make_data,
    question_on_screen,
    said,
    said_n,
    start_kiosk,
)

# Its lane (one test at a time) and marker `terminal`: tests/conftest.py, REAL_TERMINAL.

LANGS = tuple(i18n.offered_languages())
SIZES = {"sv": (80, 24), "da": (120, 40)}
"""One size per language, so that the tests cover both sizes without doubling."""
OTHER = {lang: next(other for other in LANGS if other != lang) for lang in LANGS}


def answers(tmp_path) -> dict[str, object]:
    readings = Store(tmp_path / "data").readings(CODE)
    return {item: a.value for item, a in readings[-1].answers.items()} if readings else {}


@pytest.fixture
def kiosks():
    started = []

    def start(*args, **kwargs):
        kiosk = start_kiosk(*args, **kwargs)
        started.append(kiosk)
        return kiosk

    yield start
    for kiosk in started:
        kiosk.close()


# -- 1. it never freezes ----------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_backspace_on_the_review_goes_back_and_the_kiosk_goes_on(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    answer_all(kiosk, lang, "3")
    kiosk.send("backspace")
    kiosk.wait_until(lambda: not kiosk.shows(said(lang, FLOW.messages["review"])), "the review gone")
    kiosk.wait_for(said(lang, "Here is the question again."))
    question_on_screen(kiosk, lang, len(FLOW.questions))
    assert kiosk.responds(), "the kiosk froze after Backspace on the review"
    answer_question(kiosk, FLOW.questions[-1], "5", said(lang, FLOW.messages["review"]), earlier="3")
    # back at the review, the changed answer is in view
    kiosk.wait_for(said(lang, answered(FLOW.questions[-1], "5", "3")[1]))
    assert kiosk.responds()


def to_screen(kiosk, lang: str, screen: str) -> str:
    """Bring the kiosk to ``screen`` with keys; a text of the person's that must go."""
    log_in(kiosk)
    question_on_screen(kiosk, lang, 1)
    mine = said(lang, FLOW.questions[0].anchor(4).text)
    answer(kiosk, "4", said(lang, FLOW.questions[1].text))
    if screen == "question":
        return mine
    kiosk.send("tab", "tab", "enter")  # past the answers and "Back" to "See all answers"
    kiosk.wait_for(said(lang, FLOW.messages["review"]))
    if screen == "review":
        return mine
    kiosk.send("enter")  # questions without an answer: it asks first
    kiosk.wait_for(said(lang, "Answer them"))
    return said(lang, "Some questions have no answer")


@pytest.mark.parametrize("screen", ["question", "review", "confirm"])
@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_going_idle_brings_the_countdown_then_the_start_screen_from_any_screen(tmp_path, lang, screen, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang], "--idle-seconds", "2", "--countdown-seconds", "3")
    mine = to_screen(kiosk, lang, screen)
    kiosk.wait_for(said(lang, "Are you still there?"))
    kiosk.wait_until(lambda: re.search(r"\d", kiosk.text().split(said(lang, "Are you still there?"))[-1]),
                     "the countdown in numbers")
    kiosk.wait_for(said(lang, "Your code"), timeout=15)
    kiosk.wait_until(lambda: not kiosk.shows(mine) and not kiosk.shows(said(lang, "Are you still there?")),
                     "nothing of the person left")
    assert kiosk.responds()
    assert answers(tmp_path)[FLOW.questions[0].id] == 4  # kept


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_key_during_the_countdown_keeps_the_person_where_they_were(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang], "--idle-seconds", "2", "--countdown-seconds", "20")
    to_screen(kiosk, lang, "question")
    kiosk.wait_for(said(lang, "Are you still there?"))
    kiosk.send("x")
    kiosk.wait_until(lambda: not kiosk.shows(said(lang, "Are you still there?")), "the countdown gone")
    question_on_screen(kiosk, lang, 2)


# -- 2. nothing is chosen unseen ---------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_number_then_enter_answers_one_question_only(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    question_on_screen(kiosk, lang, 1)
    answer(kiosk, "3", said(lang, FLOW.questions[1].text))
    kiosk.wait_quiet(0.6)  # a common habit: Enter a moment after the number
    kiosk.send("enter")
    kiosk.wait_for(said(lang, "Choose an answer first: press its number, or use the arrow keys."))
    kiosk.send("enter", "space")  # said once: nothing more comes, nothing is chosen
    kiosk.wait_quiet(0.6)
    nudge = said(lang, "Choose an answer first: press its number, or use the arrow keys.")
    assert kiosk.flat().count(" ".join(nudge.split())) == 1
    assert answers(tmp_path) == {FLOW.questions[0].id: 3}
    # the arrows bring the cursor in; then Enter chooses what is under it
    kiosk.send("down", "down", "enter")
    question_on_screen(kiosk, lang, 3)
    assert answers(tmp_path)[FLOW.questions[1].id] == 2


# -- 3. no form is sent by mistake --------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_review_counts_what_is_missing_and_asks_before_sending_it(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    question_on_screen(kiosk, lang, 1)
    kiosk.send("tab", "enter")  # "See all answers" on the first question ("Back" is off there)
    kiosk.wait_for(said(lang, FLOW.messages["review"]))
    n = len(FLOW.questions)
    kiosk.wait_for(said_n(lang, "{n} question has no answer yet.", "{n} questions have no answer yet.", n))
    kiosk.send("enter")  # sending asks once; Enter there answers them
    kiosk.wait_for(said(lang, "Some questions have no answer"))
    kiosk.send("enter")
    kiosk.wait_for(said(lang, "Now you can answer the question."))
    question_on_screen(kiosk, lang, 1)
    answer(kiosk, "5", said(lang, FLOW.questions[1].text))  # then on to the next without an answer
    assert answers(tmp_path) == {FLOW.questions[0].id: 5}
    assert not Store(tmp_path / "data").readings(CODE)[0].finished


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_a_changed_answer_comes_back_into_view_and_enter_then_sends(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    answer_all(kiosk, lang, "2")
    kiosk.wait_for(said(lang, "Every question has an answer."))
    kiosk.wait_quiet(0.3)  # the review drawn and settled, as a person sees it before pressing on
    last = len(FLOW.questions) - 1
    kiosk.send("up", "space")  # from "Send", Up to the last row; Space changes it
    kiosk.wait_for(said(lang, "Here you can change your answer."))
    value, text = answered(FLOW.questions[last], "4", "2")
    answer_question(kiosk, FLOW.questions[last], "4", said(lang, FLOW.messages["review"]), earlier="2")
    kiosk.wait_for(said(lang, text))  # in view, scrolled to it
    kiosk.send("enter")
    kiosk.wait_for(said(lang, FLOW.messages["thanks"]))
    assert answers(tmp_path)[FLOW.questions[last].id] == value
    assert Store(tmp_path / "data").readings(CODE)[0].finished


# -- 4. how to answer, how far along -------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_keys_and_the_progress_are_said(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    question_on_screen(kiosk, lang, 1)
    total = len(FLOW.questions)
    kiosk.wait_for(said(lang, "Press the number of your answer. Or use the arrow keys and Enter. "
                              "Backspace goes back."))
    words = said(lang, "Question {n} of {total}", n=1, total=total)
    # waited for, not read once: the hint can be on the screen while the frame around it is still coming
    kiosk.wait_until(lambda: re.search(re.escape(words) + r"\s+█*░+", kiosk.text()), "the progress bar")
    answer(kiosk, "3", said(lang, FLOW.questions[1].text))
    kiosk.wait_for(said(lang, "Question {n} of {total}", n=2, total=total))
    kiosk.send("tab", "tab", "enter")
    kiosk.wait_for(said(lang, "Enter sends your answers. Tab goes to the buttons. Backspace goes back."))


# -- 5. each person starts fresh ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_next_person_gets_the_kiosks_own_language_and_an_empty_welcome(tmp_path, lang, kiosks):
    other = OTHER[lang]
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    kiosk.send("shift+tab")  # from the code field back to the last language switch, then the first
    kiosk.send(*["shift+tab"] * (LANGS.index(other) != len(LANGS) - 1))
    kiosk.send("enter")
    kiosk.wait_for(said(other, "Your code"))
    kiosk.wait_quiet(0.2)  # the welcome said again whole in the other language
    log_in(kiosk)
    question_on_screen(kiosk, other, 1)
    kiosk.send("tab", "tab", "enter")  # "Take a break" ("Back" is off on the first question)
    kiosk.wait_for(said(other, "Your answers are saved. Log in again when you want to go on."))
    kiosk.send("x")  # the next person's first key: the kiosk's own language, no message
    kiosk.wait_for(said(lang, "Your code"))
    kiosk.wait_until(lambda: not kiosk.shows(said(other, "Your answers are saved. Log in again when you want "
                                                         "to go on.")), "the message gone")
    # a wrong login leaves nothing typed for the next person
    kiosk.send("backspace")
    log_in(kiosk, CODE, "0000")
    kiosk.wait_for(said(lang, "The code or the PIN is not right. Please try again, or ask your supervisor."))
    assert CODE not in kiosk.text()


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_thanks_counts_down_and_any_key_ends_it(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    log_in(kiosk)
    answer_all(kiosk, lang, "4")
    kiosk.send("enter")
    kiosk.wait_for(said(lang, FLOW.messages["thanks"]))
    kiosk.wait_until(lambda: re.search(said_n(lang, "In {n} second the screen goes back to the start.",
                                              "In {n} seconds the screen goes back to the start.", 99)
                                       .replace("99", r"\d+"), kiosk.flat()), "the countdown")
    kiosk.wait_for(said(lang, "Done"))
    kiosk.wait_quiet(0.5)
    kiosk.send("q")
    kiosk.wait_for(said(lang, "Your code"))
    assert not kiosk.shows(said(lang, FLOW.questions[0].anchor(4).text))


# -- 6. login by keys -------------------------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_code_tab_pin_tab_enter_logs_in(tmp_path, lang, kiosks):
    kiosk = kiosks(tmp_path, lang, SIZES[lang])
    kiosk.type(CODE)
    kiosk.send("tab")
    kiosk.type(PIN)
    kiosk.send("tab", "enter")
    question_on_screen(kiosk, lang, 1)


# -- 7. nobody learns which codes exist -------------------------------------------------------

@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_code_rests_like_a_known_one(tmp_path, lang, kiosks):
    wait = said(lang, "Please wait a minute and try again, or ask your supervisor.")
    wrong = said(lang, "The code or the PIN is not right. Please try again, or ask your supervisor.")
    data = make_data(tmp_path)
    Store(data).add_participant("ZZ-2", "2468")
    for code in (CODE, "NOPE-5"):
        kiosk = kiosks(tmp_path, lang, SIZES[lang], data=data)
        for _ in range(4):
            log_in(kiosk, code, "0000")
            kiosk.wait_for(wrong)
            kiosk.send("x", "backspace")  # the message goes at the next key
            kiosk.wait_until(lambda kiosk=kiosk: not kiosk.shows(wrong), "the message gone")
        log_in(kiosk, "ZZ-2", "2468")  # someone else logs in between
        question_on_screen(kiosk, lang, 1)
        kiosk.terminate()
        kiosk = kiosks(tmp_path, lang, SIZES[lang], data=data)
        log_in(kiosk, code, "0000")
        kiosk.wait_for(wrong)
        kiosk.send("x", "backspace")
        log_in(kiosk, code, "0000")
        kiosk.wait_for(wait)  # the code rests, known or not
        kiosk.terminate()


# -- 8. the thanks' table: every number whole, in its column -----------------------------------

def follow_up(tmp_path):
    data = make_data(tmp_path)
    store = Store(data)
    store.add_supervisor("staff", "a long passphrase")
    earlier = today() - timedelta(days=91)
    reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by="staff", meeting_date=earlier, lang="sv")
    for q in FLOW.questions:
        if q.rates:  # the table shows the ratings
            store.save_answer(CODE, reading.id, Answer(q.id, q.indicator, 2, now()), None)
    store.complete_reading(CODE, reading.id)
    return data


THANKS_SIZES = [(60, 20), (80, 24), (120, 40)]
"""The sizes the thanks' table is read at, each in one language, the languages in turn."""


@pytest.mark.parametrize("lang, size", [(LANGS[n % len(LANGS)], size) for n, size in enumerate(THANKS_SIZES)],
                         ids=lambda v: f"{v[0]}x{v[1]}" if isinstance(v, tuple) else v)
def test_the_thanks_table_shows_whole_numbers_in_their_columns(tmp_path, lang, size, kiosks):
    kiosk = kiosks(tmp_path, lang, size, data=follow_up(tmp_path))
    log_in(kiosk)
    answer_all(kiosk, lang, "4")
    kiosk.send("enter")
    kiosk.wait_for(said(lang, FLOW.messages["thanks"]))
    day = i18n.fmt_day(today(), lang)
    kiosk.wait_for(day)
    kiosk.wait_quiet(0.3)  # the whole screen drawn
    lines = kiosk.lines()
    header = next(n for n, line in enumerate(lines) if day in line)
    right = lines[header].index(day) + len(day)  # today's column ends here
    for q in (q for q in FLOW.questions if q.rates):
        name = said(lang, q.short)
        # the table's row (the chart beside it names its axes too, with no numbers after)
        row = next(line for line in lines[header + 1:] if re.search(re.escape(name) + r"\s+[0-9–]", line))
        assert row[:right].rstrip().endswith("4 ▲"), (name, row)  # 2 then, 4 now: whole, in today's column
        assert "…" not in row


# -- 9. the chat reads well ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_chat_stays_narrow_and_its_newest_line_in_view_after_a_language_switch(tmp_path, lang, kiosks):
    other = OTHER[lang]
    kiosk = kiosks(tmp_path, lang, (120, 40))
    log_in(kiosk)
    answer(kiosk, "3", said(lang, FLOW.questions[1].text))
    question_on_screen(kiosk, lang, 2)
    # switch the language with the keys: Tab past the answers and buttons to the switch
    kiosk.send(*["tab"] * 4, *["tab"] * LANGS.index(other), "enter")
    question_on_screen(kiosk, other, 2)  # the newest line, in view
    kiosk.wait_for(said(other, "Take a break"))  # whole, not cut
    lines = kiosk.lines()
    chat = lines[1:lines.index(next(line for line in lines if "▔" in line))]
    widths = [len(line.strip()) for line in chat if line.strip()]
    assert widths and max(widths) <= 78  # a column of 78: about 72 columns of text, with the bubbles' edges


# -- 10. stopped from outside ----------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_leaves_the_terminal_clean_and_keeps_the_answers(tmp_path, signum, kiosks):
    kiosk = kiosks(tmp_path, "sv", (80, 24))
    log_in(kiosk)
    answer(kiosk, "3", said("sv", FLOW.questions[1].text))
    kiosk.signal(signum)
    assert kiosk.wait() == 0
    assert kiosk.left_clean() == [] and kiosk.terminal_modes_restored()
    assert "Terminated" not in kiosk.text() and "Traceback" not in kiosk.text()
    assert answers(tmp_path) == {FLOW.questions[0].id: 3}
