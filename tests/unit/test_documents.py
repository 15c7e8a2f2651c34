"""The stored documents' declarations: one rule for an answer's value, what
is written reads back, a damaged field is named, and the description lists
every table and field."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec
import pytest

from skapa_tui.domain.history import Assignment
from skapa_tui.domain.plan import Intervention, Plan
from skapa_tui.domain.reading import Answer, Correction, Reading, now, today
from skapa_tui.storage import DamagedData, InvalidValue, Store, export
from skapa_tui.storage import documents as docs

VALUES = [None, 1, 5, 0, 6, -1, True, False, 2.0, "often", "Often", "a b", "", "1", ("a", "b"), ("a", "a"),
          ("a", 1), ("A",), (), ["a"], {"a"}, {"a": 1}]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", "a long passphrase")
    store.add_participant("AB12", "1234", supervisor="anna")
    return store


def _reads(store: Store, stored_value) -> bool:
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    (reading,) = data["readings"].values()
    reading["answers"][0]["value"] = stored_value
    path.write_text(json.dumps(data), "utf-8")
    try:
        store.history("AB12")
    except DamagedData as caught:
        assert "readings.1.answers[0].value" in caught.fields["reason"]
        return False
    return True


def test_an_answer_value_is_one_rule_for_writing_and_reading(store: Store):
    reading = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", reading.id, Answer("q1", "health", 3, now()), None)
    for value in VALUES:
        try:
            written = docs.check_value(value)
        except InvalidValue:
            written = None
            accepted = False
        else:
            accepted = True
        if isinstance(value, (set, dict)):
            assert not accepted  # (no JSON form to read back)
            continue
        as_json = list(value) if isinstance(value, tuple) else value
        if isinstance(value, list):
            assert not accepted  # the program gives a multiple choice as a tuple; the file as a list
            assert _reads(store, as_json)
            continue
        assert _reads(store, as_json) == accepted, value
        if accepted:
            assert store.history("AB12").readings[0].answers["q1"].value == written == value


def test_what_is_written_reads_back_through_the_declarations():
    at = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    reading = Reading("r1", "participant", 2, "participant", None, "kiosk", None, date(2024, 5, 1), "sv", at)
    made = {
        docs.ReadingDoc: docs.reading_doc(reading),
        docs.AnswerDoc: docs.answer_doc(Answer("q1", "health", ("a", "b"), at)),
        docs.AssignmentDoc: docs.assignment_doc(Assignment("anna", None, date(2024, 5, 1), at, None)),
        docs.InterventionDoc: docs.intervention_doc(
            Intervention("i1", "other", "social", "A walk", date(2024, 5, 1), None, "Anna", "anna", at)),
        docs.PlanDoc: docs.plan_doc(Plan("p1", at, "anna", "", None, ("i1",))),
        docs.CorrectionDoc: docs.correction_doc(Correction("r1", "q1", 3, None, "anna", at, "typo")),
    }
    for kind, doc in made.items():
        assert list(doc)[: len(doc)] == [f.name for f in docs.fields(kind) if f.name in doc], kind
        back = msgspec.convert(doc, kind)
        assert docs.stored(back) == doc
    assert made[docs.AnswerDoc]["value"] == ["a", "b"] and made[docs.AnswerDoc]["answered_at"] == at.isoformat()
    assert "ended_by" not in made[docs.InterventionDoc] and made[docs.InterventionDoc]["end"] is None


@pytest.mark.parametrize("change,reason", [
    (lambda d: d["readings"]["1"]["answers"][0].update(value=7), "readings.1.answers[0].value: "),
    (lambda d: d["readings"]["1"].pop("lang"), "readings.1.lang: missing"),
    (lambda d: d["readings"]["1"].update(started_at="2024-01-01T10:00:00"), "readings.1.started_at: "),
    (lambda d: d["participant"]["1"].update(pin="1234"), "participant.pin: not an scrypt hash"),
    (lambda d: d["readings"].update({"x": d["readings"]["1"]}), "readings.x: not a document number"),
    (lambda d: d.update(readings=[]), "readings: not a table"),
    (lambda d: d["participant"].update({"2": d["participant"]["1"]}), "participant: not exactly one document"),
    (lambda d: d["readings"].update({"2": d["readings"]["1"]}), "readings: two readings with the same id"),
])
def test_a_damaged_field_is_named(store: Store, change, reason):
    reading = store.start_reading("AB12", flow="participant", flow_version=1, role="participant", rater=None,
                                  entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", reading.id, Answer("q1", "health", 3, now()), None)
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(DamagedData) as caught:
        store.history("AB12")
    assert caught.value.fields["reason"].startswith(reason)
    assert caught.value.files == [path]


def test_a_table_of_a_newer_skapa_is_kept_whatever_its_shape(store: Store):
    path = store.path_of("AB12")
    data = json.loads(path.read_text("utf-8"))
    data["reminders"] = [{"text": "a list, not TinyDB's"}]
    path.write_text(json.dumps(data), "utf-8")
    store.set_follow_up("AB12", today(), by="anna")
    kept = json.loads(path.read_text("utf-8"))
    assert kept["reminders"] == [{"text": "a list, not TinyDB's"}]
    assert kept["participant"]["1"]["follow_up"] == today().isoformat()


def test_the_description_lists_every_table_and_field():
    text = docs.describe()
    for table in (*docs.PARTICIPANT_TABLES, docs.SUPERVISOR_TABLE):
        assert f"### {table}: " in text
    for kind in (docs.ParticipantDoc, docs.ReadingDoc, docs.AnswerDoc, docs.CorrectionDoc, docs.AssignmentDoc,
                 docs.InterventionDoc, docs.PlanDoc, docs.SupervisorDoc):
        for field in docs.fields(kind):
            assert field.meaning, f"{kind.__name__}.{field.name} has no meaning"
            assert f"`{field.name}`" in text


def test_the_export_takes_stored_fields_from_the_declarations():
    for table, spec in export.TABLES.items():
        for column in spec.columns:
            assert column.kind and column.meaning, (table, column.name)
    (code,) = [f for f in docs.fields(docs.ParticipantDoc) if f.name == "code"]
    assert export.COLUMN_DOCS["participants"][1][0] == ("code", code.kind, code.meaning)
    (goal,) = [c for c in export.TABLES["plans"].columns if c.name == "goal"]
    assert goal.meaning == next(f.meaning for f in docs.fields(docs.PlanDoc) if f.name == "goal")
