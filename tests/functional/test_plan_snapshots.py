"""SVG snapshots of the action plan in each language at 80x24 and 120x40,
with fixed dates: an active job-focused intervention, an ended social one,
an intervention on no list, the notes, the goal and the follow-up.

Plain `def` tests (`snap_compare` is synchronous). Update with
`pytest --snapshot-update` after a wanted change and look at the pictures."""

from __future__ import annotations

from datetime import date

import pytest

from skapa_tui.domain.interventions import HEALTH, JOB_FOCUSED, OTHER, SOCIAL, kinds_of
from skapa_tui.resources import flow_library
from skapa_tui.ui.screens.plan import PlanScreen

from .talk_helpers import CODE, LANGS, ME, TalkApp, freeze, make_desk, make_store, ratings, store_reading


def plan_app(data, lang: str) -> TalkApp:
    store = make_store(data)
    flow = flow_library().current("supervisor")
    store_reading(store, flow, ratings(flow, {}), day=date(2026, 11, 16))
    job, social = kinds_of(JOB_FOCUSED)[1], kinds_of(SOCIAL)[1]
    store.add_intervention(CODE, kind=job.id, group=JOB_FOCUSED, text=None, start=date(2026, 11, 2), end=None,
                           responsible="Anna", by=ME)
    store.add_intervention(CODE, kind=social.id, group=SOCIAL, text=None, start=date(2026, 9, 1),
                           end=date(2026, 10, 31), responsible="Bo", by=ME)
    store.add_intervention(CODE, kind=OTHER, group=HEALTH, text="Walks with a friend", start=date(2026, 11, 20),
                           end=None, responsible="The participant", by=ME)
    desk = make_desk(store)
    return TalkApp(lambda: PlanScreen(desk, CODE), lang=lang)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_plan(snap_compare, tmp_path, monkeypatch, restore_language, lang, size):
    freeze(monkeypatch)

    async def run_before(pilot):
        app = pilot.app
        while not (isinstance(app.screen, PlanScreen) and app.screen.history is not None):
            await pilot.pause()
        await pilot.pause()

    assert snap_compare(plan_app(tmp_path / "data", lang), terminal_size=size, run_before=run_before)
