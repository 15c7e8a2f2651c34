"""The organisation's report, checked figure by figure against small hand-made data sets.

The histories are built from the domain's dataclasses and read against the
shipped flows (each reading's own flow version). Every expected number below
is worked out by hand in the comments. The figures are checked as the report
would print them without its noise (`exact`: the protection's noise set to
nothing, its thresholds and rounding kept); that the noise moves them by no
more than the report says, and the rest of the protection, is
``test_report_protection.py``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import math
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from skapa_tui import i18n, resources
from skapa_tui.domain.history import Assignment, History
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, asked_of
from skapa_tui.domain.interventions import JOB_FOCUSED, SOCIAL, kinds_of
from skapa_tui.domain.plan import Intervention
from skapa_tui.domain.reading import Answer, Reading
from skapa_tui.logic import report as rp
from skapa_tui.logic.report import FEW_FOR_SHARE, SUPPRESSED, counting, protection
from skapa_tui.render import FORMATS, render
from skapa_tui.render.blocks import Table
from skapa_tui.render.csv import CSV_COLUMNS
from skapa_tui.render.html import to_html

LIBRARY = resources.flow_library()
FLOW_FOR = LIBRARY.version
AT = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
FIRST, LATEST = date(2024, 1, 15), date(2024, 6, 15)
TODAY = date(2024, 12, 31)
"""The report's day: it covers the year up to the last quarter ended, 1 October 2023 to 30 September 2024."""
LANGS = i18n.languages()
P_INDICATORS = [i.id for i in asked_of(PARTICIPANT)]
S_INDICATORS = [i.id for i in asked_of(SUPERVISOR)]
BOTH = [i for i in P_INDICATORS if i in S_INDICATORS]
K = len(P_INDICATORS)
"""The participant's indicators: a summed score is K times the level when every one has it."""


def reading(role: str, meeting: date, values: dict[str, int | None], *, version: int | None = None,
            n: int = 0) -> Reading:
    """A sent reading of ``role`` answering ``values`` (indicator -> 1-5 or None:
    "I'd rather not answer") on the items the shipped flow rates them with (its
    current version, unless ``version`` says another)."""
    flow = LIBRARY.current(role)
    version = flow.version if version is None else version
    answers = {}
    for indicator, value in values.items():
        item = flow.rated_question(indicator).id
        answers[item] = Answer(item, indicator, value, AT)
    return Reading(id=f"{role}-{meeting}-{n}", flow=role, flow_version=version, role=role,
                   rater=None if role == PARTICIPANT else "anna", entry="live",
                   entered_by=None if role == PARTICIPANT else "anna", meeting_date=meeting, lang="sv",
                   started_at=AT, completed_at=AT, answers=answers)


def same(role: str, value: int | None) -> dict[str, int | None]:
    return {i: value for i in (P_INDICATORS if role == PARTICIPANT else S_INDICATORS)}


def intervention(group: str, start: date, end: date | None = None) -> Intervention:
    return Intervention(id=f"{group}-{start}", kind=kinds_of(group)[0].id, group=group, text=None,
                        start=start, end=end, responsible="Anna", added_by="anna", added_at=AT)


def change(on: date, to: str = "bo", previous: str = "anna") -> Assignment:
    return Assignment(to, previous, on, AT, None)


FIRST_LEVELS = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4]
STEPS = [+2, +2, +2, +1, 0, 0, -1, -2, +1, 0]
LATEST_LEVELS = [f + s for f, s in zip(FIRST_LEVELS, STEPS)]  # 3 3 4 3 2 3 2 1 5 4
SUPERVISOR_LEVELS = [1, 1, 1, 1, 1, 3, 3, 3, 3, 3]


