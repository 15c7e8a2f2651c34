"""The hand-over in the real ``skapa supervisor``, in a pseudo-terminal at 80x24,
by keys alone: `h` on the participant's page, the kiosk's chat with last
time's answer and the change since, and when the keys stop the kiosk's "are
you still there?" counting down to the lock; a key gives the time back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now, today
from skapa_tui.logic.recall import WENT_UP, fmt_day
from skapa_tui.storage import Store

from ..conftest import _clean_env, skapa_command
from .kiosk_pty import FLOW, answer, said
from .pty_terminal import PtyApp

LANGS = tuple(i18n.offered_languages())
ME, PASSPHRASE, CODE = "anna", "annas long passphrase", "P-1"
LOCK_MINUTES = "0.1"
"""Six seconds without a key before the countdown: short enough to wait for, long enough to type in."""


def follow_up_folder(tmp_path):
    data = tmp_path / "data"
    store = Store(data)
    store.add_supervisor(ME, PASSPHRASE, "Anna Lind")
    store.add_participant(CODE, "1234", supervisor=ME)
    earlier = today() - timedelta(days=91)
    reading = store.start_reading(CODE, flow=FLOW.id, flow_version=FLOW.version, role=PARTICIPANT, rater=None,
                                  entry=ENTRY_PAPER, entered_by=ME, meeting_date=earlier, lang="sv")
    first = FLOW.questions[0]
    store.save_answer(CODE, reading.id, Answer(first.id, first.indicator, 3, now()), None)
    store.complete_reading(CODE, reading.id)
    return data, earlier


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
def test_the_hand_over_by_keys_recalls_reflects_and_asks_before_the_lock(tmp_path, lang):
    data, earlier = follow_up_folder(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = _clean_env(home, lang, TERM="xterm-256color")
    desk = PtyApp([*skapa_command(), "supervisor", "--data", str(data), "--lang", lang,
                   "--lock-minutes", LOCK_MINUTES], env, tmp_path, (80, 24))
    try:
        desk.wait_for(said(lang, "Your ID"), timeout=60)
        desk.type(ME)
        desk.send("enter")
        desk.type(PASSPHRASE)
        desk.send("enter")
        desk.wait_for(said(lang, "Caseload of {who}", who="Anna Lind (anna)"))
        desk.send("enter")  # the highlighted participant
        desk.wait_for(said(lang, "Participant {code}", code=CODE))
        desk.send("h")
        first = FLOW.questions[0]
        desk.wait_for(said(lang, first.text))
        # last time's answer, with the day in the language's own words
        desk.wait_for(said(lang, "Last time, on {date}, you chose: {answer}",
                           date=fmt_day(earlier, lang), answer=said(lang, first.anchor(3).text)))
        assert not desk.shows(said(lang, "Caseload of {who}", who="Anna Lind (anna)"))
        # a 4 after a 3: the change is said warmly
        answer(desk, "4", said(lang, WENT_UP[0]))
        desk.wait_for(said(lang, FLOW.questions[1].text))
        # no key for a while: asked first, and told the screen locks
        desk.wait_for(said(lang, "Are you still there?"), timeout=30)
        assert any(desk.shows(text) for text in _lock_countdowns(lang))
        assert not desk.shows(said(lang, "Write your passphrase to go on."))
        desk.send("x")  # still here
        desk.wait_until(lambda: not desk.shows(said(lang, "Are you still there?")), "the countdown gone")
        desk.wait_for(said(lang, FLOW.questions[1].text))
        assert not desk.shows(said(lang, "Write your passphrase to go on."))
    finally:
        desk.close()
    [_, reading] = Store(data).readings(CODE)
    assert reading.answers[first.id].value == 4 and reading.completed_at is None


def _lock_countdowns(lang: str) -> list[str]:
    from .kiosk_pty import said_n

    return [said_n(lang, "In {n} second the screen locks.", "In {n} seconds the screen locks.", n)
            for n in range(0, 31)]
