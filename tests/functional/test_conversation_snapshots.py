"""SVG snapshots of the guided conversation in each language at 80x24 and
120x40, with fixed dates: a gap marked with its questions, a skipped answer,
the sparring line, readings far apart, and the supervisor's extra items.

Plain `def` tests (`snap_compare` is synchronous). Update with
`pytest --snapshot-update` after a wanted change and look at the pictures."""

from __future__ import annotations

from datetime import date

import pytest

from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.conversation import ConversationScreen

from .talk_helpers import CODE, LANGS, TalkApp, freeze, make_desk, make_store, ratings, store_reading

LIBRARY = flow_library()
P_FLOW = LIBRARY.current("participant")
S_FLOW = LIBRARY.current("supervisor")


def conversation_app(data, lang: str) -> TalkApp:
    store = make_store(data)
    store_reading(store, P_FLOW, ratings(P_FLOW, {"contact": 5, "health": None, "job_search": 4}),
                  day=date(2026, 10, 12))
    extras = {}
    for q in S_FLOW.questions:
        if not q.rates:
            ids = [o.id for o in q.options]
            extras[q.id] = ids[1] if q.answer == "single" else (ids[0], ids[2])
    store_reading(store, S_FLOW, {**ratings(S_FLOW, {"contact": 2, "supervisor_belief": 2}), **extras})
    desk = make_desk(store)
    return TalkApp(lambda: ConversationScreen(desk, CODE), lang=lang)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_conversation(snap_compare, tmp_path, monkeypatch, restore_language, lang, size):
    freeze(monkeypatch)

    async def run_before(pilot):
        app = pilot.app
        while not isinstance(app.screen, ConversationScreen):
            await pilot.pause()
        await pilot.pause()

    assert snap_compare(conversation_app(tmp_path / "data", lang), terminal_size=size, run_before=run_before)
