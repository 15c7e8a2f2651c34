"""The spider chart and the table beside it, rendered headless and read back cell by cell."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Region

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, asked_of, by_id
from skapa_tui.domain.interventions import JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.logic.progression import YOU, axis_angle, role_name
from skapa_tui.ui.widgets.progression_table import ProgressionTable
from skapa_tui.ui.widgets.radar import MARKERS, RadarChart
from tests.functional.kiosk_helpers import wait_for
from tests.unit.progression_data import CODE, SUPERVISOR_ID, add_reading, every, flow_for, new_store

LANGUAGES = i18n.offered_languages()
MARCH, JUNE, SEPTEMBER = date(2025, 3, 3), date(2025, 6, 2), date(2025, 9, 1)
INDICATORS = asked_of(PARTICIPANT)
N = len(INDICATORS)
OWN, EARLIER = MARKERS[PARTICIPANT]


@pytest.fixture(autouse=True)
def _language(restore_language):
    yield


@pytest.fixture
def store(tmp_path):
    return new_store(tmp_path / "data")


class ChartApp(App):
    def __init__(self, widget):
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def rendered(widget, size=(80, 24), until: Callable[[], bool] | None = None) -> list[str]:
    """The widget's lines as the terminal shows them; once ``until()`` holds, when given.

    One `pilot.pause()` is not enough for what a widget does after a refresh
    (`call_after_refresh`): the pause ends when the process looks idle by its
    CPU time, which a process starved under load also does.
    """
    app = ChartApp(widget)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if until is not None:
            await wait_for(pilot, until, "the widget settled")
        lines = [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]
    return lines


def cells_with(lines: list[str], char: str) -> set[tuple[int, int]]:
    return {(col, row) for row, line in enumerate(lines) for col, c in enumerate(line) if c == char}


def polar(chart: RadarChart, col: int, row: int) -> tuple[float, float]:
    """A cell's distance from the chart's centre (in dots) and its angle clockwise from up."""
    plot = chart.plot
    x, y = col * 2 + 1 - plot.centre_x, row * 4 + 2 - plot.centre_y
    return math.hypot(x, y), math.atan2(x, -y) % (2 * math.pi)


def own_chart(history) -> RadarChart:
    return RadarChart(history, flow_for, roles=(PARTICIPANT,), viewer=PARTICIPANT)


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_five_on_the_first_axis_lights_the_top_outer_cell_and_ones_the_inner_ring(store, lang):
    i18n.set_language(lang)
    add_reading(store, PARTICIPANT, MARCH, {**every(PARTICIPANT, 1), INDICATORS[0].id: 5})
    chart = own_chart(store.history(CODE))
    lines = await rendered(chart)
    plot = chart.plot
    assert plot.radius >= 24  # legible at 80×24: the chart is not a speck
    top = (plot.centre_x // 2, (plot.centre_y - plot.radius) // 4)
    marks = cells_with(lines[:chart.plot.rows], OWN)
    assert top in marks
    for col, row in marks - {top}:
        distance, _angle = polar(chart, col, row)
        assert distance <= plot.radius / 5 + 3, (col, row)  # on the inner ring, nowhere else
    # The first axis's name stands right above its tip.
    name = i18n._(INDICATORS[0].label)
    label_row = lines[top[1] - 1]
    start = label_row.index(name)
    assert start <= top[0] < start + len(name)
    # The legend names the reading and its date.
    legend = "\n".join(lines[plot.rows:])
    assert i18n._(YOU) in legend and i18n.fmt_date(MARCH, lang, "medium") in legend and OWN in legend


async def test_a_five_on_any_axis_lands_on_the_outer_ring_where_its_label_says(store):
    k = 3
    add_reading(store, PARTICIPANT, MARCH, {**every(PARTICIPANT, 1), INDICATORS[k].id: 5})
    chart = own_chart(store.history(CODE))
    lines = await rendered(chart)
    far = max(cells_with(lines[:chart.plot.rows], OWN), key=lambda cell: polar(chart, *cell)[0])
    distance, angle = polar(chart, *far)
    assert distance == pytest.approx(chart.plot.radius, abs=4)
    assert abs(angle - axis_angle(k, N)) < math.pi / N
    # The label of that axis is on the same row, just beyond the tip (the axis points right).
    name = i18n._(INDICATORS[k].label)
    assert name in lines[far[1]] and lines[far[1]].index(name) > far[0]


async def test_all_fives_make_the_outer_ring_in_axis_order(store):
    add_reading(store, PARTICIPANT, MARCH, every(PARTICIPANT, 5))
    chart = own_chart(store.history(CODE))
    lines = await rendered(chart)
    marks = sorted(cells_with(lines[:chart.plot.rows], OWN), key=lambda cell: polar(chart, *cell)[1])
    assert len(marks) == N
    for i, cell in enumerate(marks):
        distance, angle = polar(chart, *cell)
        assert distance == pytest.approx(chart.plot.radius, abs=4)
        assert abs(angle - axis_angle(i, N)) < math.pi / N


async def test_a_missing_value_is_not_drawn_as_zero(store):
    add_reading(store, PARTICIPANT, MARCH, {**every(PARTICIPANT, 3), INDICATORS[0].id: None})
    chart = own_chart(store.history(CODE))
    lines = await rendered(chart)
    marks = cells_with(lines[:chart.plot.rows], OWN)
    assert len(marks) == N - 1
    for cell in marks:
        distance, angle = polar(chart, *cell)
        assert distance == pytest.approx(chart.plot.radius * 3 / 5, abs=4)
        assert abs(angle) > math.pi / N / 2 and abs(angle - 2 * math.pi) > math.pi / N / 2


@pytest.mark.one_language
@pytest.mark.parametrize("lang", LANGUAGES)
async def test_both_sides_and_earlier_readings_are_told_apart_without_colour(store, lang):
    i18n.set_language(lang)
    add_reading(store, PARTICIPANT, MARCH, every(PARTICIPANT, 2))
    add_reading(store, PARTICIPANT, JUNE, every(PARTICIPANT, 3))
    add_reading(store, PARTICIPANT, SEPTEMBER, every(PARTICIPANT, 5))
    add_reading(store, SUPERVISOR, SEPTEMBER, every(SUPERVISOR, 1))
    chart = RadarChart(store.history(CODE), flow_for)
    lines = await rendered(chart)
    plot = chart.plot
    theirs = MARKERS[SUPERVISOR][0]
    assert cells_with(lines[:plot.rows], theirs)
    assert all(polar(chart, *c)[0] <= plot.radius / 5 + 3 for c in cells_with(lines[:plot.rows], theirs))
    assert all(polar(chart, *c)[0] == pytest.approx(plot.radius, abs=4)
               for c in cells_with(lines[:plot.rows], OWN))
    assert cells_with(lines[:plot.rows], EARLIER)  # the earlier readings have their own marker
    legend = "\n".join(lines[plot.rows:])
    for day in (MARCH, JUNE, SEPTEMBER):
        assert i18n.fmt_date(day, lang, "medium") in legend
    assert i18n._(role_name(SUPERVISOR, SUPERVISOR)) in legend
    assert i18n._(role_name(PARTICIPANT, SUPERVISOR)) in legend
    for marker in (OWN, EARLIER, theirs, "──", "╌╌", "┈┈"):
        assert marker in legend


async def test_no_readings_yet(store):
    chart = own_chart(store.history(CODE))
    lines = await rendered(chart)
    assert not cells_with(lines[:chart.plot.rows], OWN)
    assert i18n._("No readings yet.") in "\n".join(lines)


async def test_a_click_on_an_axis_names_its_indicator(store):
    add_reading(store, PARTICIPANT, MARCH, every(PARTICIPANT, 4))
    chart = own_chart(store.history(CODE))
    chosen = []

    class Listening(ChartApp):
        def on_radar_chart_selected(self, message: RadarChart.Selected) -> None:
            chosen.append(message.indicator.id)

    app = Listening(chart)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plot = chart.plot
        await pilot.click(RadarChart, offset=(plot.centre_x // 2, (plot.centre_y - plot.radius) // 4))
        await pilot.pause()
    assert chosen == [INDICATORS[0].id]


# -- the table -------------------------------------------------------------------------

async def test_the_table_has_every_value_with_its_change_and_the_interventions_between(store):
    add_reading(store, PARTICIPANT, MARCH, {"contact": 2, "health": 4})
    add_reading(store, PARTICIPANT, JUNE, {"contact": 4, "health": 3})
    add_reading(store, PARTICIPANT, SEPTEMBER, {"contact": None, "health": 3})
    add_reading(store, SUPERVISOR, JUNE, {"contact": 3})
    job = store.add_intervention(CODE, kind=kinds_of(JOB_FOCUSED)[0].id, group=JOB_FOCUSED, text=None,
                                 start=date(2025, 4, 1), end=date(2025, 5, 1), responsible="Anna",
                                 by=SUPERVISOR_ID)
    social = store.add_intervention(CODE, kind=kinds_of(SOCIAL)[0].id, group=SOCIAL, text=None,
                                    start=date(2025, 7, 1), end=None, responsible="Bo", by=SUPERVISOR_ID)
    table = ProgressionTable(store.history(CODE), flow_for)
    lines = await rendered(table, size=(100, 40))
    keys = [d.isoformat() for d in (MARCH, JUNE, SEPTEMBER)]

    def row(key):
        return [str(table.get_cell(key, k)) for k in keys]

    assert row("contact:participant") == ["2", "4 ▲ +2", "–"]
    assert row("health:participant") == ["4", "3 ▼ -1", "3 = 0"]
    assert row("contact:supervisor") == ["", "3", ""]
    assert row(f"intervention:{job.id}") == ["", "✓", ""]
    assert row(f"intervention:{social.id}") == ["", "", "✓"]
    text = "\n".join(lines)
    assert "4 ▲ +2" in text and "3 ▼ -1" in text and "3 = 0" in text
    assert f"● {i18n._(by_id()['contact'].label)}" in text and f"■ {i18n._(by_id()['contact'].label)}" in text
    assert i18n.fmt_date(JUNE, i18n.current_language(), "short") in text


async def test_the_participants_own_table_leaves_the_supervisor_out(store):
    add_reading(store, PARTICIPANT, MARCH, {"contact": 2})
    add_reading(store, SUPERVISOR, JUNE, {"contact": 3})
    table = ProgressionTable(store.history(CODE), flow_for, roles=(PARTICIPANT,))
    await rendered(table)
    assert [key.value for key in table.columns][1:] == [MARCH.isoformat()]
    assert all(key.value.endswith(":participant") for key in table.rows)


async def test_a_narrow_table_shows_the_latest_readings_beside_the_names(store):
    """Too narrow for every date: the newest that fit whole are in view, the
    names stay on the left, no date column is ever cut ("‹" says there are
    earlier ones); Left brings them in, one date at a time, and Right back."""
    add_reading(store, PARTICIPANT, MARCH, {"contact": 2, "health": 4})
    add_reading(store, PARTICIPANT, JUNE, {"contact": 4, "health": 3})
    add_reading(store, PARTICIPANT, SEPTEMBER, {"contact": 5, "health": 3})
    table = ProgressionTable(store.history(CODE), flow_for, roles=(PARTICIPANT,))
    lang = i18n.current_language()
    march, june, september = (i18n.fmt_date(d, lang, "short") for d in (MARCH, JUNE, SEPTEMBER))
    app = ChartApp(table)
    # Room for the names (the flows' longest), one whole date column with both marks
    # and a scroll bar, and never for two columns (two need 7 more than this).
    names = max(cell_len(f"{OWN} {i18n._(i.label)}") for i in INDICATORS) + 2
    width = names + cell_len(f"‹ {june} ›") + 2 + 5
    async with app.run_test(size=(width, 12)) as pilot:
        await pilot.pause()

        def seen() -> str:
            return "\n".join(strip.text for strip in table.render_lines(Region(0, 0, *table.size)))

        assert table.max_scroll_x == 0  # nothing to scroll sideways: no column half in view
        assert table.dates_shown == [SEPTEMBER]
        text = seen()
        assert f"‹ {september}" in text and "5 ▲ +1" in text and march not in text and june not in text
        assert i18n._(by_id()["contact"].label) in text
        table.focus()
        await pilot.press("left")
        assert table.dates_shown == [JUNE]
        assert f"‹ {june} ›" in seen()
        await pilot.press("left", "left")  # no earlier than the first
        assert table.dates_shown == [MARCH] and "‹" not in seen() and f"{march} ›" in seen()
        await pilot.press("right", "right", "right")
        assert table.dates_shown == [SEPTEMBER]
