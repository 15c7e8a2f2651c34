"""The guided conversation on a real data folder: both latest readings side by
side as anchor sentences, a gap of two or more marked with the guide's
questions, a gap of one not, a skipped answer, readings far apart, the
sparring line, the supervisor's extra items, a reading made on an older flow
version read with its own anchors, and the layout at 120 and at 80 columns."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import all_indicators
from skapa_tui.domain.library import FlowLibrary
from skapa_tui.resources import flow_library, flows_dir
from skapa_tui.ui.screens.conversation import ConversationScreen, IndicatorPanel, Side
from skapa_tui.ui.screens.plan import PlanScreen

from ..unit.flow_files import flow_data, write
from .talk_helpers import (
    CODE,
    LANG,
    LANGS,
    OTHER,
    TODAY,
    TalkApp,
    freeze,
    make_desk,
    make_store,
    ratings,
    store_reading,
    texts,
    wait_for,
)

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

LIBRARY = flow_library()
P_FLOW = LIBRARY.current("participant")
S_FLOW = LIBRARY.current("supervisor")
GUIDE = LIBRARY.guide()
EARLIER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _frozen(monkeypatch, restore_language):
    freeze(monkeypatch)


def say(lang: str, msgid: str) -> str:
    return i18n.translation(lang).gettext(msgid)


def extras(flow, n: int = 0) -> dict[str, object]:
    """An answer to each extra item: option ``n`` (and the one after it, for a multiple choice)."""
    found = {}
    for q in flow.questions:
        if not q.rates:
            ids = [o.id for o in q.options]
            found[q.id] = ids[n] if q.answer == "single" else (ids[n], ids[n + 1])
    return found


async def opened(pilot) -> ConversationScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen)
                   and len(app.screen.query(IndicatorPanel)) == len(INDICATORS), "the conversation")
    await pilot.pause()
    return app.screen


def panel(screen, indicator: str) -> IndicatorPanel:
    return screen.query_one(f"#ind-{indicator}", IndicatorPanel)


def side(screen, indicator: str, who: str) -> str:
    return texts(panel(screen, indicator).query_one(f"Side.{who}", Side))


def setup(tmp_path, participant: dict, supervisor: dict, *, p_day=TODAY, s_day=TODAY, s_extra=None):
    store = make_store(tmp_path / "data")
    store_reading(store, P_FLOW, ratings(P_FLOW, participant), day=p_day)
    store_reading(store, S_FLOW, {**ratings(S_FLOW, supervisor), **(s_extra or {})}, day=s_day)
    return make_desk(store)


def app_for(desk, lang=LANG) -> TalkApp:
    return TalkApp(lambda: ConversationScreen(desk, CODE), lang=lang)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_gap_of_two_is_marked_with_its_questions_and_a_gap_of_one_is_not(tmp_path, lang):
    desk = setup(tmp_path, {"contact": 5, "cooperation": 4}, {"contact": 2, "cooperation": 3})
    async with app_for(desk, lang).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        contact, cooperation = panel(screen, "contact"), panel(screen, "cooperation")
        assert contact.has_class("-start-here") and not cooperation.has_class("-start-here")
        found = texts(contact)
        assert say(lang, GUIDE.messages["gap"]) in found
        assert GUIDE.questions["contact"] and all(say(lang, q) in found for q in GUIDE.questions["contact"])
        assert not cooperation.query(".marker") and not cooperation.query(".questions")
        for item_side, flow, value in (("participant", P_FLOW, 5), ("supervisor", S_FLOW, 2)):
            anchor = flow.rated_question("contact").anchor(value).text
            shown = side(screen, "contact", item_side)
            assert say(lang, anchor) in shown and i18n.fmt_date(TODAY, lang, "medium") in shown
            assert str(value) not in shown.replace(i18n.fmt_date(TODAY, lang, "medium"), "")
        assert "-empty" in screen.query_one("#notes").classes
        assert pilot.app.crash is None


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_a_skipped_answer_and_a_side_that_does_not_rate(tmp_path, lang):
    desk = setup(tmp_path, {"health": None}, {})
    async with app_for(desk, lang).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert say(lang, "I'd rather not answer") in side(screen, "health", "participant")
        assert not panel(screen, "health").has_class("-start-here")
        assert say(lang, "Not asked on this form") in side(screen, "self_belief", "supervisor")
        assert say(lang, "Not asked on this form") in side(screen, "supervisor_belief", "participant")


async def test_no_reading_of_the_supervisor_yet(tmp_path):
    store = make_store(tmp_path / "data")
    store_reading(store, P_FLOW, ratings(P_FLOW, {}))
    async with app_for(make_desk(store)).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert say(LANG, "Not rated") in side(screen, "contact", "supervisor")
        assert say(LANG, "You have not sent a reading about this participant yet.") in texts(screen)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_readings_more_than_a_month_apart_get_a_note(tmp_path, lang):
    desk = setup(tmp_path, {}, {}, p_day=EARLIER)
    async with app_for(desk, lang).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        notes = screen.query_one("#notes")
        assert "-empty" not in notes.classes
        assert say(lang, GUIDE.messages["far_apart"]) in str(notes.render())
        assert i18n.fmt_date(EARLIER, lang, "medium") in side(screen, "contact", "participant")


@pytest.mark.parametrize("belief,sparring", [(1, True), (2, True), (3, False), (5, False)])
async def test_the_sparring_line_at_a_low_belief(tmp_path, belief, sparring):
    desk = setup(tmp_path, {}, {"supervisor_belief": belief})
    async with app_for(desk).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        found = texts(panel(screen, "supervisor_belief"))
        assert (say(LANG, GUIDE.messages["sparring"]) in found) is sparring
        assert bool(panel(screen, "supervisor_belief").query(".sparring")) is sparring
        assert not any(p.query(".sparring") for p in screen.query(IndicatorPanel)
                       if p.comparison.indicator.id != "supervisor_belief")


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGS)
async def test_the_supervisors_extra_items_under_their_indicator(tmp_path, lang):
    chosen = extras(S_FLOW)
    desk = setup(tmp_path, {}, {}, s_extra=chosen)
    async with app_for(desk, lang).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        for item, value in chosen.items():
            question = S_FLOW.question(item)
            found = texts(panel(screen, question.indicator))
            assert say(lang, question.text) in found
            for option_id in (value,) if isinstance(value, str) else value:
                option = question.option(option_id)
                assert say(lang, option.text) in found
                if option.note:
                    assert say(lang, option.note) in found
            unchosen = [o for o in question.options if o.id not in ((value,) if isinstance(value, str) else value)]
            assert not any(f"• {say(lang, o.text)}\n" in found + "\n" for o in unchosen)
        notes = [o for q in S_FLOW.questions for o in q.options if o.note]
        assert notes, "the shipped form marks the effective channels"


async def test_a_reading_made_on_an_older_flow_version_is_read_with_its_own_anchors(tmp_path):
    flows = tmp_path / "flows"
    for name in ("supervisor.toml", "conversation.toml", "indicators.toml"):
        flows.mkdir(exist_ok=True)
        shutil.copy(flows_dir() / name, flows / name)
    old = flow_data(flow_id="participant", version=1)
    for step in old["steps"]:
        for anchor in step.get("anchors", ()):
            anchor["text"] = f"Old words: {step['indicator']} at {anchor['value']}."
    write(flows / "versions", old, "participant.v1.toml")
    write(flows, flow_data(flow_id="participant", version=2), "participant.toml")
    library = FlowLibrary(flows)
    assert library.current("participant").version == 2
    store = make_store(tmp_path / "data")
    v1 = library.version("participant", 1)
    store_reading(store, v1, ratings(v1, {"contact": 4}))
    store_reading(store, S_FLOW, ratings(S_FLOW, {}))
    desk = make_desk(store, library)
    async with app_for(desk).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        assert "Old words: contact at 4." in side(screen, "contact", "participant")
        assert "contact at 4." not in side(screen, "contact", "participant").replace("Old words: contact at 4.", "")


async def test_side_by_side_at_120_columns_and_stacked_at_80(tmp_path):
    desk = setup(tmp_path, {"contact": 5}, {"contact": 2})
    for size, stacked in (((120, 40), False), ((80, 24), True)):
        async with app_for(desk).run_test(size=size) as pilot:
            screen = await opened(pilot)
            mine = panel(screen, "contact").query_one("Side.participant", Side).region
            theirs = panel(screen, "contact").query_one("Side.supervisor", Side).region
            if stacked:
                assert theirs.y > mine.y and theirs.x == mine.x
            else:
                assert theirs.y == mine.y and theirs.x > mine.x + 20


async def test_keys_a_for_the_plan_and_escape_back_and_a_language_switch(tmp_path):
    desk = setup(tmp_path, {"contact": 5}, {"contact": 2})
    app = app_for(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        app.lang = OTHER
        await wait_for(pilot, lambda: say(OTHER, GUIDE.messages["gap"]) in texts(panel(screen, "contact")), OTHER)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen), "the plan")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the conversation again")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConversationScreen), "back")
        assert app.crash is None
