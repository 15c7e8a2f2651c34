"""SVG snapshots of the progress screen (the spider chart of both sides and the
numbers behind it) in each language at 80x24 and 120x40, with fixed dates:
three readings per side, a skipped answer, an intervention between readings.

Plain `def` tests (`snap_compare` is synchronous). Update with
`pytest --snapshot-update` after a wanted change and look at the pictures."""

from __future__ import annotations

import pytest

from skapa_tui.ui.screens.progress import ProgressScreen

from .talk_helpers import CODE, LANGS, TalkApp, freeze
from .test_progress import three_each


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_progress(snap_compare, tmp_path, monkeypatch, restore_language, lang, size):
    freeze(monkeypatch)
    _store, desk, _job = three_each(tmp_path / "data", lang=lang)

    async def run_before(pilot):
        app = pilot.app
        while not (isinstance(app.screen, ProgressScreen) and app.screen.chart.plot is not None):
            await pilot.pause()
        await pilot.pause()

    assert snap_compare(TalkApp(lambda: ProgressScreen(desk, CODE), lang=lang), terminal_size=size,
                        run_before=run_before)
