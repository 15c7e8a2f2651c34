"""A participant's history in a real data folder, for the progression tests.

Readings are typed in from paper (their meeting dates lie in the past),
answered on the shipped flows: ``values`` map indicator ids to 1-5 or None
("I'd rather not answer"); an indicator left out of ``values`` is never
answered.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from skapa_tui.domain.indicators import PARTICIPANT, asked_of
from skapa_tui.domain.reading import ENTRY_PAPER, Answer
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

CODE = "AB12"
SUPERVISOR_ID = "anna"
AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


def new_store(folder: Path, code: str = CODE) -> Store:
    store = Store(folder)
    store.add_supervisor(SUPERVISOR_ID, "a long passphrase")
    store.add_participant(code, "1234", supervisor=SUPERVISOR_ID)
    return store


def add_reading(store: Store, role: str, day: date, values: dict[str, int | None], *,
                code: str = CODE, lang: str = "sv") -> str:
    """A sent reading of ``role`` on the shipped flow, typed in from paper."""
    flow = flow_library().current(role)
    reading = store.start_reading(
        code, flow=flow.id, flow_version=flow.version, role=role,
        rater=None if role == PARTICIPANT else SUPERVISOR_ID, entry=ENTRY_PAPER,
        entered_by=SUPERVISOR_ID, meeting_date=day, lang=lang)
    for indicator, value in values.items():
        question = flow.rated_question(indicator)
        store.save_answer(code, reading.id, Answer(question.id, indicator, value, AT), None)
    store.complete_reading(code, reading.id)
    return reading.id


def every(role: str, value: int | None) -> dict[str, int | None]:
    """The same value for every indicator the form of ``role`` rates."""
    return {i.id: value for i in asked_of(role)}


def flow_for(reading):
    return flow_library().version(reading.flow, reading.flow_version)
