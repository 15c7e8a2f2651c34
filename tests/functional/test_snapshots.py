"""SVG snapshots of the kiosk's welcome, a question and the review, in each language.

`snap_compare` is synchronous: these are plain `def` tests driven with
`run_before`. Update with `pytest --snapshot-update` after a wanted change and
look at the pictures before committing them.
"""

from __future__ import annotations

import pytest

from .kiosk_helpers import LANGS, answer, answer_all, log_in, make_app, shipped_flow, wait_for_question


@pytest.mark.parametrize("lang", LANGS)
def test_welcome(snap_compare, tmp_path, lang):
    assert snap_compare(make_app(tmp_path, lang), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_question(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await log_in(pilot)
        await answer(pilot, "4")
        await wait_for_question(pilot)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_review(snap_compare, tmp_path, lang):
    async def run_before(pilot):
        await log_in(pilot)
        keys = ["0" if n == 1 else str(n % 5 + 1) for n in range(len(shipped_flow().questions))]
        await answer_all(pilot, keys)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, lang), terminal_size=(120, 40), run_before=run_before)
