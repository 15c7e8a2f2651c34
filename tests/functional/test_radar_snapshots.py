"""SVG snapshots of the spider chart beside its table, in each language, at 80×24 and 120×40.

Update with `pytest --snapshot-update` after a wanted change (a new
translation too) and look at the pictures before committing them.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import HEALTH, JOB_FOCUSED, kinds_of
from skapa_tui.ui.widgets.progression_table import ProgressionTable
from skapa_tui.ui.widgets.radar import RadarChart
from tests.unit.progression_data import CODE, SUPERVISOR_ID, add_reading, every, flow_for, new_store

LANGUAGES = i18n.offered_languages()
SIZES = ((80, 24), (120, 40))


class ProgressionApp(App):
    CSS = """
    RadarChart { width: 1fr; }
    ProgressionTable { width: 1fr; }
    """

    def __init__(self, history, lang):
        super().__init__()
        self.history = history
        i18n.set_language(lang)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield RadarChart(self.history, flow_for, earlier=1)
            yield ProgressionTable(self.history, flow_for)


def history(folder):
    store = new_store(folder)
    add_reading(store, PARTICIPANT, date(2025, 3, 3), every(PARTICIPANT, 2))
    add_reading(store, PARTICIPANT, date(2025, 6, 2), {**every(PARTICIPANT, 3), "health": None})
    add_reading(store, PARTICIPANT, date(2025, 9, 1), {**every(PARTICIPANT, 4), "contact": 5,
                                                      "job_search": 1})
    add_reading(store, SUPERVISOR, date(2025, 9, 1), every(SUPERVISOR, 3))
    store.add_intervention(CODE, kind=kinds_of(JOB_FOCUSED)[1].id, group=JOB_FOCUSED, text=None,
                           start=date(2025, 4, 1), end=None, responsible="Anna", by=SUPERVISOR_ID)
    store.add_intervention(CODE, kind=kinds_of(HEALTH)[0].id, group=HEALTH, text=None,
                           start=date(2025, 7, 1), end=date(2025, 8, 1), responsible="Bo", by=SUPERVISOR_ID)
    return store.history(CODE)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_chart_and_table(snap_compare, tmp_path, restore_language, lang, size):
    assert snap_compare(ProgressionApp(history(tmp_path / "data"), lang), terminal_size=size)
