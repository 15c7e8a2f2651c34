"""Stored documents across versions: files of the first format are read and
upgraded by their next write; documents of a newer skapa are read, and what
this version does not know is kept."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import DamagedData, Store, pins

PIN = "1234"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "a long passphrase")
    return store


def write_old_file(store: Store, code: str = "AB12") -> Path:
    """A participant file exactly as the first format wrote it, and its index entry."""
    path = store.path_of(code)
    # 23:30 UTC on 1 March: the local date depends on where the program runs.
    started = "2024-03-01T23:30:00+00:00"
    tables = {
        "participant": {"1": {"format": 1, "code": code, "pin": pins.hash_pin(PIN),
                              "created_at": "2024-02-01T10:00:00+00:00"}},
        "sessions": {
            "1": {"id": "a1b2c3d4e5f60708", "role": "participant", "flow": "participant", "flow_version": 1,
                  "lang": "sv", "started_at": started, "completed_at": "2024-03-01T23:45:00+00:00",
                  "position": None,
                  "answers": [{"item": "q1", "indicator": "health", "value": 4,
                               "answered_at": "2024-03-01T23:31:00+00:00"},
                              {"item": "q2", "indicator": "contact", "value": None,
                               "answered_at": "2024-03-01T23:32:00+00:00"}]},
            "2": {"id": "0807060504030201", "role": "participant", "flow": "participant", "flow_version": 1,
                  "lang": "da", "started_at": "2024-06-01T09:00:00+00:00", "completed_at": None,
                  "position": "q2",
                  "answers": [{"item": "q1", "indicator": "health", "value": 2,
                               "answered_at": "2024-06-01T09:01:00+00:00"}]},
        },
    }
    path.write_text(json.dumps(tables), "utf-8")
    (store.root / "index.json").write_text(json.dumps({"format": 1, "participants": {path.stem: code}}), "utf-8")
    return path


@pytest.fixture
def in_stockholm(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_old_file_is_read_as_kiosk_readings(store: Store, in_stockholm):
    path = write_old_file(store)
    before = path.read_bytes()
    history = store.history("AB12")
    first, second = history.readings
    local_day = datetime.fromisoformat("2024-03-01T23:30:00+00:00").astimezone().date()
    assert local_day == date(2024, 3, 2)  # the meeting's local date, not UTC's
    assert (first.rater, first.entry, first.entered_by, first.meeting_date) == (None, "kiosk", None, local_day)
    assert first.answers["q1"].value == 4 and first.answers["q2"].value is None and first.finished
    assert second.position == "q2" and not second.finished
    assert history.assignments == [] and history.plans == [] and history.supervisor is None
    assert store.check_login("AB12", PIN) == "AB12"
    assert store.participant_codes() == ["AB12"] and store.needing_supervisor() == ["AB12"]
    assert store.open_reading("AB12", flow="participant", role="participant").id == second.id
    assert path.read_bytes() == before  # reading never writes


def test_an_old_file_is_upgraded_by_its_next_write(store: Store):
    path = write_old_file(store)
    old = json.loads(path.read_text("utf-8"))
    old["sessions"]["2"]["kept"] = "a field of its own"
    path.write_text(json.dumps(old), "utf-8")
    store.save_answer("AB12", "0807060504030201", Answer("q2", "contact", 5, now()), "review")
    data = json.loads(path.read_text("utf-8"))
    assert "sessions" not in data
    assert data["participant"]["1"]["format"] == 2
    assert set(data["readings"]) == {"1", "2"}
    for doc in data["readings"].values():
        assert doc["format"] == 2 and doc["entry"] == "kiosk" and doc["rater"] is None
        assert doc["entered_by"] is None and len(doc["meeting_date"]) == 10
    assert data["readings"]["2"]["kept"] == "a field of its own"
    assert [a["value"] for a in data["readings"]["2"]["answers"]] == [2, 5]
    assert data["readings"]["1"] == {**old["sessions"]["1"], "format": 2, "rater": None, "entry": "kiosk",
                                     "entered_by": None, "meeting_date": data["readings"]["1"]["meeting_date"]}
    assert store.history("AB12").readings[1].answers["q2"].value == 5


def test_a_damaged_old_file_is_not_upgraded(store: Store):
    path = write_old_file(store)
    data = json.loads(path.read_text("utf-8"))
    data["sessions"]["1"]["started_at"] = "yesterday"
    path.write_text(json.dumps(data), "utf-8")
    before = path.read_bytes()
    for call in (lambda: store.history("AB12"), lambda: store.assign("AB12", "anna", by=None),
                 lambda: store.change_pin("AB12", "9999")):
        with pytest.raises(DamagedData):
            call()
    assert path.read_bytes() == before


def newer(store: Store) -> Path:
    """A file as a newer skapa could write it: format 3, fields and a table this version does not know."""
    store.add_participant("AB12", PIN, supervisor="anna")
    reading = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", reading.id, Answer("q1", "health", 3, now()), None)
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    data["participant"]["1"].update(format=3, nickname_hash="xyz")
    (doc,) = data["readings"].values()
    doc.update(format=3, mood="sunny", role="peer", entry="video")
    doc["answers"][0]["confidence"] = 0.8
    data["assignments"]["1"].update(format=3, reason="moved")
    data["goals"] = {"1": {"format": 1, "text": "a new table"}}
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_newer_document_is_read_and_its_unknown_fields_kept(store: Store):
    path = newer(store)
    (reading,) = store.history("AB12").readings
    assert (reading.role, reading.entry, reading.answers["q1"].value) == ("peer", "video", 3)
    store.save_position("AB12", reading.id, "q2")
    store.assign("AB12", None, by="anna")
    store.change_pin("AB12", "9876")
    data = json.loads(path.read_text("utf-8"))
    assert data["participant"]["1"]["format"] == 3 and data["participant"]["1"]["nickname_hash"] == "xyz"
    (doc,) = data["readings"].values()
    assert doc["format"] == 3 and doc["mood"] == "sunny" and doc["position"] == "q2"
    assert doc["answers"][0]["confidence"] == 0.8
    assert data["assignments"]["1"]["reason"] == "moved" and data["assignments"]["2"]["format"] == 2
    assert data["goals"] == {"1": {"format": 1, "text": "a new table"}}
    assert store.damaged_files() == []


@pytest.mark.parametrize("table,field", [("readings", "meeting_date"), ("readings", "entry"),
                                         ("assignments", "on"), ("participant", "pin")])
def test_a_newer_document_without_a_needed_field_is_damaged(store: Store, table, field):
    path = newer(store)
    data = json.loads(path.read_text("utf-8"))
    del next(iter(data[table].values()))[field]
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedData) as caught:
        store.history("AB12")
    assert field in caught.value.fields["reason"]
    assert store.damaged_files() == [path]


def test_every_stored_document_has_a_format(store: Store):
    from skapa_tui.domain.interventions import KINDS
    from skapa_tui.storage.documents import PARTICIPANT_TABLES

    store.add_participant("AB12", PIN, supervisor="anna")
    reading = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", reading.id, Answer("q1", "health", 3, now()), None)
    store.complete_reading("AB12", reading.id)
    store.correct_answer("AB12", reading.id, "q1", 4, by="anna", why="typo")
    kind = KINDS[0]
    one = store.add_intervention("AB12", kind=kind.id, group=kind.group, text=None, start=today(), end=None,
                                 responsible="Anna", by="anna")
    store.save_plan("AB12", goal="A job", next_follow_up=None, interventions=[one.id], by="anna")
    store.save_note("AB12", today(), "We talked", by="anna")
    store.record_access("AB12", by="anna", by_kind="supervisor", what="page")
    data = json.loads(store.path_of("AB12").read_text("utf-8"))
    assert set(data) == set(PARTICIPANT_TABLES)
    assert all(len(table) == 1 for table in data.values())
    for table in data.values():
        for doc in table.values():
            assert doc["format"] == 2
    (supervisor,) = (json.loads(p.read_text("utf-8")) for p in store.supervisors_dir.glob("*.json"))
    assert supervisor["supervisor"]["1"]["format"] == 2


def test_a_document_without_a_format_is_damaged(store: Store):
    store.add_participant("AB12", PIN, supervisor="anna")
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    del data["assignments"]["1"]["format"]
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedData):
        store.history("AB12")
