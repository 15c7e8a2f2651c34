"""The report's numbers as tidy CSV rows (`to_csv`): section, group,
indicator, side, measure, value. Imports neither textual nor rich."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from ..logic.report import Report
from .json import _number

CSV_COLUMNS = ("section", "group", "indicator", "side", "measure", "value")


def csv_rows(report: Report) -> Iterable[tuple[str, str, str, str, str, Any]]:
    """Tidy rows: section, group, indicator, side, measure, value (ids, numbers, markers)."""
    yield "report", "", "", "", "reliability", report.reliability
    for name in ("asked_first", "asked_last", "first", "last", "today", "recent_from", "recent_to"):
        value = getattr(report, name)
        yield "report", "", "", "", name, value.isoformat() if value else ""
    for name, value in asdict(report.protection).items():
        yield "protection", "", "", "", name, value
    for name in ("participants", "unreadable_files", "unreadable_readings"):
        yield "people", "", "", "", name, getattr(report, name)
    for s in report.sides:
        for name in ("counted", "fewer_than_two", "summed", "too_few_answered"):
            yield "people", "", "", s.side, name, getattr(s, name)
        for c in s.indicators:
            for name in ("n", "no_answer", "mean_first", "mean_latest", "mean_change", "bound", "improved", "same",
                         "worse"):
                yield "distance", "", c.indicator, s.side, name, getattr(c, name)
        yield "reliable_change", "", "", s.side, "reliability", report.reliability
        yield "reliable_change", "", "", s.side, "baseline_sd", s.baseline_sd
        yield "reliable_change", "", "", s.side, "reliable_change", s.reliable_change
        for section, groups in (("all", (s.total,)), ("mix", s.by_mix), ("supervisor_changes", s.by_changes)):
            for g in groups:
                for name in ("n", "mean_change", "bound", "improved", "no_change", "deteriorated"):
                    yield section, g.group, "", s.side, name, getattr(g, name)
    for section, share in (("no_intervention", report.no_intervention), ("overdue", report.overdue)):
        for name in ("n", "count", "share"):
            yield section, "", "", "", name, getattr(share, name)
    for gap in report.gaps:
        for name in ("n", "count", "share"):
            yield "gaps", "", gap.indicator, "", name, getattr(gap, name)


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        value = row[5]
        writer.writerow((*row[:5], "" if value is None else _number(value, 4)))
    return out.getvalue()
