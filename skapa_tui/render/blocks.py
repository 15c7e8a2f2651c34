"""The report as headings, paragraphs and tables in the current language.

What the text and HTML formats write and what the leader's report screen
shows: numbers and dates formatted by Babel for the language. Imports
neither textual nor rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from ..domain.indicators import N_, by_id
from ..logic.report import (
    CHANGE_NAMES,
    FEW_FOR_SHARE,
    GAP,
    MIX_NAMES,
    SIDE_NAMES,
    SUPPRESSED,
    Figure,
    GroupChange,
    Report,
)


@dataclass(frozen=True)
class Table:
    """A table of the report: a header and rows of texts (first cell a name, the others figures)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

Block = tuple[str, str] | Table  # ("h1" | "h2" | "h3" | "p", text) or a table


def name_of(indicator: str) -> str:
    """The indicator's name (a msgid) from the flows' ``indicators.toml``; its id if it is not there."""
    found = by_id().get(indicator)
    return found.name if found is not None else indicator


def _formatter(lang: str) -> tuple[Callable[[Figure], str], ...]:
    """(count, mean, points, share): a count of people, a mean of the 1-5 scale
    (two decimals), a mean of points (one decimal), a share (a whole percent);
    a marker or "–" as it is."""
    from babel.numbers import format_decimal, format_percent

    def shown(number: Callable[[float], str]) -> Callable[[Figure], str]:
        """``number`` for a figure that is a number; a marker as it is, None as "–"."""
        def one(value: Figure) -> str:
            if value is None:
                return "–"
            if isinstance(value, str):
                return value
            return number(value)
        return one

    count = shown(lambda value: format_decimal(value, locale=lang))
    mean = shown(lambda value: format_decimal(value, format="#,##0.00", locale=lang))
    points = shown(lambda value: format_decimal(value, format="#,##0.0", locale=lang))
    share = shown(lambda value: format_percent(value, locale=lang))
    return count, mean, points, share


def _signed(text: str, value: Figure) -> str:
    return f"+{text}" if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else text


def _bound(text: str, value: Figure) -> str:
    return f"±{text}" if isinstance(value, (int, float)) and not isinstance(value, bool) else ""


