"""Access follows the caseload: the access record, the supervisors' own notes,
take-over only of a participant who waits, hand-over only to active
supervisors, a supervisor's contact line, and the week's follow-ups."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest

from skapa_tui.domain.access import ACCESS_KINDS, BY_SUPERVISOR, BY_USER, CONVERSATION, NOTE_MAX, PAGE
from skapa_tui.domain.reading import today
from skapa_tui.domain.supervisor import CONTACT_MAX, ROLE_LEADER
from skapa_tui.logic.caseload import CaseloadRow, due_rows, week_end
from skapa_tui.logic.desk import Desk, NotInCaseload
from skapa_tui.resources import flow_library
from skapa_tui.storage import (
    DamagedData,
    InactiveSupervisor,
    InvalidSupervisorId,
    InvalidValue,
    NotWaiting,
    Store,
    UnknownParticipant,
)
from skapa_tui.storage.export import export_json, export_participant
from skapa_tui.storage.supervisors import LeaderHasNoCaseload

ME, COLLEAGUE, LEADER = "anna", "bertil", "lena"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor(ME, "a long passphrase", "Anna Lind")
    store.add_supervisor(COLLEAGUE, "a long passphrase", "Bertil Ek")
    store.add_supervisor(LEADER, "a long passphrase", role=ROLE_LEADER)
    store.add_participant("MINE-1", "1234", supervisor=ME)
    store.add_participant("THEIRS-1", "1234", supervisor=COLLEAGUE)
    store.add_participant("NOBODYS-1", "1234")
    return store


def desk(store: Store, who: str = ME) -> Desk:
    return Desk(store, store.supervisor(who), flow_library(), None)


def stored_tables(store: Store, code: str) -> dict:
    return json.loads(store.path_of(code).read_text("utf-8"))


# -- the access record ----------------------------------------------------------------

def test_an_opening_is_kept_with_who_when_and_what_and_nothing_more(store):
    before = today()
    desk(store).looked_at("mine-1", PAGE)
    desk(store).looked_at("MINE-1", CONVERSATION)
    store.record_access("MINE-1", by="root", by_kind=BY_USER, what="export")
    entries = store.access_record("MINE-1")
    assert [(e.by, e.by_kind, e.what) for e in entries] == [
        (ME, BY_SUPERVISOR, PAGE), (ME, BY_SUPERVISOR, CONVERSATION), ("root", BY_USER, "export")]
    assert all(e.at.tzinfo is not None and e.at.date() >= before - timedelta(days=1) for e in entries)
    stored = stored_tables(store, "MINE-1")["access"]
    assert {frozenset(doc) for doc in stored.values()} == {frozenset({"format", "by", "by_kind", "at", "what"})}


def test_only_known_kinds_and_who_is_said(store):
    with pytest.raises(InvalidValue):
        store.record_access("MINE-1", by=ME, by_kind=BY_SUPERVISOR, what="ratings")
    with pytest.raises(InvalidValue):
        store.record_access("MINE-1", by=ME, by_kind="robot", what=PAGE)
    with pytest.raises(InvalidValue):
        store.record_access("MINE-1", by="two\nlines", by_kind=BY_USER, what=PAGE)
    with pytest.raises(UnknownParticipant):
        store.record_access("ZZ99", by=ME, by_kind=BY_SUPERVISOR, what=PAGE)
    assert store.access_record("MINE-1") == []
    assert set(ACCESS_KINDS) == {"page", "forms", "conversation", "progression", "summary", "export"}


def test_a_colleagues_participant_is_not_opened_and_nothing_is_kept(store):
    with pytest.raises(NotInCaseload):
        desk(store).looked_at("THEIRS-1", PAGE)
    assert store.access_record("THEIRS-1") == []


def test_a_newer_skapas_entries_are_read_as_they_are_and_kept(store):
    path = store.path_of("MINE-1")
    tables = stored_tables(store, "MINE-1")
    tables["access"] = {"1": {"format": 9, "by": ME, "by_kind": "api", "at": "2026-01-02T09:00:00+00:00",
                              "what": "voice_call", "device": "tablet-3"}}
    path.write_text(json.dumps(tables), encoding="utf-8")
    desk(store).looked_at("MINE-1", PAGE)
    first, second = store.access_record("MINE-1")
    assert (first.by_kind, first.what) == ("api", "voice_call") and second.what == PAGE
    assert stored_tables(store, "MINE-1")["access"]["1"]["device"] == "tablet-3"  # kept on the next write


def test_a_damaged_entry_is_named_but_the_history_and_the_report_still_read(store):
    path = store.path_of("MINE-1")
    tables = stored_tables(store, "MINE-1")
    tables["access"] = {"1": {"format": 2, "by": ME, "by_kind": BY_SUPERVISOR, "what": PAGE}}  # no time
    path.write_text(json.dumps(tables), encoding="utf-8")
    with pytest.raises(DamagedData, match="access.1.at"):
        store.access_record("MINE-1")
    assert store.history("MINE-1").code == "MINE-1"


def test_the_export_of_everyone_and_the_report_never_carry_it(store, tmp_path):
    from skapa_tui import cli

    store.record_access("MINE-1", by="auditor-x", by_kind=BY_USER, what="export")
    store.save_note("MINE-1", today(), "Private words about the meeting", by=ME)
    out = io.StringIO()
    export_json(store, out)
    assert "auditor-x" not in out.getvalue() and "Private words" not in out.getvalue()
    report = tmp_path / "report.json"
    assert cli.main(["report", "--format", "json", "--out", str(report), "--data", str(store.root)]) == 0
    text = report.read_text("utf-8")
    assert "auditor-x" not in text and "Private words" not in text and '"access"' not in text


def test_the_participants_own_export_carries_it_and_their_notes(store):
    desk(store).looked_at("MINE-1", PAGE)
    store.record_access("MINE-1", by="root", by_kind=BY_USER, what="export")
    store.save_note("MINE-1", today(), "Talked about the course", by=ME)
    out = io.StringIO()
    export_participant(store, "MINE-1", out)
    person = json.loads(out.getvalue())
    assert [(a["by"], a["by_kind"], a["what"]) for a in person["participant"]["access"]] == [
        (ME, BY_SUPERVISOR, PAGE), ("root", BY_USER, "export")]
    assert [(n["by"], n["text"]) for n in person["participant"]["notes"]] == [(ME, "Talked about the course")]
    assert "root" not in person["supervisor_ids"]
    assert "other_tables" not in person["participant"]


def test_erased_with_the_participant(store):
    desk(store).looked_at("MINE-1", PAGE)
    store.save_note("MINE-1", today(), "A note", by=ME)
    store.erase_participant("MINE-1", by="root")
    with pytest.raises(UnknownParticipant):
        store.access_record("MINE-1")
    for path in store.root.rglob("*"):
        if path.is_file():
            assert b"A note" not in path.read_bytes()


# -- the supervisors' own notes ---------------------------------------------------------

def test_one_note_per_meeting_and_supervisor_replaced_and_removed(store):
    day = today()
    store.save_note("MINE-1", day, "  First   words ", by=ME)
    store.save_note("MINE-1", day, "Second words", by=ME)
    store.save_note("MINE-1", day - timedelta(days=90), "Earlier meeting", by=ME)
    assert [(n.meeting_date, n.text) for n in store.notes("MINE-1")] == [
        (day - timedelta(days=90), "Earlier meeting"), (day, "Second words")]
    assert store.save_note("MINE-1", day, "", by=ME) is None
    assert [n.text for n in store.notes("MINE-1")] == ["Earlier meeting"]


def test_a_note_is_short_dated_by_a_past_meeting_and_by_an_active_supervisor(store):
    with pytest.raises(InvalidValue):
        store.save_note("MINE-1", today(), "x" * (NOTE_MAX + 1), by=ME)
    with pytest.raises(InvalidValue):
        store.save_note("MINE-1", today() + timedelta(days=1), "Tomorrow", by=ME)
    with pytest.raises(LeaderHasNoCaseload):
        store.save_note("MINE-1", today(), "A leader's", by=LEADER)
    store.deactivate_supervisor(COLLEAGUE)
    with pytest.raises(InactiveSupervisor):
        store.save_note("MINE-1", today(), "Gone", by=COLLEAGUE)
    assert store.notes("MINE-1") == []


def test_the_desk_shows_only_my_own_notes(store):
    store.save_note("MINE-1", today() - timedelta(days=200), "Bertil's note, from before", by=COLLEAGUE)
    desk(store).save_note("MINE-1", today(), "Mine")
    assert [n.text for n in desk(store).notes("MINE-1")] == ["Mine"]
    with pytest.raises(NotInCaseload):
        desk(store).notes("THEIRS-1")
    with pytest.raises(NotInCaseload):
        desk(store).save_note("THEIRS-1", today(), "Not mine")


# -- take-over and hand-over -------------------------------------------------------------

def test_a_take_over_only_of_a_participant_who_waits(store):
    me = desk(store)
    assert me.take_over("nobodys-1").supervisor == ME
    with pytest.raises(NotWaiting):
        me.take_over("THEIRS-1")
    store.deactivate_supervisor(COLLEAGUE)
    assignment = me.take_over("THEIRS-1")
    assert (assignment.previous, assignment.supervisor, assignment.by) == (COLLEAGUE, ME, ME)


def test_a_colleagues_code_and_an_unknown_code_get_the_same_refusal(store, monkeypatch):
    from skapa_tui.storage import tries

    padded = []
    monkeypatch.setattr(tries, "pad", lambda started, floor=None: padded.append(started))
    said = {}
    for code in ("THEIRS-1", "ZZ-404"):
        with pytest.raises(NotWaiting) as refused:
            desk(store).take_over(code)
        said[code] = (type(refused.value), refused.value.message, set(refused.value.fields))
    assert said["THEIRS-1"] == said["ZZ-404"]
    assert len(padded) == 2  # each refusal padded to the same floor as a refused login
    # A damaged file is refused the same way (its existence is not said either).
    store.path_of("THEIRS-1").write_text("{ not json", encoding="utf-8")
    with pytest.raises(NotWaiting):
        desk(store).take_over("THEIRS-1")
    assert store.caseload(ME) == ["MINE-1"]


def test_the_store_checks_waiting_under_the_lock(store):
    with pytest.raises(NotWaiting):
        store.assign("THEIRS-1", ME, by=ME, waiting_only=True)
    assert store.history("THEIRS-1").supervisor == COLLEAGUE
    assert store.assign("THEIRS-1", ME, by=None, by_user="root").supervisor == ME  # an administrator
    assert stored_tables(store, "THEIRS-1")["assignments"]["2"]["by_user"] == "root"


def test_hand_over_offers_only_active_supervisors_never_a_leader(store):
    store.add_supervisor("cecilia", "a long passphrase")
    store.deactivate_supervisor("cecilia")
    assert [s.id for s in desk(store).colleagues()] == [COLLEAGUE]
    with pytest.raises(LeaderHasNoCaseload):
        desk(store).hand_over("MINE-1", LEADER)
    with pytest.raises(InactiveSupervisor):
        desk(store).hand_over("MINE-1", "cecilia")
    assert store.history("MINE-1").supervisor == ME


# -- a supervisor's contact line ----------------------------------------------------------

def test_a_contact_line_is_short_and_optional(store):
    assert store.supervisor(ME).contact is None  # an account made without one
    store.add_supervisor("dora", "a long passphrase", contact="  040-12 34 56  ")
    assert store.supervisor("dora").contact == "040-12 34 56"
    assert store.set_supervisor_contact(ME, "anna@example.org").contact == "anna@example.org"
    assert store.supervisor(ME).contact == "anna@example.org"
    with pytest.raises(InvalidSupervisorId):
        store.set_supervisor_contact(ME, "x" * (CONTACT_MAX + 1))
    with pytest.raises(InvalidSupervisorId):
        store.set_supervisor_contact(ME, "ring\x07me")
    assert store.set_supervisor_contact(ME, "one\ntwo").contact == "one two"  # one line
    assert store.set_supervisor_contact(ME, None).contact is None
    assert store.supervisor(ME).contact is None


# -- the week's follow-ups ----------------------------------------------------------------

def row(code: str, follow_up: date | None) -> CaseloadRow:
    return CaseloadRow(code, ME, None, None, follow_up, {}, ())


def test_due_this_week_is_up_to_sunday_overdue_included_soonest_first():
    wednesday = date(2026, 12, 2)
    assert week_end(wednesday) == date(2026, 12, 6) and week_end(date(2026, 12, 6)) == date(2026, 12, 6)
    rows = [row("LATER", date(2026, 12, 7)), row("SUNDAY", date(2026, 12, 6)), row("NONE", None),
            row("OVERDUE", date(2026, 11, 20)), row("TODAY", wednesday)]
    assert [r.code for r in due_rows(rows, wednesday)] == ["OVERDUE", "TODAY", "SUNDAY"]