def ten(changes_of: tuple[int, ...] = (0, 2, 4, 6, 8)) -> list[History]:
    """Ten participants, two participant readings each (every indicator the same
    value), one supervisor reading each; 0-4 have a combined plan with a
    job-focused part, 5-9 none active between the readings; ``changes_of`` get one
    change of supervisor between the readings; 0-3 have a follow-up next year."""
    histories = []
    for k in range(10):
        code = f"RPT{k:02d}"
        interventions = ([intervention(JOB_FOCUSED, date(2024, 2, 1)), intervention(SOCIAL, date(2024, 2, 1))]
                         if k < 5 else [intervention(SOCIAL, date(2023, 6, 1), date(2023, 12, 31))])
        assignments = [Assignment("anna", None, date(2023, 12, 1), AT, None), change(date(2024, 1, 2), "cai", "anna")]
        if k in changes_of:
            assignments.append(change(date(2024, 3, 1), "bo", "cai"))
        supervisor = same(SUPERVISOR, SUPERVISOR_LEVELS[k])
        if k == 9:
            supervisor["health"] = None
        histories.append(History(
            code=code, created_at=AT,
            readings=[reading(PARTICIPANT, FIRST, same(PARTICIPANT, FIRST_LEVELS[k])),
                      reading(PARTICIPANT, LATEST, same(PARTICIPANT, LATEST_LEVELS[k]), n=1),
                      reading(SUPERVISOR, LATEST, supervisor)],
            assignments=assignments, interventions=interventions,
            follow_up=date(2025, 1, 20) if k < 4 else None))
    return histories


def secret_of(code: str) -> bytes:
    """A participant's secret, as a folder's key would give it (see ``store_secrets``)."""
    return hashlib.blake2b(code.encode(), digest_size=16).digest()


def build_report(histories, **options) -> rp.Report:
    options.setdefault("first", None)
    options.setdefault("last", None)
    options.setdefault("today", TODAY)
    return rp.build_report(histories, flow_for=FLOW_FOR, secret_of=secret_of, **options)


@pytest.fixture
def exact(monkeypatch):
    """The report without its noise: thresholds, markers and rounding as ever."""
    for name in ("COUNT_NOISE", "RATING_NOISE", "SUMMED_NOISE", "SD_NOISE"):
        monkeypatch.setattr(protection, name, 0)


def side(report: rp.Report, role: str) -> rp.SideReport:
    return next(s for s in report.sides if s.side == role)


def test_distance_travelled_per_indicator(exact):
    report = build_report(ten())
    assert (report.first, report.last) == (date(2023, 10, 1), date(2024, 9, 30))
    assert report.participants == 10
    mine = side(report, PARTICIPANT)
    assert (mine.counted, mine.fewer_than_two, mine.summed, mine.too_few_answered) == (10, 0, 10, 0)
    assert [c.indicator for c in mine.indicators] == P_INDICATORS
    for c in mine.indicators:
        # firsts 1 1 2 2 2 3 3 3 4 4 (mean 2.5); latests 3 3 4 3 2 3 2 1 5 4 (mean 3.0)
        # up: 0 1 2 3 8 (5); same: 4 5 9 (3); down: 6 7 (2); nobody left out (a part of 0: "<5")
        assert c.n == 10 and c.no_answer == 0
        assert (c.mean_first, c.mean_latest, c.mean_change) == (2.5, 3.0, 0.5)
        # 3 the same and 2 down are too few for a share: they would be people
        assert (c.improved, c.same, c.worse) == (0.5, SUPPRESSED, SUPPRESSED)
        assert c.bound == 0  # no noise here
    theirs = side(report, SUPERVISOR)  # one supervisor reading each: nobody counts for change
    assert (theirs.counted, theirs.fewer_than_two, theirs.summed) == (0, 10, 0)
    assert all(c.n == 0 and c.mean_change is None for c in theirs.indicators)
    assert theirs.total.n == 0 and theirs.baseline_sd is None


