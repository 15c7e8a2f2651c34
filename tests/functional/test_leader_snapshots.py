"""SVG snapshots of the leader's report screen, in each language, at 80x24 and 120x40.

The folder's readings are typed in from paper on fixed dates and the app's
day is fixed (``TODAY``), so the report and its period do not move with the
calendar. Update with ``pytest --snapshot-update`` after a wanted change and
look at the pictures before committing them.
"""

from __future__ import annotations

import pytest

from .desk_helpers import LANGS, screen_name, sign_in, wait_for
from .leader_helpers import LEADER, LEADER_PASSPHRASE, leader_folder, make_app

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_report(snap_compare, tmp_path, lang, size):
    async def run_before(pilot):
        app = pilot.app
        await sign_in(pilot, LEADER, LEADER_PASSPHRASE)
        await wait_for(pilot, lambda: screen_name(app) == "ReportScreen" and app.screen.report is not None
                       and not app.screen.computing and app.screen.query(".table"), "the report")
        await pilot.pause()

    assert snap_compare(make_app(leader_folder(tmp_path), lang), terminal_size=size, run_before=run_before)
