"""Everything stored about one participant (the right of access, data
portability): complete, the same shape as the full export, and never a secret."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from skapa_tui.domain.interventions import KINDS
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import DamagedData, Store, UnknownParticipant, export_json
from skapa_tui.storage.export import export_participant

PASSPHRASE = "a long passphrase"
PIN, OTHER_PIN = "1234", "5678"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    store.add_supervisor("anna", PASSPHRASE, "Anna L")
    store.add_supervisor("bo", PASSPHRASE + "!")
    store.add_supervisor("cy", PASSPHRASE + "?")  # never touches AB12
    store.add_participant("AB12", PIN, supervisor="anna")
    store.add_participant("CD34", OTHER_PIN, supervisor="cy")
    sent = store.start_reading("AB12", flow="participant", flow_version=2, role="participant", rater=None,
                               entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("AB12", sent.id, Answer("q_health", "health", 4, now()), "q_contact")
    store.save_answer("AB12", sent.id, Answer("q_contact", "contact", None, now()), "q_ways")
    store.save_answer("AB12", sent.id, Answer("q_ways", None, ("bus", "bike"), now()), "review")
    store.complete_reading("AB12", sent.id)
    store.correct_answer("AB12", sent.id, "q_health", 3, by="anna", why="read back wrong")
    unfinished = store.start_reading("AB12", flow="participant", flow_version=2, role="participant",
                                     rater=None, entry="kiosk", entered_by=None, meeting_date=today(),
                                     lang="da")
    store.save_answer("AB12", unfinished.id, Answer("q_health", "health", 2, now()), "q_contact")
    store.assign("AB12", "bo", by="anna")
    kind = KINDS[0]
    one = store.add_intervention("AB12", kind=kind.id, group=kind.group, text=None,
                                 start=today() - timedelta(days=10), end=None, responsible="Anna", by="anna")
    store.end_intervention("AB12", one.id, end=today(), by="bo")
    store.save_plan("AB12", goal="A job", next_follow_up=today() + timedelta(days=90), interventions=[one.id],
                    by="bo")
    assert store.check_login("AB12", "0000") is None  # a wrong PIN is stored about them too
    other = store.start_reading("CD34", flow="participant", flow_version=2, role="participant", rater=None,
                                entry="kiosk", entered_by=None, meeting_date=today(), lang="sv")
    store.save_answer("CD34", other.id, Answer("q_health", "health", 5, now()), None)
    return store


def of(store: Store, code: str) -> dict:
    out = io.StringIO()
    export_participant(store, code, out)
    return json.loads(out.getvalue())


def secrets(store: Store) -> set[str]:
    found = {PIN, OTHER_PIN, PASSPHRASE}
    for path in [*store.participants_dir.glob("*.json"), *store.supervisors_dir.glob("*.json")]:
        for table in json.loads(path.read_text("utf-8")).values():
            for doc in table.values():
                for field in ("pin", "passphrase"):
                    if field in doc:
                        found.add(doc[field])
                        found.update(part for part in doc[field].split("$") if len(part) >= 16)
    return found


def test_one_participant_has_the_shape_of_the_full_export_and_more(store: Store):
    out = io.StringIO()
    export_json(store, out)
    full = next(p for p in json.loads(out.getvalue())["participants"] if p["code"] == "AB12")
    mine = of(store, "AB12")
    assert set(mine) == {"format", "exported_at", "participant", "supervisor_ids"}
    person = mine["participant"]
    # Everything the full export says about them, the same way ...
    for key, value in full.items():
        if key in ("readings", "interventions"):
            continue
        assert person[key] == value, key
    for shown, exported in zip(person["readings"], full["readings"], strict=True):
        assert {k: v for k, v in shown.items() if k in exported} == exported
    for shown, exported in zip(person["interventions"], full["interventions"], strict=True):
        assert {k: v for k, v in shown.items() if k in exported} == exported
    # ... and what only the stored file held.
    sent, unfinished = person["readings"]
    assert sent["position"] == "review" and unfinished["position"] == "q_contact"
    assert [a["value"] for a in sent["answers"]] == [4, None, ["bus", "bike"]]
    assert [(c["old"], c["new"], c["by"]) for c in sent["corrections"]] == [(4, 3, "anna")]
    (intervention,) = person["interventions"]
    assert intervention["ended_by"] == "bo" and intervention["ended_at"]
    assert person["follow_up"] == (today() + timedelta(days=90)).isoformat()
    assert person["follow_up_by"] == "bo" and person["follow_up_at"]
    assert [(a["previous"], a["supervisor"]) for a in person["assignments"]] == [(None, "anna"), ("anna", "bo")]
    assert mine["supervisor_ids"] == ["anna", "bo"]


def test_one_participant_holds_no_secret_and_nobody_else(store: Store):
    found = secrets(store)
    assert len(found) > 2 * 5  # the hashes of 2 PINs and 3 passphrases, and their parts
    out = io.StringIO()
    export_participant(store, "AB12", out)
    text = out.getvalue()
    assert "scrypt" not in text and "pin" not in text.lower() and "passphrase" not in text.lower()
    for secret in found:
        assert secret not in text
    assert "CD34" not in text and "cy" not in json.loads(text)["supervisor_ids"]
    assert "CD34" in json.dumps(of(store, "cd34"))


def test_fields_and_tables_of_a_newer_skapa_are_exported_but_never_a_secret(store: Store):
    path = store.path_of("AB12")
    tables = json.loads(path.read_text("utf-8"))
    tables["participant"]["1"]["nickname_hint"] = "kept"
    tables["reminders"] = {"1": {"format": 2, "text": "a note", "pin": "scrypt$hidden"}}
    path.write_text(json.dumps(tables), encoding="utf-8")
    person = of(store, "AB12")["participant"]
    assert person["nickname_hint"] == "kept"
    assert person["other_tables"] == {"reminders": [{"format": 2, "text": "a note"}]}
    assert "hidden" not in json.dumps(person)


def test_an_unknown_code_and_a_damaged_file(store: Store):
    with pytest.raises(UnknownParticipant):
        of(store, "ZZ99")
    store.path_of("AB12").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DamagedData) as caught:
        of(store, "AB12")
    assert caught.value.files == [store.path_of("AB12")]