def test_summed_score_and_reliable_change(exact):
    mine = side(build_report(ten()), PARTICIPANT)
    # summed firsts (of K = 10 indicators) 10 10 20 20 20 30 30 30 40 40: mean 25, squares
    # 4*225 + 6*25 = 1050, / 9; in K: squares 10.5 * K**2
    sd = K * math.sqrt(10.5 / 9)  # 10.80 for K = 10
    assert mine.baseline_sd == round(sd, 1)
    threshold = 1.96 * math.sqrt(2) * round(sd, 1) * math.sqrt(1 - 0.8)  # 13.39 points for K = 10
    assert mine.reliable_change == round(threshold, 1)
    assert rp.RELIABILITY == 0.8
    # changes +2K +2K +2K +K 0 0 -K -2K +K 0: sum 5K; reliable (beyond 1.34 K): three up, six not, one down
    assert mine.total.n == 10 and mine.total.mean_change == round(5 * K / 10, 1)
    assert (mine.total.improved, mine.total.no_change, mine.total.deteriorated) == (SUPPRESSED, 0.6, SUPPRESSED)


def test_progression_by_mix_and_by_supervisor_changes(exact):
    mine = side(build_report(ten()), PARTICIPANT)
    by_mix = {g.group: g for g in mine.by_mix}
    assert list(by_mix) == list(rp.MIXES)
    assert by_mix["combined_job"].n == 5 and by_mix["combined_job"].mean_change == round(7 * K / 5, 1)
    assert by_mix["none"].n == 5 and by_mix["none"].mean_change == round(-2 * K / 5, 1)
    assert by_mix["combined_job"].improved == FEW_FOR_SHARE  # 5 people: no shares
    assert by_mix["one_group"].n == 0 and by_mix["one_group"].mean_change is None
    assert by_mix["combined_no_job"].n == 0
    by_changes = {g.group: g for g in mine.by_changes}
    # the change of 2 January lies before the first reading: it does not count
    assert by_changes["1"].n == 5 and by_changes["1"].mean_change == round((2 + 2 + 0 - 1 + 1) * K / 5, 1)
    assert by_changes["0"].n == 5 and by_changes["0"].mean_change == round((2 + 1 + 0 - 2 + 0) * K / 5, 1)
    assert by_changes["2+"].n == 0


def test_interventions_follow_ups_and_gaps(exact):
    report = build_report(ten())
    # the last three months of the year: 0-4 have open interventions, 5-9 none
    assert (report.recent_from, report.recent_to) == (date(2024, 6, 30), date(2024, 9, 30))
    assert report.no_intervention == rp.Share(10, 5, 0.5)
    # today: 0-3 meet again in 2025; the others were due three months after 15 June
    assert report.overdue == rp.Share(10, 6, 0.6)
    gaps = {g.indicator: g for g in report.gaps}
    assert list(gaps) == BOTH
    # latest 3 3 4 3 2 3 2 1 5 4 against 1 1 1 1 1 3 3 3 3 3: gaps of 2+ at 0 1 2 3 7 8
    for indicator in BOTH:
        if indicator == "health":  # 9 has no supervisor answer there: 9 compared
            assert (gaps[indicator].n, gaps[indicator].count, gaps[indicator].share) == (9, 6, FEW_FOR_SHARE)
        else:
            assert (gaps[indicator].n, gaps[indicator].count, gaps[indicator].share) == (10, 6, 0.6)


def test_the_year_and_its_last_three_months_follow_the_day_and_the_period_asked_for(exact):
    # a year later: the year from April 2024 holds the latest readings only
    report = build_report(ten(), today=date(2025, 6, 30))
    mine = side(report, PARTICIPANT)
    assert (report.first, report.last) == (date(2024, 4, 1), date(2025, 3, 31))
    assert report.participants == 10 and (mine.counted, mine.fewer_than_two) == (0, 10)
    assert (report.recent_from, report.recent_to) == (date(2024, 12, 31), date(2025, 3, 31))
    # asked for the year up to June 2024: both readings again; and a year with none
    report = build_report(ten(), first=date(2024, 2, 1), last=date(2024, 6, 30), today=date(2025, 6, 30))
    assert (report.asked_first, report.asked_last) == (date(2024, 2, 1), date(2024, 6, 30))
    assert (report.first, report.last) == (date(2023, 7, 1), date(2024, 6, 30))
    assert side(report, PARTICIPANT).counted == 10
    assert build_report(ten(), last=date(2023, 3, 31)).participants == 0


