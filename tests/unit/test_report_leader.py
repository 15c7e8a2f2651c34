"""The leader role of supervisor accounts: stored, read, older documents
read as supervisors, and a leader has no caseload."""

from __future__ import annotations

import json

import pytest

from skapa_tui.domain.supervisor import ROLE_LEADER, ROLE_SUPERVISOR
from skapa_tui.storage import InvalidValue, Store
from skapa_tui.storage.supervisors import LeaderHasNoCaseload

PASSPHRASE = "the long passphrase"
PIN = "918273"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", PASSPHRASE)
    store.add_supervisor("lena", PASSPHRASE, "Lena", role=ROLE_LEADER)
    return store


def _doc(store: Store, supervisor_id: str) -> tuple:
    path = store._folder.supervisor_paths(supervisor_id)[0]
    tables = json.loads(path.read_text("utf-8"))
    return path, tables, tables["supervisor"]["1"]


def test_the_role_is_stored_and_read(store):
    assert _doc(store, "lena")[2]["role"] == ROLE_LEADER and _doc(store, "anna")[2]["role"] == ROLE_SUPERVISOR
    assert store.supervisor("lena").role == ROLE_LEADER and not store.supervisor("lena").has_caseload
    assert store.supervisor("anna").role == ROLE_SUPERVISOR and store.supervisor("anna").has_caseload
    assert {s.id: s.role for s in store.supervisors()} == {"anna": ROLE_SUPERVISOR, "lena": ROLE_LEADER}
    assert store.check_supervisor_login("lena", PASSPHRASE).role == ROLE_LEADER
    assert store.deactivate_supervisor("lena").role == ROLE_LEADER


def test_an_older_document_without_a_role_is_a_supervisor(store):
    path, tables, doc = _doc(store, "anna")
    del doc["role"]
    path.write_text(json.dumps(tables), encoding="utf-8")
    assert store.supervisor("anna").role == ROLE_SUPERVISOR
    store.add_participant("AB12", PIN, supervisor="anna")
    assert store.caseload("anna") == ["AB12"]


def test_an_unknown_role_is_refused_when_added_and_read_as_it_is(store):
    with pytest.raises(InvalidValue):
        store.add_supervisor("bo", PASSPHRASE, role="boss")
    assert "bo" not in [s.id for s in store.supervisors()]
    path, tables, doc = _doc(store, "anna")
    doc["role"] = "auditor"  # a role of a newer version
    path.write_text(json.dumps(tables), encoding="utf-8")
    assert store.supervisor("anna").role == "auditor" and not store.supervisor("anna").has_caseload


def test_a_leader_has_no_caseload(store):
    with pytest.raises(LeaderHasNoCaseload) as raised:
        store.add_participant("AB12", PIN, supervisor="lena")
    assert raised.value.fields == {"supervisor": "lena"}
    assert store.participant_codes() == []
    store.add_participant("AB12", PIN, supervisor="anna")
    with pytest.raises(LeaderHasNoCaseload):
        store.assign("AB12", "lena", by=None)
    with pytest.raises(LeaderHasNoCaseload):  # nor does a leader act on one
        store.assign("AB12", None, by="lena")
    assert store.history("AB12").supervisor == "anna"
    assert store.caseload("lena") == []
