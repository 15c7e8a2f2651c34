"""Small flow and guide files for tests, built as dicts and written as TOML.

The builders give a valid file of each kind (a flow with one scale question
for each indicator its role rates, a guide with questions for every
indicator); a test breaks one thing and writes it to its tmp folder.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from skapa_tui.domain.flow import MESSAGE_KEYS
from skapa_tui.domain.guide import GUIDE_MESSAGE_KEYS
from skapa_tui.domain.indicators import PARTICIPANT, all_indicators, asked_of

INDICATORS = tuple(all_indicators())
"""The indicators of the flows in use (``flows/indicators.toml``)."""

DAY = date(2026, 11, 23)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items() if v is not None) + " }"
    raise TypeError(value)


def dumps(data: dict[str, Any]) -> str:
    """TOML for a flow or guide dict: scalars, then tables, then arrays of tables."""
    lines: list[str] = []
    tables, arrays = [], []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        elif key in ("changelog", "steps") and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            arrays.append((key, value))
        else:
            lines.append(f"{key} = {_value(value)}")
    for key, table in tables:
        lines.append(f"[{key}]")
        lines += [f"{k} = {_value(v)}" for k, v in table.items() if v is not None]
    for key, items in arrays:
        for item in items:
            lines.append(f"[[{key}]]")
            lines += [f"{k} = {_value(v)}" for k, v in item.items() if v is not None]
    return "\n".join(lines) + "\n"


def write(folder: Path, data: dict[str, Any] | str, name: str = "tiny.toml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else dumps(data), encoding="utf-8")
    return path


def changelog(version: int) -> list[dict[str, Any]]:
    return [{"version": v, "date": DAY, "note": f"Version {v}."} for v in range(version, 0, -1)]


def scale_question(indicator: str, item: str | None = None) -> dict[str, Any]:
    return {"type": "question", "id": item or f"q_{indicator}", "indicator": indicator,
            "text": f"How is your {indicator}?",
            "anchors": [{"value": v, "text": f"{indicator} at {v}."} for v in range(1, 6)]}


def choice_question(indicator: str, answer: str = "single", item: str | None = None,
                    options: int = 3) -> dict[str, Any]:
    item = item or f"{answer}_{indicator}"
    return {"type": "question", "id": item, "indicator": indicator, "answer": answer,
            "text": f"Which of these about {indicator}?",
            "options": [{"id": f"opt_{n}", "text": f"{item} option {n}.",
                         "note": f"{item} note {n}." if n == 0 else None} for n in range(options)]}


def flow_data(*, flow_id: str = "tiny", version: int = 1, fmt: int = 2, role: str = PARTICIPANT,
              topics: bool = True, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A valid flow of ``fmt``: one scale question for each indicator ``role`` rates
    (a topic before every fourth), then the ``extra`` questions."""
    steps: list[dict[str, Any]] = []
    for n, indicator in enumerate(asked_of(role)):
        if topics and n % 4 == 0:
            steps.append({"type": "topic", "id": f"topic_{n}", "text": f"Topic {n}."})
        steps.append(scale_question(indicator.id))
    steps += extra or []
    return {"format": fmt, "id": flow_id, "version": version, "role": role,
            "changelog": changelog(version),
            "messages": {name: f"The {name} message of {flow_id} v{version}." for name in MESSAGE_KEYS},
            "steps": steps}


def guide_data(*, guide_id: str = "conversation", version: int = 1) -> dict[str, Any]:
    """A valid conversation guide: two questions for the first indicator, one for the others."""
    questions = {i.id: [f"What helps you with {i.id}?"] for i in INDICATORS}
    questions[INDICATORS[0].id].append(f"When did {INDICATORS[0].id} go well?")
    return {"format": 1, "id": guide_id, "version": version, "changelog": changelog(version),
            "messages": {name: f"The {name} hint." for name in GUIDE_MESSAGE_KEYS},
            "questions": questions}
