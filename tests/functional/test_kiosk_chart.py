"""The participant's own chart at the end of a follow-up at the kiosk: the real
kiosk, headless, on a real data folder with an earlier reading of their own
(typed in from paper) and one of their supervisor's. Only their own readings
are plotted; a first reading shows no chart; the thanks still ends by itself
and leaves nothing of the person on screen."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from textual.widgets import Input

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import OTHER, SOCIAL
from skapa_tui.domain.reading import ENTRY_PAPER, Answer, now, today
from skapa_tui.logic.progression import YOU, YOUR_SUPERVISOR
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store
from skapa_tui.ui.kiosk_app import KioskApp
from skapa_tui.ui.screens.thanks import OVER_TIME, ThanksScreen
from skapa_tui.ui.screens.welcome import WelcomeScreen
from skapa_tui.ui.widgets.own_answers import OwnAnswers
from skapa_tui.ui.widgets.radar import RadarChart

from .kiosk_helpers import CODE, LANG, LANGS, PIN, answer_all, log_in, screen_texts, spread, wait_for

LIBRARY = flow_library()
P_FLOW = LIBRARY.current(PARTICIPANT)
S_FLOW = LIBRARY.current(SUPERVISOR)
EARLIER = today() - timedelta(days=91)
SUPERVISOR_ID = "anna"


def stored(store: Store, flow, *, rater: str | None, entry: str) -> None:
    reading = store.start_reading(CODE, flow=flow.id, flow_version=flow.version, role=flow.role, rater=rater,
                                  entry=entry, entered_by=SUPERVISOR_ID, meeting_date=EARLIER, lang=LANG)
    for q in flow.questions:
        if q.rates:
            store.save_answer(CODE, reading.id, Answer(q.id, q.indicator, 2, now()), None)
    store.complete_reading(CODE, reading.id)


def folder(root, *, earlier: bool) -> Store:
    store = Store(root)
    store.add_supervisor(SUPERVISOR_ID, "a long passphrase")
    store.add_participant(CODE, PIN, supervisor=SUPERVISOR_ID)
    # the supervisor's own reading is there in both cases: it is never the participant's to see
    stored(store, S_FLOW, rater=SUPERVISOR_ID, entry=ENTRY_PAPER)
    if earlier:
        stored(store, P_FLOW, rater=None, entry=ENTRY_PAPER)
    return store


async def send_all(pilot) -> ThanksScreen:
    app = pilot.app
    await log_in(pilot)
    await answer_all(pilot, [str(v) for v in spread(len(P_FLOW.questions))])
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ThanksScreen), "the thanks")
    await pilot.pause()
    return app.screen


def say(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"])
@pytest.mark.one_language  # (the thanks in each language at each size: test_snapshots.py)
@pytest.mark.parametrize("lang", LANGS)
async def test_a_follow_up_ends_with_the_persons_own_answers(tmp_path, lang, size, restore_language):
    store = folder(tmp_path, earlier=True)
    # support between the two meetings: it is for the desk, not for a shared screen
    store.add_intervention(CODE, kind=OTHER, group=SOCIAL, text="Walks with a friend in the park every week",
                           start=EARLIER, end=None, responsible="Anna", by=SUPERVISOR_ID)
    app = KioskApp(store, LIBRARY, lang=lang, settle=0.0, thanks_seconds=60)
    async with app.run_test(size=size) as pilot:
        thanks = await send_all(pilot)
        assert say(lang, OVER_TIME) in screen_texts(app)
        assert "Walks with a friend" not in screen_texts(app)
        # the table of their own answers: their questions' short names, whole, in their order
        answers = thanks.query_one("#answers", OwnAnswers)
        lines = answers.table(answers.room).plain.splitlines()
        rated = [q for q in P_FLOW.questions if q.rates]
        assert [line.split("  ")[0].strip() for line in lines[1:]] == [say(lang, q.short) for q in rated]
        # every number whole and in its column: today's column ends each row with today's answer
        assert lines[0].rstrip().endswith(i18n.fmt_day(today(), lang))
        values = dict(zip([q.id for q in P_FLOW.questions], spread(len(P_FLOW.questions))))
        for q, line in zip(rated, lines[1:]):
            cell = line.rstrip().rsplit("  ", 1)[-1].strip()
            assert cell.split()[0] == str(values[q.id]), (q.id, line)
            assert cell.split()[1] == ("▲" if values[q.id] > 2 else "=" if values[q.id] == 2 else "▼")
        # the table fits the screen, with the box around it
        assert max(len(line) for line in lines) <= answers.room <= size[0]
        assert answers.region.right <= thanks.region.right
        chart = thanks.query_one("#chart", RadarChart)
        if size[0] >= 100:
            # room for their chart: their two readings, nothing of the supervisor's
            assert chart.display and chart.plot is not None and chart.region.height >= 10
            assert chart.roles == (PARTICIPANT,) and set(chart.samples) == {PARTICIPANT}
            assert [s.date for s in chart.samples[PARTICIPANT]] == [today(), EARLIER]
            legend = [text for _sample, text, _cls in chart.legend()]
            assert legend == [say(lang, "{who}, {date}").format(who=say(lang, YOU), date=i18n.fmt_day(day, lang))
                              for day in (today(), EARLIER)]
            assert not any(say(lang, YOUR_SUPERVISOR) in line for line in legend)
        else:
            assert not chart.display  # too small to be read: the table alone
        # Enter finishes; nothing of the person is left
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome again")
        assert len(app.screen_stack) == 1
        assert not any(s.query(RadarChart) for s in app.screen_stack)
        assert app.screen.query_one("#code", Input).value == ""


async def test_a_first_reading_shows_no_chart(tmp_path):
    store = folder(tmp_path, earlier=False)
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0, thanks_seconds=60)
    async with app.run_test(size=(120, 40)) as pilot:
        thanks = await send_all(pilot)
        assert not thanks.query(RadarChart) and not thanks.query(OwnAnswers)
        assert say(LANG, OVER_TIME) not in screen_texts(app)
        assert say(LANG, P_FLOW.messages["thanks"]) in screen_texts(app)


async def test_the_thanks_with_a_chart_still_ends_by_itself(tmp_path):
    store = folder(tmp_path, earlier=True)
    # Long thanks, then run out on purpose: short ones could end before a
    # loaded machine looks at them.
    app = KioskApp(store, LIBRARY, lang=LANG, settle=0.0, thanks_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        thanks = await send_all(pilot)
        assert thanks.query(RadarChart)
        thanks.until = time.monotonic()
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the welcome by itself")
        assert len(app.screen_stack) == 1
        assert not any(s.query(RadarChart) for s in app.screen_stack)