def test_a_group_of_four_is_suppressed_and_the_others_and_everyone_are_shown(exact):
    report = build_report(ten(changes_of=(0, 1, 2, 3)))
    mine = side(report, PARTICIPANT)
    by_changes = {g.group: g for g in mine.by_changes}
    g = by_changes["1"]
    assert (g.n, g.mean_change, g.improved, g.no_change, g.deteriorated) == (SUPPRESSED,) * 5
    # the others and the total are shown: the noise keeps the four apart (test_report_protection)
    # the six others, 4-9: 0 0 -K -2K +K 0
    assert by_changes["0"].n == 6 and by_changes["0"].mean_change == round((0 + 0 - 1 - 2 + 1 + 0) * K / 6, 1)
    assert mine.total.n == 10 and mine.total.mean_change == round(5 * K / 10, 1)
    assert by_changes["2+"].n == 0
    assert {g.group: g.n for g in mine.by_mix} == {"none": 5, "one_group": 0, "combined_job": 5,
                                                     "combined_no_job": 0}
    for fmt in FORMATS:
        out = render(report, fmt, "sv")
        assert (html.escape(SUPPRESSED) if fmt == "html" else SUPPRESSED) in out
    rows = list(csv.reader(io.StringIO(render(report, "csv", "sv"))))
    assert ["supervisor_changes", "1", "", PARTICIPANT, "n", SUPPRESSED] in rows
    assert ["all", "all", "", PARTICIPANT, "mean_change", str(round(5 * K / 10, 1))] in rows
    data = json.loads(render(report, "json", "sv"))
    assert data["sides"][0]["by_changes"][1]["mean_change"] == SUPPRESSED


def test_small_groups_and_counts(exact):
    report = build_report(ten()[:4])
    mine = side(report, PARTICIPANT)
    c = mine.indicators[0]
    assert (c.n, c.mean_first, c.mean_change, c.improved) == (SUPPRESSED,) * 4
    assert mine.baseline_sd == SUPPRESSED and mine.total.n == SUPPRESSED and mine.counted == SUPPRESSED
    assert report.participants == SUPPRESSED  # no "counted: 1" beside a "<5"
    assert report.no_intervention == rp.Share(SUPPRESSED, SUPPRESSED, SUPPRESSED)
    # 7 people: figures shown, shares need 10
    report = build_report(ten()[:7])
    c = side(report, PARTICIPANT).indicators[0]
    assert c.n == 7 and c.mean_first == round(14 / 7, 2)
    assert (c.improved, c.same, c.worse) == (FEW_FOR_SHARE,) * 3
    # 7 people, 2 of them with no intervention: the count hidden, too few for a share
    assert report.no_intervention == rp.Share(7, SUPPRESSED, FEW_FOR_SHARE)


def exact_counts(histories, first=date(2023, 10, 1), last=date(2024, 9, 30)) -> counting.Counts:
    """What the counting pass keeps, before any protection."""
    return counting.count(((h, secret_of(getattr(h, "code", ""))) for h in histories), FLOW_FOR, first, last,
                          TODAY)


