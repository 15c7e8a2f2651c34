"""Erasing a participant: everything about them goes, a record without
personal data stays, the others, the index and the report's reads are intact,
and a kiosk writing at the same time cannot bring them back."""

from __future__ import annotations

import io
import json
import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from skapa_tui.domain.interventions import KINDS
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import (
    DamagedData,
    InactiveSupervisor,
    InvalidValue,
    Store,
    UnknownParticipant,
    UnknownSupervisor,
    export_json,
)
from skapa_tui.storage.folder import ERASURES_FILE, INDEX_FILE, Folder

PASSPHRASE = "a long passphrase"
CODES = ("AB12", "CD34", "EF56")


def kiosk_reading(store: Store, code: str, value: int = 3):
    reading = store.start_reading(code, flow="participant", flow_version=2, role="participant", rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer(code, reading.id, Answer("q_health", "health", value, now()), "q_contact")
    return reading


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", PASSPHRASE)
    for n, code in enumerate(CODES):
        store.add_participant(code, f"{1234 + n}", supervisor="anna")
        done = kiosk_reading(store, code, 1 + n)
        store.complete_reading(code, done.id)
    kind = KINDS[0]
    one = store.add_intervention("CD34", kind=kind.id, group=kind.group, text=None, start=today(), end=None,
                                 responsible="Anna", by="anna")
    store.save_plan("CD34", goal="A job", next_follow_up=today() + timedelta(days=90), interventions=[one.id],
                    by="anna")
    return store


def everything(store: Store) -> dict:
    out = io.StringIO()
    export_json(store, out)
    return json.loads(out.getvalue())


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_erase_removes_the_person_and_leaves_the_rest_as_it_was(store: Store):
    before = everything(store)
    root = store.root
    path = store.path_of("CD34")
    name = path.stem
    stale_temp = path.with_name(f".tmp-{path.name}-0123456789ab")
    stale_temp.write_bytes(path.read_bytes())  # left by a crash: it holds their data too
    untouched = {k: v for k, v in files(root).items() if name not in k and k != INDEX_FILE}

    record = store.erase_participant("cd34", by="admin")

    assert not path.exists() and not path.with_suffix(".lock").exists() and not stale_temp.exists()
    assert not any(name in p.name for p in root.rglob("*"))
    after = files(root)
    for key, content in untouched.items():
        assert after[key] == content, key  # the others, the supervisors, the key: byte-identical
    assert set(after) == set(untouched) | {INDEX_FILE, ERASURES_FILE}
    # The export is the one before without them; the index lists the others and matches the files.
    assert everything(store) == {**before, "participants": [p for p in before["participants"]
                                                             if p["code"] != "CD34"]}
    folder = Folder(root)
    index = folder.read_index()
    assert sorted(e.code for e in index.values()) == ["AB12", "EF56"]
    assert set(index) == folder.file_names(folder.participants_dir)
    assert store.participant_codes() == ["AB12", "EF56"] and store.caseload("anna") == ["AB12", "EF56"]
    assert [h.code for h in store.read_all()] == ["AB12", "EF56"]  # what the report reads
    assert "CD34" not in after[INDEX_FILE].decode()
    # The record says when and by whom, nothing about the person.
    assert set(record) == {"at", "by", "by_kind"} and (record["by"], record["by_kind"]) == ("admin", "user")
    assert store.erasures() == [record]
    stored = after[ERASURES_FILE].decode()
    assert json.loads(stored) == {"format": 1, "erasures": [record]}
    assert "CD34" not in stored.upper() and name not in stored


def test_the_code_goes_from_the_error_logs_too(store: Store):
    """A kiosk or desk error's message may have named the participant: after
    the erasure their code is nowhere in the logs, the other codes are, and
    the logs stay private."""
    from skapa_tui.storage.error_log import ERASED, append_error, kiosk_error_log

    kiosk = kiosk_error_log(store.root)
    desk = kiosk.with_name("supervisor-errors.log")
    append_error(kiosk, RuntimeError("saving the answer of cd34 failed; AB12 was fine"), version="test")
    append_error(desk, KeyError("CD34"), version="test")
    older = kiosk.with_name(f"{kiosk.name}.1")
    older.write_bytes(b"an older entry about CD34 and CD345\n")
    older.chmod(0o600)

    store.erase_participant("CD34", by="admin")

    for log in (kiosk, desk, older):
        text = log.read_text()
        assert "CD34" not in text.upper().replace("CD345", ""), log
        assert ERASED in text and (log.stat().st_mode & 0o777) == 0o600
    assert "AB12 was fine" in kiosk.read_text()  # the rest of each entry stays
    assert "CD345" in older.read_text()  # another code that starts the same is not theirs


def test_erasures_are_appended_and_a_supervisor_can_erase(store: Store):
    first = store.erase_participant("AB12", by="anna", by_supervisor=True)
    second = store.erase_participant("EF56", by="admin")
    assert (first["by"], first["by_kind"]) == ("anna", "supervisor")
    assert store.erasures() == [first, second]
    assert store.participant_codes() == ["CD34"]
    stored = (store.root / ERASURES_FILE).read_text("utf-8")
    assert "AB12" not in stored and "EF56" not in stored


def test_who_erases_is_checked_before_anything_goes(store: Store):
    store.add_supervisor("bo", PASSPHRASE)
    store.deactivate_supervisor("bo")
    with pytest.raises(UnknownSupervisor):
        store.erase_participant("AB12", by="nobody", by_supervisor=True)
    with pytest.raises(InactiveSupervisor):
        store.erase_participant("AB12", by="bo", by_supervisor=True)
    for by in ("", "  ", "a\nb", "x" * 101):
        with pytest.raises(InvalidValue):
            store.erase_participant("AB12", by=by)
    with pytest.raises(UnknownParticipant):
        store.erase_participant("ZZ99", by="admin")
    assert store.participant_codes() == list(CODES) and store.erasures() == []


def test_a_damaged_file_is_erased_too(store: Store):
    path = store.path_of("AB12")
    path.write_text("{ not json", encoding="utf-8")
    store.erase_participant("AB12", by="admin")
    assert not path.exists()
    assert store.damaged_files() == [] and store.participant_codes() == ["CD34", "EF56"]


def test_a_damaged_erasure_record_stops_the_erasure(store: Store):
    (store.root / ERASURES_FILE).write_text("[1, 2", encoding="utf-8")
    with pytest.raises(DamagedData):
        store.erase_participant("AB12", by="admin")
    assert store.path_of("AB12").exists() and store.participant_codes() == list(CODES)
    assert (store.root / ERASURES_FILE).read_text("utf-8") == "[1, 2"


def test_copies_of_the_index_that_name_them_go_too(store: Store):
    index = (store.root / INDEX_FILE).read_bytes()
    naming = store.root / f"{INDEX_FILE}.damaged-20250101T000000"
    naming.write_bytes(index[:-5])  # kept aside once: it names every participant
    crashed = store.root / f".tmp-{INDEX_FILE}-0123456789ab"
    crashed.write_bytes(index)
    other = store.root / f"{INDEX_FILE}.damaged-20250102T000000"
    other.write_bytes(b'{"participants": {"x": "ZZ99"')
    store.erase_participant("AB12", by="admin")
    assert not naming.exists() and not crashed.exists()
    assert other.read_bytes() == b'{"participants": {"x": "ZZ99"'


def test_the_kiosk_cannot_bring_them_back(store: Store):
    open_one = kiosk_reading(store, "AB12")
    path = store.path_of("AB12")
    store.erase_participant("AB12", by="admin")
    with pytest.raises(UnknownParticipant):
        store.save_answer("AB12", open_one.id, Answer("q_contact", "contact", 2, now()), None)
    with pytest.raises(UnknownParticipant):
        store.save_position("AB12", open_one.id, "q_contact")
    with pytest.raises(UnknownParticipant):
        store.complete_reading("AB12", open_one.id)
    assert store.check_login("AB12", "1234") is None
    assert not path.exists() and not path.with_suffix(".lock").exists()
    assert store.participant_codes() == ["CD34", "EF56"]
    # The code can be given to someone new, who starts with nothing.
    store.add_participant("AB12", "9999")
    assert store.readings("AB12") == []


@pytest.mark.parametrize("attempt", range(5))
def test_a_kiosk_waiting_on_the_lock_during_the_erasure(store: Store, attempt: int):
    open_one = kiosk_reading(store, "AB12")
    path = store.path_of("AB12")
    lock = path.with_suffix(".lock")
    outcome: dict[str, object] = {}

    def erase() -> None:
        outcome["erased"] = store.erase_participant("AB12", by="admin")

    def kiosk() -> None:
        try:
            store.save_answer("AB12", open_one.id, Answer("q_contact", "contact", 2, now()), None)
            outcome["kiosk"] = "saved"
        except UnknownParticipant:
            outcome["kiosk"] = "unknown"

    folder = Folder(store.root)
    with folder.participant_lock(lock):  # the erasure and the kiosk both wait on it
        threads = [threading.Thread(target=erase), threading.Thread(target=kiosk)]
        if attempt % 2:
            threads.reverse()
        for thread in threads:
            thread.start()
            time.sleep(0.05)
        assert all(t.is_alive() for t in threads)
    for thread in threads:
        thread.join(10)
        assert not thread.is_alive()
    assert outcome["kiosk"] in ("saved", "unknown") and "erased" in outcome
    assert not path.exists() and not lock.exists()
    assert not any(path.stem in p for p in os.listdir(store.participants_dir))
    assert store.participant_codes() == ["CD34", "EF56"]
    with pytest.raises(UnknownParticipant):
        store.history("AB12")
