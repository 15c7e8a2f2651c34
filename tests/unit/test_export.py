"""Exports: the JSON and CSV shapes, every CSV table, no secrets, and damaged files."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from skapa_tui.domain.interventions import KINDS
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import DamagedData, Store, export_csv, export_json
from skapa_tui.storage.export import CSV_COLUMNS, CSV_TABLES

PASSPHRASE = "a long passphrase"
PINS = ("1234", "5678", "9012")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", PASSPHRASE, "Anna L")
    store.add_supervisor("bo", PASSPHRASE + "!")
    store.add_participant("CD34", PINS[0])
    store.add_participant("AB12", PINS[1], supervisor="anna")
    store.add_participant("EF56", PINS[2])  # no readings
    done = store.start_reading("AB12", flow="participant", flow_version=2, role="participant", rater=None,
                               entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", done.id, Answer("q_health", "health", 4, now()), "q_contact")
    store.save_answer("AB12", done.id, Answer("q_contact", "contact", None, now()), "q_ways")
    store.save_answer("AB12", done.id, Answer("q_ways", None, ("bus", "bike"), now()), "review")
    store.complete_reading("AB12", done.id)
    store.correct_answer("AB12", done.id, "q_health", 3, by="anna", why="read back wrong")
    store.start_reading("AB12", flow="supervisor", flow_version=1, role="supervisor", rater="anna",
                        entry="paper", entered_by="bo", meeting_date=today() - timedelta(days=7), lang="da")
    open_one = store.start_reading("CD34", flow="participant", flow_version=2, role="participant", rater=None,
                                   entry="kiosk", entered_by=None, meeting_date=today(), lang="da")
    store.save_answer("CD34", open_one.id, Answer("q_health", "health", 1, now()), None)
    store.assign("AB12", "bo", by="anna")
    kind = KINDS[0]
    one = store.add_intervention("AB12", kind=kind.id, group=kind.group, text=None, start=today(), end=None,
                                 responsible="Anna", by="anna")
    store.save_plan("AB12", goal="A job", next_follow_up=today() + timedelta(days=90), interventions=[one.id],
                    by="bo")
    return store


def exported(store: Store, **kwargs) -> dict:
    out = io.StringIO()
    assert export_json(store, out, **kwargs) == []
    return json.loads(out.getvalue())


def table(store: Store, name: str) -> list[dict]:
    out = io.StringIO()
    assert export_csv(store, out, table=name) == []
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_TABLES[name]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_json_export_shape(store: Store):
    data = exported(store)
    assert list(data) == ["format", "supervisors", "participants"] and data["format"] == 2
    assert data["supervisors"] == [
        {"id": "anna", "name": "Anna L", "active": True, "created_at": data["supervisors"][0]["created_at"]},
        {"id": "bo", "name": None, "active": True, "created_at": data["supervisors"][1]["created_at"]}]
    assert [p["code"] for p in data["participants"]] == ["AB12", "CD34", "EF56"]
    ab, cd, ef = data["participants"]
    assert set(ab) == {"code", "created_at", "supervisor", "follow_up", "readings", "assignments",
                       "interventions", "plans"}
    assert (ab["supervisor"], ef["supervisor"], ef["readings"]) == ("bo", None, [])
    assert ab["follow_up"] == (today() + timedelta(days=90)).isoformat()
    first, paper = ab["readings"]
    assert set(first) == {"id", "flow", "flow_version", "role", "rater", "entry", "entered_by", "meeting_date",
                          "lang", "started_at", "completed_at", "answers", "corrections"}
    assert (first["role"], first["rater"], first["entry"], first["entered_by"], first["flow_version"]) == (
        "participant", None, "kiosk", None, 2)
    assert [(a["item"], a["indicator"], a["value"]) for a in first["answers"]] == [
        ("q_health", "health", 4), ("q_contact", "contact", None), ("q_ways", None, ["bus", "bike"])]
    assert [(c["item"], c["old"], c["new"], c["by"], c["why"]) for c in first["corrections"]] == [
        ("q_health", 4, 3, "anna", "read back wrong")]
    assert (paper["rater"], paper["entry"], paper["entered_by"], paper["completed_at"]) == (
        "anna", "paper", "bo", None)
    assert paper["meeting_date"] == (today() - timedelta(days=7)).isoformat()
    assert [(a["previous"], a["supervisor"], a["by"]) for a in ab["assignments"]] == [
        (None, "anna", None), ("anna", "bo", "anna")]
    (intervention,) = ab["interventions"]
    (plan,) = ab["plans"]
    assert plan["interventions"] == [intervention["id"]] and plan["goal"] == "A job" and plan["made_by"] == "bo"
    for when in (first["started_at"], first["completed_at"], first["answers"][0]["answered_at"]):
        assert datetime.fromisoformat(when).utcoffset() is not None
    assert cd["readings"][0]["completed_at"] is None


def test_csv_answers(store: Store):
    assert CSV_COLUMNS == CSV_TABLES["answers"] == (
        "code", "reading", "role", "flow", "flow_version", "rater", "entry", "entered_by", "meeting_date",
        "lang", "started_at", "completed_at", "item", "indicator", "value", "status", "answered_at",
        "corrected")
    body = table(store, "answers")
    assert [(r["code"], r["item"], r["value"], r["status"], r["corrected"]) for r in body] == [
        ("AB12", "q_health", "3", "answered", "1"), ("AB12", "q_contact", "", "skipped", "0"),
        ("AB12", "q_ways", "bus;bike", "answered", "0"), ("CD34", "q_health", "1", "answered", "0")]
    assert body[0]["completed_at"] and body[3]["completed_at"] == ""
    assert body[0]["reading"] == store.history("AB12").readings[0].id
    assert (body[0]["entry"], body[0]["rater"], body[0]["meeting_date"]) == ("kiosk", "", today().isoformat())
    assert body[0]["flow_version"] == "2" and body[3]["lang"] == "da"
    datetime.fromisoformat(body[0]["answered_at"])
    out = io.StringIO()
    export_csv(store, out)  # answers by default
    assert out.getvalue().splitlines()[0] == ",".join(CSV_COLUMNS)


def test_csv_tables(store: Store):
    assert [(r["code"], r["supervisor"], r["follow_up"]) for r in table(store, "participants")] == [
        ("AB12", "bo", (today() + timedelta(days=90)).isoformat()), ("CD34", "", ""), ("EF56", "", "")]
    readings = table(store, "readings")
    assert [(r["code"], r["role"], r["entry"], r["answers"]) for r in readings] == [
        ("AB12", "participant", "kiosk", "3"), ("AB12", "supervisor", "paper", "0"),
        ("CD34", "participant", "kiosk", "1")]
    assert [(r["code"], r["item"], r["old"], r["new"], r["by"], r["why"]) for r in table(store, "corrections")] \
        == [("AB12", "q_health", "4", "3", "anna", "read back wrong")]
    assert [(r["code"], r["previous"], r["supervisor"], r["by"]) for r in table(store, "assignments")] == [
        ("AB12", "", "anna", ""), ("AB12", "anna", "bo", "anna")]
    (intervention,) = table(store, "interventions")
    assert (intervention["kind"], intervention["end"], intervention["responsible"]) == (KINDS[0].id, "", "Anna")
    (plan,) = table(store, "plans")
    assert plan["interventions"] == intervention["intervention"] and plan["goal"] == "A job"
    assert [(r["supervisor"], r["name"], r["active"]) for r in table(store, "supervisors")] == [
        ("anna", "Anna L", "true"), ("bo", "", "true")]


def secrets(store: Store) -> set[str]:
    found = {*PINS, PASSPHRASE}
    for path in [*store.participants_dir.glob("*.json"), *store.supervisors_dir.glob("*.json")]:
        for table in json.loads(path.read_text("utf-8")).values():
            for doc in table.values():
                for field in ("pin", "passphrase"):
                    if field in doc:
                        found.add(doc[field])
                        found.update(part for part in doc[field].split("$") if len(part) >= 16)
    return found


def test_no_secret_is_ever_exported(store: Store):
    found = secrets(store)
    assert len(found) > 2 * 5  # the hashes of 3 PINs and 2 passphrases, and their parts
    outputs = []
    out = io.StringIO()
    export_json(store, out)
    outputs.append(out.getvalue())
    for name in CSV_TABLES:
        out = io.StringIO()
        export_csv(store, out, table=name)
        outputs.append(out.getvalue())
    for text in outputs:
        assert "scrypt" not in text and "pin" not in text.lower() and "passphrase" not in text.lower()
        for secret in found:
            assert secret not in text


def test_empty_folder_exports(tmp_path: Path):
    store = Store(tmp_path / "data")
    assert exported(store) == {"format": 2, "supervisors": [], "participants": []}
    for name, columns in CSV_TABLES.items():
        out = io.StringIO()
        export_csv(store, out, table=name)
        assert out.getvalue().splitlines() == [",".join(columns)]


def _damage(store: Store, code: str) -> Path:
    path = store.path_of(code)
    path.write_bytes(b'{"participant": ')
    return path


@pytest.mark.parametrize("export", [export_json, export_csv])
def test_damaged_files_stop_the_export_before_anything_is_written(store: Store, export):
    supervisor_file = sorted(store.supervisors_dir.glob("*.json"))[0]
    supervisor_file.write_bytes(b"[]")
    damaged = sorted([_damage(store, "AB12"), _damage(store, "EF56"), supervisor_file])
    out = io.StringIO()
    with pytest.raises(DamagedData) as caught:
        export(store, out)
    assert sorted(caught.value.files) == damaged
    assert caught.value.fields["count"] == 3
    assert all(str(p) in caught.value.render() for p in damaged)
    assert out.getvalue() == ""
    assert all(p.read_bytes() in (b'{"participant": ', b"[]") for p in damaged)


def test_skip_damaged_exports_the_rest_and_names_the_damaged(store: Store):
    damaged = _damage(store, "AB12")
    out = io.StringIO()
    assert export_json(store, out, skip_damaged=True) == [damaged]
    assert [p["code"] for p in json.loads(out.getvalue())["participants"]] == ["CD34", "EF56"]
    out = io.StringIO()
    assert export_csv(store, out, skip_damaged=True) == [damaged]
    assert [row[0] for row in csv.reader(io.StringIO(out.getvalue()))][1:] == ["CD34"]


def test_a_file_missing_from_the_index_is_still_exported(store: Store):
    (store.root / "index.json").unlink()
    assert [p["code"] for p in exported(store)["participants"]] == ["AB12", "CD34", "EF56"]
