"""The desk at 80x24 by keys, headless (the walk in a real terminal is
test_desk_pty.py): where the focus starts, the form's review keeping its
place after a change, and the leader's report keeping its names' column
with headers whole."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from skapa_tui.domain import reading as reading_module
from skapa_tui.render.blocks import Table, blocks
from skapa_tui.ui.screens.report import rich_tables
from skapa_tui.ui.widgets.language_switch import LanguageSwitch

from .desk_helpers import LANG, LANGS, TODAY, make_app, make_store, rendered_text, screen_name, signed_in, wait_for
from .leader_helpers import leader_folder
from .test_leader import YEAR, expected

SMALL = (80, 24)


async def test_the_focus_never_starts_on_the_language_switch(tmp_path):
    app = make_app(make_store(tmp_path / "data", "ANNA-7"))
    async with app.run_test(size=SMALL) as pilot:
        assert not isinstance(app.focused, LanguageSwitch)
        await signed_in(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page")
        for key, screen in (("c", "ConversationScreen"), ("g", "ProgressScreen"), ("a", "PlanScreen")):
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: screen_name(app) == screen, screen)
            await pilot.pause()
            assert app.focused is not None and not isinstance(app.focused, LanguageSwitch), screen
            await pilot.press("enter" if screen != "PlanScreen" else "down")  # never a language switch
            assert app.lang == LANG
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page again")
        assert not isinstance(app.focused, LanguageSwitch)


async def test_the_forms_review_keeps_its_place_after_a_change(tmp_path, monkeypatch):
    monkeypatch.setattr(reading_module, "today", lambda: TODAY)  # the store's today is the desk's
    app = make_app(make_store(tmp_path / "data", "ANNA-7"))
    async with app.run_test(size=SMALL) as pilot:
        await signed_in(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ParticipantScreen", "the page")
        await pilot.pause()
        await pilot.press("f")
        await wait_for(pilot, lambda: screen_name(app) == "FormScreen", "the form")
        for _n in range(40):  # "not rated" to every question, up to the review
            if screen_name(app) != "FormScreen":
                break
            await pilot.press("0")
        await wait_for(pilot, lambda: screen_name(app) == "FormReviewScreen", "the review")
        await pilot.press("end")  # the last line, scrolled to the end
        await pilot.press("up", "up", "up")
        await pilot.pause()
        lines = app.screen.query_one("#lines")
        line, at, scrolled = app.focused.id, app.focused.region.y, lines.scroll_y
        assert scrolled > 0
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_name(app) == "FormScreen", "the question")
        await pilot.press("3")
        await wait_for(pilot, lambda: screen_name(app) == "FormReviewScreen", "the review again")
        await pilot.pause()
        assert app.focused.id == line
        assert app.screen.query_one("#lines").scroll_y == scrolled and app.focused.region.y == at
        # the review uses the screen: its buttons on the last row but the key bar's
        assert app.screen.query_one("#controls").region.bottom >= SMALL[1] - 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_reports_tables_keep_their_names_and_whole_words_at_80_columns(tmp_path, lang):
    report = expected(leader_folder(tmp_path / "data"), YEAR[1])
    room = 72  # the report's width at 80 columns, less its margins, padding and scroll bar
    tables = [b for b in blocks(report, lang) if isinstance(b, Table)]
    assert tables
    console = Console(width=room, record=True, color_system=None)
    for table in tables:
        parts = rich_tables(table, room)
        shown_columns = []
        for part in parts:
            assert part.columns[0].header == table.header[0]  # the names' column in every part
            shown_columns += [column.header for column in part.columns[1:]]
            console.print(part)
            text = console.export_text()
            assert all(len(row) <= room for row in text.splitlines())
            words = set(re.findall(r"\S+", text))
            for column in part.columns:
                for word in str(column.header).split():
                    assert word in words, f"{word!r} broken in {text}"
        assert shown_columns == list(table.header[1:])  # every column, in its order
    wide = rich_tables(tables[0], 200)
    assert len(wide) == 1  # room for all: one table


async def test_the_report_at_80x24_shows_the_names_beside_the_figures(tmp_path):
    store = leader_folder(tmp_path / "data")
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        from .test_leader import leader_in

        await leader_in(pilot)
        first = next(b for b in blocks(app.screen.report, LANG) if isinstance(b, Table))
        for _n in range(30):
            if first.rows[0][0] in rendered_text(app):
                break
            await pilot.press("pagedown")
        text = rendered_text(app)
        row = next(line for line in text.splitlines() if first.rows[0][0] in line)
        assert first.rows[0][1] in row  # the name and its first figure on one line