def _twice(value: Figure) -> Figure:
    return round(2 * value, 2) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def blocks(report: Report, lang: str) -> list[Block]:
    """The report as headings, paragraphs and `Table`s in the current language, with
    numbers and dates formatted for ``lang``: what the text and HTML formats write,
    and what the leader's report screen shows."""
    from ..i18n import _, fmt_date

    count, mean, points, share = _formatter(lang)
    guard = report.protection

    def day(value: date | None) -> str:
        return fmt_date(value, lang) if value is not None else "…"

    blocks: list[Block] = [("h1", _("Progression report"))]
    blocks.append(("p", _("Period: {first} to {last} ({quarters} whole quarters). Made on {today}.").format(
        first=day(report.first), last=day(report.last), quarters=guard.quarters, today=day(report.today))))
    if report.asked_first not in (None, report.first) or report.asked_last not in (None, report.last):
        blocks.append(("p", _("Asked for: {first} to {last}. A report always covers {quarters} whole quarters "
                              "that have ended: the year up to the end of the period asked for.").format(
            first=day(report.asked_first), last=day(report.asked_last), quarters=guard.quarters)))

    blocks.append(("h2", _("How no one is given away")))
    blocks.append(("p", _("No participant is named, and no one can be worked out from this report, nor by "
                          "comparing it with other reports: every figure has been changed a little, by an "
                          "amount that depends only on who is counted in it (the cell-key method of "
                          "statistics offices). The same people always give the same figures, so a "
                          "difference between two reports is never one person's answer.")))
    blocks.append(("p", _("How much a figure may be off: a count of people by up to {count}; a mean of the "
                          "1–5 scale by up to {rating} divided by its number of people, and a change by twice "
                          "that; a mean change of the summed score by up to {summed} points divided by its "
                          "number of people; the baseline SD by a share of itself of up to {sd} divided by "
                          "its number of people. The column \"±\" says how much each change may be off: "
                          "read a smaller difference as no difference.").format(
        count=guard.count_noise, rating=points(guard.rating_noise), summed=points(guard.summed_noise),
        sd=points(guard.sd_noise))))
    blocks.append(("p", _("\"{small}\": fewer than {group} people; for a part of a group (those who "
                          "improved, those with a gap, …) also none, as \"nobody\" says as much as \"one\". "
                          "\"{few}\": a share needs {share} people or more. \"–\": no one to count.").format(
        small=SUPPRESSED, group=guard.min_group, few=FEW_FOR_SHARE, share=guard.min_share)))
    blocks.append(("p", _("Participants with a reading in the period: {n}.").format(n=count(report.participants))))
    if report.unreadable_files:
        blocks.append(("p", _("Left out: {n} data files that could not be read.").format(
            n=count(report.unreadable_files))))
    if report.unreadable_readings:
        blocks.append(("p", _("Left out: {n} readings whose flow version is not kept.").format(
            n=count(report.unreadable_readings))))

    def too_few(n: Figure) -> list[Block]:
        """Why a side's figures are not there, in words."""
        if n == SUPPRESSED:
            return [("p", _("Fewer than {group} people have two readings of this side in the period: their "
                            "figures are not shown, so that no one can be worked out.").format(
                group=guard.min_group))]
        if n == 0:
            return [("p", _("No one has two readings of this side in the period."))]
        return []

    blocks.append(("h2", _("Distance travelled per indicator")))
    blocks.append(("p", _("First and latest reading of the same side in the period. Only people with two "
                          "readings or more count; \"I'd rather not answer\" is missing, not 0.")))
    blocks.append(("p", _("Left out (in the tables): people with no answer on the indicator in one of "
                          "their two readings.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(("p", _("Counted: {counted} with two readings or more. Left out: {fewer} with fewer "
                              "than two readings.").format(counted=count(s.counted),
                                                           fewer=count(s.fewer_than_two))))
        blocks += too_few(s.counted)
        blocks.append(Table(
            (_("Indicator"), _("People"), _("First"), _("Latest"), _("Change"), "±", _("Improved"), _("Same"),
             _("Worse"), _("Left out")),
            tuple((_(name_of(c.indicator)), count(c.n), mean(c.mean_first), mean(c.mean_latest),
                   _signed(mean(c.mean_change), c.mean_change), _bound(mean(_twice(c.bound)), c.bound),
                   share(c.improved), share(c.same), share(c.worse), count(c.no_answer))
                  for c in s.indicators)))

    blocks.append(("h2", _("Summed score and reliable change")))
    blocks.append(("p", _("The summed score adds up the indicators answered in both readings, scaled up to "
                          "all of the side's indicators; people with fewer than half of them answered in "
                          "both are left out. Reliable change (Jacobson–Truax) assumes a test–retest "
                          "reliability of {r}: BIP publishes none, so this is an assumption.").format(
        r=mean(report.reliability))))
    group_header = (_("Group"), _("People"), _("Mean change"), "±", _("Improved reliably"),
                    _("No reliable change"), _("Deteriorated reliably"))

    def group_rows(groups: Iterable[GroupChange], names: dict[str, str]) -> tuple[tuple[str, ...], ...]:
        return tuple((_(names[g.group]), count(g.n), _signed(points(g.mean_change), g.mean_change),
                      _bound(points(g.bound), g.bound), share(g.improved), share(g.no_change),
                      share(g.deteriorated)) for g in groups)

    all_names = {"all": N_("Everyone counted")}
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(("p", _("Counted: {n}. Left out: {few} with fewer than half of the indicators answered "
                              "in both readings. Test–retest reliability assumed: {r}; baseline SD (first "
                              "readings): {sd}; a change of more than {points} points is reliable.").format(
            n=count(s.summed), few=count(s.too_few_answered), r=mean(report.reliability),
            sd=points(s.baseline_sd), points=points(s.reliable_change))))
        blocks += too_few(s.summed)
        if s.total.improved == FEW_FOR_SHARE:
            blocks.append(("p", _("With fewer than {share} people, the shares of reliable change are not "
                                  "given: each would be a person or two.").format(share=guard.min_share)))
        blocks.append(Table(group_header, group_rows((s.total,), all_names)))

    blocks.append(("h2", _("Progression by intervention mix")))
    blocks.append(("p", _("The interventions active between each person's first and latest reading. In BIP, "
                          "combined interventions with a job-focused part moved people forward the most.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(Table(group_header, group_rows((*s.by_mix, s.total), {**MIX_NAMES, **all_names})))

    blocks.append(("h2", _("Progression by number of supervisor changes")))
    blocks.append(("p", _("Changes of supervisor between each person's first and latest reading.")))
    for s in report.sides:
        blocks.append(("h3", _(SIDE_NAMES[s.side])))
        blocks.append(Table(group_header, group_rows((*s.by_changes, s.total), {**CHANGE_NAMES, **all_names})))

    blocks.append(("h2", _("Interventions and follow-ups")))
    share_header = (_("Measure"), _("People"), _("Count"), _("Share"))
    blocks.append(Table(share_header, (
        (_("No active intervention from {first} to {last}").format(
            first=day(report.recent_from), last=day(report.recent_to)),
         count(report.no_intervention.n), count(report.no_intervention.count),
         share(report.no_intervention.share)),
        (_("Follow-up overdue on {today}").format(today=day(report.today)),
         count(report.overdue.n), count(report.overdue.count), share(report.overdue.share)),
    )))

    blocks.append(("h2", _("Gaps between the two ratings")))
    blocks.append(("p", _("The latest participant and supervisor readings in the period, {gap} steps or more "
                          "apart.").format(gap=GAP)))
    blocks.append(Table(
        (_("Indicator"), _("People with both ratings"), _("With a gap"), _("Share")),
        tuple((_(name_of(g.indicator)), count(g.n), count(g.count), share(g.share)) for g in report.gaps)))
    return blocks
