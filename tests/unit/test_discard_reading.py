"""Store.discard_reading (issue 13, point 5): an unfinished reading with
answers leaves a record of its discard (who, when, how many answers; never
the answers), one without is just removed, a sent one is never discarded;
the record is read back, exported for the person, and a damaged one is named."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.reading import Answer, today
from skapa_tui.resources import flow_library
from skapa_tui.storage import DamagedData, ReadingSent, Store, UnknownReading
from skapa_tui.storage.export import participant_export

AT = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "a long passphrase")
    store.add_participant("AB12", "1234", supervisor="anna")
    return store


def begin(store: Store, role: str = SUPERVISOR, answers: int = 0):
    flow = flow_library().current("supervisor" if role == SUPERVISOR else "participant")
    reading = store.start_reading("AB12", flow=flow.id, flow_version=flow.version, role=role,
                                  rater="anna" if role == SUPERVISOR else None, entry="live" if role == SUPERVISOR
                                  else "kiosk", entered_by="anna" if role == SUPERVISOR else None,
                                  meeting_date=today(), lang="sv")
    for q in [q for q in flow.questions if q.rates][:answers]:
        store.save_answer("AB12", reading.id, Answer(q.id, q.indicator, 4, AT), q.id)
    return reading


def test_a_reading_without_answers_is_just_removed(store):
    reading = begin(store)
    assert store.discard_reading("AB12", reading.id, by="anna") is None
    history = store.history("AB12")
    assert history.readings == [] and history.discards == []


def test_a_reading_with_answers_leaves_a_record_without_the_answers(store):
    kept = begin(store, PARTICIPANT, answers=1)
    reading = begin(store, answers=3)
    found = store.discard_reading("AB12", reading.id, by="anna")
    assert (found.reading, found.role, found.entry, found.answers, found.by, found.meeting_date) == (
        reading.id, SUPERVISOR, "live", 3, "anna", today())
    history, tables = store.stored("AB12")
    assert [r.id for r in history.readings] == [kept.id]  # the other reading is untouched
    assert history.discards == [found]
    stored = json.dumps(tables["discards"])
    assert '"value"' not in stored and "answered_at" not in stored
    exported = participant_export(history, tables)["participant"]
    assert exported["discards"] == [{"reading": reading.id, "role": SUPERVISOR, "entry": "live",
                                     "meeting_date": today().isoformat(), "answers": 3, "by": "anna",
                                     "at": found.at.isoformat()}]
    assert "other_tables" not in exported


def test_a_sent_or_unknown_reading_is_never_discarded(store):
    reading = begin(store, answers=1)
    store.complete_reading("AB12", reading.id)
    with pytest.raises(ReadingSent):
        store.discard_reading("AB12", reading.id, by="anna")
    with pytest.raises(UnknownReading):
        store.discard_reading("AB12", "nope", by="anna")
    assert len(store.history("AB12").readings) == 1


def test_a_damaged_record_names_its_field(store):
    reading = begin(store, answers=1)
    store.discard_reading("AB12", reading.id, by="anna")
    path = store._participants.path_of("AB12")
    data = json.loads(path.read_text())
    data["discards"]["1"]["answers"] = "three"
    path.write_text(json.dumps(data))
    with pytest.raises(DamagedData) as caught:
        store.history("AB12")
    assert "discards.1.answers" in str(caught.value.fields)
