"""SVG snapshots of the supervisor's sign-in and caseload, in each language, at 80x24 and 120x40.

The dates are fixed: readings typed in from paper with their meeting dates,
and the desk's own day (``TODAY``). Update with ``pytest --snapshot-update``
after a wanted change and look at the pictures before committing them.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import JOB_FOCUSED, KINDS, SOCIAL
from skapa_tui.resources import flow_library

from .desk_helpers import COLLEAGUE, LANGS, ME, TODAY, make_app, make_store, signed_in, wait_for

SIZES = [(80, 24), (120, 40)]


def caseload_folder(data):
    store = make_store(data, "ANNA-7", "BO-12", "CARL-3")
    library = flow_library()
    for code, role, day in (("ANNA-7", PARTICIPANT, date(2025, 2, 3)), ("ANNA-7", SUPERVISOR, date(2025, 2, 5)),
                            ("BO-12", PARTICIPANT, date(2024, 10, 1))):
        flow = library.current("participant" if role == PARTICIPANT else "supervisor")
        reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=role,
                                      rater=ME if role == SUPERVISOR else None, entry="paper", entered_by=ME,
                                      meeting_date=day, lang="sv")
        store.complete_reading(code, reading.id)
    job = next(k for k in KINDS if k.group == JOB_FOCUSED)
    social = next(k for k in KINDS if k.group == SOCIAL)
    for kind in (job, social, social):
        store.add_intervention("ANNA-7", kind=kind.id, group=kind.group, text=None, start=date(2025, 2, 5),
                               end=None, responsible=ME, by=ME)
    store.set_follow_up("ANNA-7", date(2025, 5, 5), by=ME)
    store.set_follow_up("BO-12", date(2025, 1, 1), by=ME)
    store.assign("CARL-3", COLLEAGUE, by=None, on=date(2024, 6, 1))
    store.assign("CARL-3", ME, by=ME, on=date(2025, 1, 10))
    return store


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_sign_in(snap_compare, tmp_path, lang, size):
    assert snap_compare(make_app(make_store(tmp_path), lang), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_caseload(snap_compare, tmp_path, lang, size):
    async def run_before(pilot):
        await signed_in(pilot)
        # The filter's cursor blinks every half second: shown for good, or a
        # snapshot taken later than half a second after the focus (on a loaded
        # machine) has it off.
        pilot.app.screen.query_one("#filter", Input).cursor_blink = False
        # The table lays its rows out when idle: wait until it has (a pause ends
        # when the process looks idle, which a starved one on a loaded machine does).
        table = pilot.app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count > 0
                       and table.virtual_size.height == table.row_count + table.header_height, "the rows laid out")

    assert snap_compare(make_app(caseload_folder(tmp_path), lang, clock=lambda: TODAY), terminal_size=size,
                        run_before=run_before)
