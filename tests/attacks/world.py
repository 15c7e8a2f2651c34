"""The attacked folder: the demo (`skapa demo`) on a fixed day and with a fixed
key, then changed the way a real folder changes between two reports.

`build_world` makes the folder in ``root`` and returns its `State`s, one per
moment a reader could have asked for reports:

- ``demo``: the demo as `skapa_tui.tools.demo.build` makes it on the day ``day``;
- ``corrected``: then `CORRECTIONS` answers corrected at the desk (old value
  kept, new value given, as a supervisor does);
- ``erased``: then `ERASED` participants erased (`Store.erase_participant`).

A `State` holds the histories as the Store reads them (what the report is
made from) and, for the attacks, what the attacker is assumed to know and
what they try to find out:

- *known* (the worst case a leader could be in): who met when, on which
  side, whose readings were corrected, which answers are missing, the
  interventions and changes of supervisor, the follow-ups: `Person`,
  `Visit` without their values;
- *secret*: the values (`Visit.values`), which only the scoring reads.

Nothing here calls the report: `public` asks for the reports.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from unittest import mock

from skapa_tui import resources
from skapa_tui.domain import reading as reading_clock
from skapa_tui.domain.history import History
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, asked_of
from skapa_tui.storage import Store
from skapa_tui.tools import demo

SIDES = (PARTICIPANT, SUPERVISOR)
INDICATORS = {side: tuple(i.id for i in asked_of(side)) for side in SIDES}
DAYS = (date(2025, 11, 20), date(2026, 1, 8))
"""The days the demo is made on: one in the middle of a quarter, one just after a quarter ends."""
KEY = "5ca1ab1e" * 8
"""The folder key of the attacked folder: the same folder, and so the same report, every run."""
CORRECTIONS = (
    # (participant, side, which of their readings, indicator, new value = old + this, clamped to 1-5)
    ("DEMO1", SUPERVISOR, 1, "health", +2),
    ("DEMO3", PARTICIPANT, 0, "contact", -2),
    ("DEMO7", SUPERVISOR, -1, "job_search", +3),
    ("DEMO9", PARTICIPANT, 2, "cooperation", +2),
    ("DEMO14", SUPERVISOR, 0, "everyday_life", -3),
    ("DEMO16", PARTICIPANT, -1, "network_support", +2),
)
ERASED = ("DEMO11", "DEMO19")
"""Erased in the last state: one who dipped and one who slid down (see `skapa_tui.tools.demo.PROFILES`)."""


@dataclass(frozen=True)
class Visit:
    """One sent reading of one side: its day, which answers are missing (known),
    and its values (secret). ``version`` counts the corrections made to it so
    far: a corrected value is another unknown than the value before."""

    id: str
    day: date
    answered: frozenset[str]
    values: dict[str, int]
    versions: dict[str, int]

    def unknown(self, indicator: str) -> tuple[str, str, int]:
        """The attacker's name for this reading's value on ``indicator``."""
        return (self.id, indicator, self.versions.get(indicator, 0))


@dataclass
class Person:
    code: str
    history: History
    visits: dict[str, list[Visit]] = field(default_factory=dict)


@dataclass
class State:
    name: str
    day: date
    store: Store
    histories: list
    people: dict[str, Person]


def _people(histories: list, versions: dict[tuple[str, str], int]) -> dict[str, Person]:
    library = resources.flow_library()
    people: dict[str, Person] = {}
    for history in histories:
        if not isinstance(history, History):
            continue
        person = Person(history.code, history)
        for side in SIDES:
            visits = []
            for reading in history.sent(side):
                flow = library.version(reading.flow, reading.flow_version)
                values = {}
                for indicator in INDICATORS[side]:
                    question = flow.rated_question(indicator)
                    value = reading.value(question.id) if question else None
                    if type(value) is int and 1 <= value <= 5:
                        values[indicator] = value
                visits.append(Visit(reading.id, reading.meeting_date, frozenset(values), values,
                                    {i: versions.get((reading.id, i), 0) for i in values}))
            person.visits[side] = visits
        people[history.code] = person
    return people


def _snapshot(name: str, day: date, store: Store, versions: dict[tuple[str, str], int]) -> State:
    histories = list(store.read_all())
    return State(name, day, store, histories, _people(histories, versions))


def build_world(root: Path, day: date, key: str = KEY) -> list[State]:
    """The demo folder made on ``day`` in ``root`` (which must not exist), and its
    states. Everything the Store draws at random (the readings' ids, the PINs'
    salts) is drawn from ``key`` too, so the same key makes the very same folder,
    and the same reports, every run."""
    drawn = random.Random(key)
    with mock.patch("os.urandom", lambda n: drawn.randbytes(n)):
        return _build_world(root, day, key)


def _build_world(root: Path, day: date, key: str) -> list[State]:
    root.mkdir(mode=0o700, parents=True)
    meta = root / "skapa-data.json"
    meta.write_text(json.dumps({"format": 1, "key": key}), encoding="utf-8")
    os.chmod(meta, 0o600)
    store = Store(root)
    library = resources.flow_library()
    # The demo's story and the Store's checks both read the day from domain.reading.
    real_today = demo.today, reading_clock.today
    demo.today = reading_clock.today = lambda: day
    try:
        demo.build(store, library)
    finally:
        demo.today, reading_clock.today = real_today
    versions: dict[tuple[str, str], int] = {}
    states = [_snapshot("demo", day, store, versions)]

    people = states[0].people
    for code, side, which, indicator, step in CORRECTIONS:
        visit = people[code].visits[side][which]
        old = visit.values.get(indicator, 3)
        new = max(1, min(5, old + step))
        flow = library.version(*_flow_of(people[code].history, visit.id))
        item = flow.rated_question(indicator).id
        store.correct_answer(code, visit.id, item, new, by="demo", why="typed wrong")
        versions[(visit.id, indicator)] = versions.get((visit.id, indicator), 0) + 1
    states.append(_snapshot("corrected", day, store, versions))

    for code in ERASED:
        store.erase_participant(code, by="attack-suite")
    states.append(_snapshot("erased", day, store, versions))
    return states


def _flow_of(history: History, reading_id: str) -> tuple[str, int]:
    reading = next(r for r in history.readings if r.id == reading_id)
    return reading.flow, reading.flow_version
