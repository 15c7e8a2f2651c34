"""Exports: the JSON and CSV shapes, and what happens with damaged files."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from skapa_tui.domain.session import Answer, now
from skapa_tui.storage import DamagedData, Store, export_csv, export_json
from skapa_tui.storage.export import CSV_COLUMNS


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_participant("CD34", "1234")
    store.add_participant("AB12", "1234")
    store.add_participant("EF56", "1234")  # no sessions
    done = store.start_session("AB12", role="participant", flow="participant", flow_version=2, lang="sv")
    store.save_answer("AB12", done.id, Answer("q_health", "health", 4, now()), "q_contact")
    store.save_answer("AB12", done.id, Answer("q_contact", "contact", None, now()), "review")
    store.complete_session("AB12", done.id)
    store.start_session("AB12", role="supervisor", flow="supervisor", flow_version=1, lang="da")
    open_one = store.start_session("CD34", role="participant", flow="participant", flow_version=2, lang="da")
    store.save_answer("CD34", open_one.id, Answer("q_health", "health", 1, now()), None)
    return store


def test_json_export_shape(store: Store):
    out = io.StringIO()
    assert export_json(store, out) == []
    data = json.loads(out.getvalue())
    assert list(data) == ["participants"]
    assert [p["code"] for p in data["participants"]] == ["AB12", "CD34", "EF56"]
    ab, cd, ef = data["participants"]
    assert ef["sessions"] == []
    first, supervisor = ab["sessions"]
    assert set(first) == {"id", "role", "flow", "flow_version", "lang", "started_at", "completed_at", "answers"}
    assert (first["role"], first["flow"], first["flow_version"], first["lang"]) == ("participant", "participant", 2, "sv")
    assert first["answers"] == [
        {"item": "q_health", "indicator": "health", "value": 4, "answered_at": first["answers"][0]["answered_at"]},
        {"item": "q_contact", "indicator": "contact", "value": None, "answered_at": first["answers"][1]["answered_at"]},
    ]
    for when in (first["started_at"], first["completed_at"], first["answers"][0]["answered_at"]):
        assert datetime.fromisoformat(when).utcoffset() is not None
    assert supervisor["completed_at"] is None and supervisor["answers"] == []
    assert cd["sessions"][0]["completed_at"] is None
    assert "pin" not in out.getvalue() and "scrypt" not in out.getvalue()


def test_csv_export_rows(store: Store):
    out = io.StringIO()
    assert export_csv(store, out) == []
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS == (
        "code", "session", "role", "flow", "flow_version", "lang", "started_at",
        "completed_at", "item", "indicator", "value", "answered_at")
    body = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [(r["code"], r["item"], r["value"]) for r in body] == [
        ("AB12", "q_health", "4"), ("AB12", "q_contact", ""), ("CD34", "q_health", "1")]
    assert body[0]["completed_at"] and body[2]["completed_at"] == ""
    assert body[0]["session"] == store.sessions("AB12")[0].id
    assert body[0]["flow_version"] == "2" and body[2]["lang"] == "da"
    datetime.fromisoformat(body[0]["answered_at"])


def test_empty_folder_exports(tmp_path: Path):
    store = Store(tmp_path / "data")
    out = io.StringIO()
    export_json(store, out)
    assert json.loads(out.getvalue()) == {"participants": []}
    out = io.StringIO()
    export_csv(store, out)
    assert out.getvalue().splitlines() == [",".join(CSV_COLUMNS)]


def _damage(store: Store, code: str) -> Path:
    path = store.path_of(code)
    path.write_bytes(b'{"participant": ')
    return path


@pytest.mark.parametrize("export", [export_json, export_csv])
def test_damaged_files_stop_the_export_before_anything_is_written(store: Store, export):
    damaged = sorted([_damage(store, "AB12"), _damage(store, "EF56")])
    out = io.StringIO()
    with pytest.raises(DamagedData) as caught:
        export(store, out)
    assert sorted(caught.value.files) == damaged
    assert caught.value.fields["count"] == 2
    assert all(str(p) in caught.value.render() for p in damaged)
    assert out.getvalue() == ""
    assert all(p.read_bytes() == b'{"participant": ' for p in damaged)


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
    out = io.StringIO()
    export_json(store, out)
    assert [p["code"] for p in json.loads(out.getvalue())["participants"]] == ["AB12", "CD34", "EF56"]