def test_left_out_counts_and_reasons_and_missing_is_not_zero():
    values = same(PARTICIPANT, 2)
    rather_not = dict(values, health=None)
    few = {i: 2 for i in P_INDICATORS[:4]}  # 4 of K answered: fewer than half
    histories: list[object] = [
        # one reading only
        History("L1", AT, readings=[reading(PARTICIPANT, FIRST, values)]),
        # no reading in the period
        History("L2", AT, readings=[reading(PARTICIPANT, date(2023, 1, 1), values),
                                    reading(PARTICIPANT, date(2023, 5, 1), values, n=1)]),
        # "I'd rather not answer" on health in the first reading: left out on health only
        History("L3", AT, readings=[reading(PARTICIPANT, FIRST, rather_not),
                                    reading(PARTICIPANT, LATEST, same(PARTICIPANT, 4), n=1)]),
        # fewer than half the indicators answered in the first: out of the summed score
        History("L4", AT, readings=[reading(PARTICIPANT, FIRST, few),
                                    reading(PARTICIPANT, LATEST, values, n=1)]),
        # a flow version that is not kept: the reading cannot be read
        History("L5", AT, readings=[reading(PARTICIPANT, FIRST, values),
                                    reading(PARTICIPANT, LATEST, values, version=99, n=1)]),
        "a damaged file",
    ]
    counts = exact_counts(histories)
    assert counts.unreadable_files == 1 and counts.unreadable_readings == 1
    assert counts.participants.n == 4  # L1 L3 L4 L5
    mine = counts.sides[PARTICIPANT]
    assert (mine.counted.n, mine.fewer_than_two.n) == (2, 2)  # L3 L4; L1 L5
    assert (len(mine.people), mine.too_few_answered.n) == (1, 1)  # L3; L4
    no_answer = {i: t.no_answer.n for i, t in mine.tallies.items()}
    # L3: health; L4: the six it did not answer, health among them
    assert no_answer == {i: (2 if i == "health" else 0 if i in P_INDICATORS[:4] else 1) for i in P_INDICATORS}
    # L3's summed score: K - 1 indicators answered in both, 2 -> 4, scaled to K: 2K -> 4K
    # (were "rather not" a 0, it would be 18 -> 36 and health would count)
    assert mine.people[0][:2] == pytest.approx((2.0 * K, 4.0 * K))
    # in the report every one of these is a group of 1 to 4: none is printed
    report = build_report(histories)
    assert report.unreadable_files == 1 and report.unreadable_readings == 1  # files, not people
    assert report.participants == SUPPRESSED
    assert (report.sides[0].counted, report.sides[0].fewer_than_two, report.sides[0].summed) == (SUPPRESSED,) * 3


def test_missing_answers_are_left_out_of_the_means(exact):
    histories = ten()
    histories[9] = replace(histories[9], readings=[
        reading(PARTICIPANT, FIRST, dict(same(PARTICIPANT, 4), health=None)),
        reading(PARTICIPANT, LATEST, same(PARTICIPANT, 4), n=1)])
    mine = side(build_report(histories), PARTICIPANT)
    health = next(c for c in mine.indicators if c.indicator == "health")
    assert (health.n, health.no_answer) == (9, SUPPRESSED)  # one left out: a part of 1
    assert health.mean_first == round((1 + 1 + 2 + 2 + 2 + 3 + 3 + 3 + 4) / 9, 2)  # not / 10 with a 0
    assert mine.summed == 10  # K - 1 of K answered: prorated, 4 (K - 1) * K / (K - 1) = 4K both times
    assert mine.total.mean_change == round(5 * K / 10, 1)


def test_a_correction_is_read(exact):
    from skapa_tui.domain.reading import Correction

    histories = ten()
    latest = histories[5].readings[1]
    item = LIBRARY.current(PARTICIPANT).rated_question("health").id
    latest.corrections.append(Correction(latest.id, item, 3, 5, "anna", AT, "typed wrong"))
    mine = side(build_report(histories), PARTICIPANT)
    health = next(c for c in mine.indicators if c.indicator == "health")
    assert health.mean_latest == 3.2


