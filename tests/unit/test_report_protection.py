"""The report's protection (`skapa_tui.logic.report.protection`): the year a
report covers, the noise's bounds and its key (the same people give the same
noise; another period, a correction or another secret another), the
thresholds, and that a small organisation still gets its overall figures.
The attacks on all of it are ``tests/attacks``."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date

import pytest

from skapa_tui import i18n
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, asked_of
from skapa_tui.domain.reading import Correction
from skapa_tui.logic.report import (
    COUNT_NOISE,
    FEW_FOR_SHARE,
    MIN_GROUP,
    MIN_PART,
    MIN_SHARE,
    RATING_NOISE,
    SD_NOISE,
    SUMMED_NOISE,
    covered_period,
    protection,
)
from skapa_tui.render import FORMATS, render

from .test_report import AT, LIBRARY, TODAY, build_report, reading, same, side, ten

Q = date


@pytest.mark.parametrize("first, last, today, covered", [
    # no period asked for: the four quarters up to the last one ended
    (None, None, Q(2025, 11, 20), (Q(2024, 10, 1), Q(2025, 9, 30))),
    (None, None, Q(2026, 1, 1), (Q(2025, 1, 1), Q(2025, 12, 31))),
    (None, None, Q(2025, 12, 31), (Q(2024, 10, 1), Q(2025, 9, 30))),  # the quarter ends tonight
    # the year up to the end of --to's quarter, whatever --from says
    (None, Q(2024, 2, 14), Q(2025, 11, 20), (Q(2023, 4, 1), Q(2024, 3, 31))),
    (Q(2024, 1, 1), Q(2024, 2, 14), Q(2025, 11, 20), (Q(2023, 4, 1), Q(2024, 3, 31))),
    # never the current quarter, nor later
    (None, Q(2025, 11, 1), Q(2025, 11, 20), (Q(2024, 10, 1), Q(2025, 9, 30))),
    (None, Q(2030, 1, 1), Q(2025, 11, 20), (Q(2024, 10, 1), Q(2025, 9, 30))),
    # only --from: the year from the start of its quarter
    (Q(2024, 5, 5), None, Q(2025, 11, 20), (Q(2024, 4, 1), Q(2025, 3, 31))),
    (Q(2025, 8, 1), None, Q(2025, 11, 20), (Q(2024, 10, 1), Q(2025, 9, 30))),
])
def test_a_report_covers_four_whole_quarters_that_have_ended(first, last, today, covered):
    assert covered_period(first, last, today) == covered


def noisy_and_exact(histories, monkeypatch, **options):
    noisy = build_report(histories, **options)
    with monkeypatch.context() as quiet:
        for name in ("COUNT_NOISE", "RATING_NOISE", "SUMMED_NOISE", "SD_NOISE"):
            quiet.setattr(protection, name, 0)
        exact = build_report(histories, **options)
    return noisy, exact


def many() -> list:
    """Thirty people: ten() three times over, with other codes and values a little apart."""
    found = []
    for copy in range(3):
        for k, history in enumerate(ten()):
            readings = [dataclasses.replace(r, id=f"{r.id}-{copy}") for r in history.readings]
            if copy:
                values = same(PARTICIPANT, 1 + (k + copy) % 5)
                readings[1] = reading(PARTICIPANT, readings[1].meeting_date, values, n=copy + 10)
            found.append(dataclasses.replace(history, code=f"{history.code}-{copy}", readings=readings))
    return found


def test_the_noise_moves_each_figure_no_more_than_the_report_says(monkeypatch):
    noisy, exact = noisy_and_exact(many(), monkeypatch)
    moved = 0
    for n_side, e_side in zip(noisy.sides, exact.sides):
        for n, e in zip(n_side.indicators, e_side.indicators):
            if not isinstance(e.n, int) or not e.n:
                continue
            assert abs(n.n - e.n) <= COUNT_NOISE and n.n >= MIN_GROUP
            # the bound of the fewest people the printed count can stand for: never below the true one
            assert n.bound == math.ceil(RATING_NOISE / max(MIN_GROUP, n.n - COUNT_NOISE) * 100) / 100
            assert n.bound >= RATING_NOISE / e.n
            for name in ("mean_first", "mean_latest"):
                assert abs(getattr(n, name) - getattr(e, name)) <= n.bound + 0.01
                moved += getattr(n, name) != getattr(e, name)
            assert n.mean_change == round(n.mean_latest - n.mean_first, 2)
        for n, e in zip((n_side.total, *n_side.by_mix, *n_side.by_changes),
                        (e_side.total, *e_side.by_mix, *e_side.by_changes)):
            if isinstance(e.mean_change, float):
                assert abs(n.mean_change - e.mean_change) <= n.bound + 0.1
                assert n.bound == math.ceil(SUMMED_NOISE / max(MIN_GROUP, n.n - COUNT_NOISE) * 10) / 10
                assert n.bound >= SUMMED_NOISE / e.n
        if isinstance(e_side.baseline_sd, float):
            assert abs(n_side.baseline_sd - e_side.baseline_sd) <= SD_NOISE / 30 * e_side.baseline_sd + 0.1
    assert moved > 10  # the noise is there
    assert abs(noisy.participants - exact.participants) <= COUNT_NOISE


def test_the_same_people_give_the_same_figures():
    histories = many()
    report = build_report(histories)
    assert build_report(list(reversed(histories))) == report  # in any order
    # another period asked for, the same year covered: the same report
    again = build_report(histories, first=date(2024, 8, 1), last=date(2024, 8, 1))
    assert dataclasses.replace(again, asked_first=None, asked_last=None) == report
    # another day in the same quarter: the same figures (only "overdue" is of the day)
    later = build_report(histories, today=date(2024, 11, 1))
    assert later.sides == report.sides and later.gaps == report.gaps
    # someone with no reading in the year changes nothing of the year
    outside = dataclasses.replace(histories[0], code="ELSEWHERE",
                                  readings=[reading(PARTICIPANT, date(2022, 5, 1), same(PARTICIPANT, 3), n=99)])
    assert build_report([*histories, outside]).sides == report.sides


def test_a_correction_draws_new_noise_for_its_indicator_only():
    histories = many()
    before = side(build_report(histories), PARTICIPANT)
    latest = histories[5].readings[1]
    item = LIBRARY.current(PARTICIPANT).rated_question("health").id
    latest.corrections.append(Correction(latest.id, item, latest.answers[item].value, 5, "anna", AT, "typo"))
    after = side(build_report(histories), PARTICIPANT)
    changed = {b.indicator for b, a in zip(before.indicators, after.indicators) if a != b}
    assert changed == {"health"}
    # undone, the old noise comes back: nothing new to average
    latest.corrections.append(Correction(latest.id, item, 5, latest.answers[item].value, "anna", AT, "back"))
    assert side(build_report(histories), PARTICIPANT) == before


def test_another_secret_gives_other_noise():
    from skapa_tui.logic.report import build_report as plain

    from .test_report import FLOW_FOR

    histories = many()
    ours = build_report(histories)
    theirs = plain(histories, flow_for=FLOW_FOR, first=None, last=None, today=TODAY,
                   secret_of=lambda code: b"another folder's secret")
    assert ours.sides != theirs.sides


def all_figures(value):
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield f.name, getattr(value, f.name)
            yield from all_figures(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from all_figures(item)


COUNTS = {"participants", "n", "count", "counted", "fewer_than_two", "summed", "too_few_answered", "no_answer"}


@pytest.mark.parametrize("people", [3, 4, 6, 7, 8, 9, 10, 11, 12])
def test_no_count_of_one_to_four_and_no_share_of_a_part_under_five(people):
    """Whatever the group, no count of 1-4 people is printed, and a share is only
    there with ten people and five in its part (a count of its part shown)."""
    report = build_report(many()[:people])
    for name, value in all_figures(report):
        if name in COUNTS and isinstance(value, int):
            assert value == 0 or value >= MIN_GROUP, (name, value)
    for s in report.sides:
        for c in s.indicators:
            for share in (c.improved, c.same, c.worse):
                # there exactly when the printed count is 10 or more (decided on the true count, a
                # printed 11 beside "<10" would give a true 9 away)
                if isinstance(c.n, int) and c.n:
                    assert (share != FEW_FOR_SHARE) == (c.n >= MIN_SHARE)
                if isinstance(share, float):
                    assert share * c.n >= MIN_PART - COUNT_NOISE - 0.5


def test_a_small_organisation_gets_its_overall_figures():
    """Twelve people: every overall row is there (a mean change with its ±), and
    where a figure can't be, the text says why in words."""
    report = build_report(many()[:12])
    mine = side(report, PARTICIPANT)
    assert isinstance(mine.total.mean_change, float) and isinstance(mine.total.bound, float)
    assert all(isinstance(c.mean_change, float) for c in mine.indicators)
    i18n.set_language("en")
    try:
        text = render(build_report(many()[:4]), "text", "en")
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert "Fewer than 5 people have two readings of this side in the period" in text
    assert "No one has two readings of this side in the period." in text  # the supervisors' side


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_what_protection_was_applied_and_how_much_it_may_move_a_figure(fmt):
    report = build_report(many())
    say = i18n.gettext_for("sv")
    i18n.set_language("sv")
    try:
        out = render(report, fmt, "sv")
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    first = report.sides[0].indicators[0]
    assert first.indicator == asked_of(PARTICIPANT)[0].id and 0.15 <= first.bound <= 0.2  # 30 people: 5 / 28 or so
    if fmt == "json":
        said = json.loads(out)["protection"]
        assert said == dataclasses.asdict(report.protection)
        assert said["method"] == "cell-key" and said["rating_noise"] == RATING_NOISE
        assert json.loads(out)["sides"][0]["indicators"][0]["bound"] == first.bound
    elif fmt == "csv":
        assert "protection,,,,rating_noise,5.0" in out and "protection,,,,count_noise,2" in out
        assert f"distance,,labour_market_knowledge,{PARTICIPANT},bound,{first.bound}" in out
    else:
        assert say("How no one is given away") in out
        twice = f"{2 * first.bound:.2f}".replace(".", ",")
        assert f"±{twice}" in out  # a change: at most twice the bound of its means
    assert SUPERVISOR in out or fmt in ("text", "html")


def test_every_format_prints_the_figures_at_the_same_few_decimals():
    """JSON and CSV carry no more digits than the text: two for means of the 1-5 scale
    and shares, one for the summed score and the SD."""
    report = build_report(many())
    data = json.loads(render(report, "json", "en"))

    def floats(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from floats(item)
        elif isinstance(value, list):
            for item in value:
                yield from floats(item)
        elif isinstance(value, float):
            yield value

    found = list(floats(data))
    assert found and all(round(x, 2) == x for x in found)
    for s in data["sides"]:
        for g in (s["total"], *s["by_mix"], *s["by_changes"]):
            if isinstance(g["mean_change"], float):
                assert round(g["mean_change"], 1) == g["mean_change"]
        if isinstance(s["baseline_sd"], float):
            assert round(s["baseline_sd"], 1) == s["baseline_sd"]
