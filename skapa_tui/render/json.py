"""The report's numbers as JSON (`to_json`): markers as strings, dates ISO,
the figures as the protection rounded them (no more digits than the text
shows), with the `Protection` that was applied and each row's ``bound``.
Imports neither textual nor rich."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from ..logic.report import Report


def _number(value: Any, digits: int = 3) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    return value


def to_dict(report: Report) -> dict[str, Any]:
    """The numbers (markers as strings, dates ISO), for JSON."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, date):
            return value.isoformat()
        return _number(value, 4)

    return plain(asdict(report))


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