def test_reliable_change_by_hand_for_two_people():
    # summed first scores 20 and 30: SD = sqrt(50) = 7.071; S_diff = sqrt(2) * 7.071 * sqrt(0.2) = 4.472
    # A: +10 -> RCI 2.236 (reliably better); B: -5 -> RCI -1.118 (no reliable change)
    sd, threshold, classes = rp.reliable_changes([(20.0, 30.0), (30.0, 25.0)], 0.8)
    assert sd == pytest.approx(math.sqrt(50))
    assert threshold == pytest.approx(1.96 * 4.47214, rel=1e-5)
    assert classes == [1, 0]
    assert 10 / (threshold / 1.96) == pytest.approx(2.23607, rel=1e-5)
    # with r = 0.95: S_diff = sqrt(2) * 7.071 * sqrt(0.05) = 2.236, threshold 4.38: -5 is reliable
    _, threshold95, classes95 = rp.reliable_changes([(20.0, 30.0), (30.0, 25.0)], 0.95)
    assert threshold95 == pytest.approx(1.96 * 2.23607, rel=1e-5) and classes95 == [1, -1]
    # every first score the same: no spread, no reliable-change figure
    assert rp.reliable_changes([(20.0, 30.0), (20.0, 25.0)], 0.8) == (0.0, None, [0, 0])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_code_in_any_format(fmt, lang):
    i18n.set_language(lang)
    try:
        for histories in (ten(), ten(changes_of=(1, 2, 3))):
            out = render(build_report(histories), fmt, lang)
            assert "RPT" not in out and "anna" not in out
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize("lang", LANGS)
def test_text_and_html_are_translated_and_formatted_by_babel(exact, lang):
    from babel.numbers import format_decimal, format_percent

    i18n.set_language(lang)
    try:
        report = build_report(ten())
        text = render(report, "text", lang)
        page = render(report, "html", lang)
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    say = i18n.gettext_for(lang)
    for out in (text, page):
        assert format_decimal(0.8, format="#,##0.00", locale=lang) in out  # the reliability, beside
        assert format_percent(0.6, locale=lang) in out
        assert format_decimal(2.5, format="#,##0.00", locale=lang) in out
        # the baseline SD, one decimal (10.8 for K = 10)
        assert format_decimal(round(K * math.sqrt(10.5 / 9), 1), format="#,##0.0", locale=lang) in out
    assert say("Progression report") in text
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert "<style>" in page and "<script" not in page and "http" not in page


def test_html_escapes_its_texts():
    blocks = [("h1", "<b>&"), Table(("a<", "b"), (("<i>", "1"),))]
    page = to_html(blocks, "sv")
    assert "<b>&" not in page and "&lt;b&gt;&amp;" in page and "&lt;i&gt;" in page


def test_json_and_csv_hold_the_numbers(exact):
    report = build_report(ten())
    data = json.loads(render(report, "json", "sv"))
    assert data["participants"] == 10 and data["reliability"] == 0.8 and data["today"] == "2024-12-31"
    assert (data["first"], data["last"], data["asked_first"], data["asked_last"]) == \
        ("2023-10-01", "2024-09-30", None, None)
    first = data["sides"][0]
    assert first["side"] == PARTICIPANT and first["total"]["mean_change"] == round(5 * K / 10, 1)
    assert first["indicators"][0]["mean_first"] == 2.5
    rows = list(csv.reader(io.StringIO(render(report, "csv", "sv"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert ["distance", "", P_INDICATORS[0], PARTICIPANT, "mean_change", "0.5"] in rows
    assert ["mix", "combined_job", "", PARTICIPANT, "mean_change", str(round(7 * K / 5, 1))] in rows
    assert ["overdue", "", "", "", "share", "0.6"] in rows
    assert all(len(row) == 6 for row in rows)


def test_build_report_reads_each_history_once():
    seen = []

    def once():
        for history in ten():
            seen.append(history.code)
            yield history

    build_report(once())
    assert len(seen) == 10 == len(set(seen))
