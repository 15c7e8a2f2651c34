"""The command line's side of access: `participants assign` (an administrator
moves a participant, recorded), `supervisors contact`, and the access record
that `participants export` and `summary` keep and the export carries."""

from __future__ import annotations

import getpass
import json

import pytest

from skapa_tui.domain.reading import today
from skapa_tui.storage import Store

PASSPHRASE = "a long passphrase"


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    store = Store(folder)
    store.add_supervisor("anna", PASSPHRASE, "Anna Lind")
    store.add_supervisor("bo", PASSPHRASE)
    store.add_supervisor("lena", PASSPHRASE, role="leader")
    store.add_participant("AB12", "1234", supervisor="anna")
    return folder


def test_an_administrator_moves_a_colleagues_participant_and_it_is_recorded(skapa, data):
    done = skapa("participants", "assign", "ab12", "--supervisor", "Bo", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("AB12 is now given to the supervisor bo (before: anna). "
                                   "The change is recorded.")
    store = Store(data)
    [_first, last] = store.history("AB12").assignments
    assert (last.previous, last.supervisor, last.by, last.on) == ("anna", "bo", None, today())
    stored = json.loads(store.path_of("AB12").read_text("utf-8"))["assignments"]["2"]
    assert stored["by_user"] == getpass.getuser()
    again = skapa("participants", "assign", "AB12", "--supervisor", "bo", "--data", data, lang="en")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert len(Store(data).history("AB12").assignments) == 2


@pytest.mark.parametrize(("to", "said"), [
    ("lena", "lena is a leader: leaders have no participants."),
    ("nobody", "There is no supervisor with the id nobody."),
])
def test_assign_refuses_a_leader_and_an_unknown_supervisor(skapa, data, to, said):
    done = skapa("participants", "assign", "AB12", "--supervisor", to, "--data", data, lang="en")
    assert done.returncode == 1 and done.stderr.strip() == f"skapa: {said}"
    assert Store(data).history("AB12").supervisor == "anna"


def test_assign_needs_the_supervisor_and_a_known_code(skapa, data):
    assert skapa("participants", "assign", "AB12", "--data", data).returncode == 2
    done = skapa("participants", "assign", "ZZ99", "--supervisor", "bo", "--data", data, lang="en")
    assert done.returncode == 1 and "ZZ99" in done.stderr and "Traceback" not in done.stderr


def test_a_supervisors_contact_is_set_printed_and_cleared(skapa, data):
    done = skapa("supervisors", "contact", "anna", "040-12 34 56", "--data", data, lang="en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Participants of anna now see: 040-12 34 56"
    assert skapa("supervisors", "contact", "anna", "--data", data).stdout.strip() == "040-12 34 56"
    assert Store(data).supervisor("anna").contact == "040-12 34 56"
    done = skapa("supervisors", "contact", "anna", "--clear", "--data", data, lang="en")
    assert done.returncode == 0 and Store(data).supervisor("anna").contact is None
    assert skapa("supervisors", "contact", "anna", "x" * 81, "--data", data).returncode == 1
    assert skapa("supervisors", "contact", "anna", "x", "--clear", "--data", data).returncode == 2
    assert skapa("supervisors", "contact", "lena", "040", "--data", data).returncode == 2
    done = skapa("supervisors", "contact", "anna", "040", "--data", data, lang="da")
    assert done.returncode == 0 and "040" in done.stdout


def test_add_says_a_wrong_contact_before_anything(skapa, tmp_path):
    done = skapa("supervisors", "add", "dora", "--contact", "x" * 81, "--data", tmp_path / "new", lang="en")
    assert done.returncode == 1 and "at most 80 characters" in done.stderr
    assert not (tmp_path / "new").exists()


def test_the_export_carries_who_opened_the_data_the_export_itself_included(skapa, data, tmp_path):
    store = Store(data)
    store.record_access("AB12", by="anna", by_kind="supervisor", what="page")
    store.save_note("AB12", today(), "Talked about the course", by="anna")
    out = tmp_path / "ab12.json"
    assert skapa("summary", "AB12", "--out", tmp_path / "page.pdf", "--data", data).returncode == 0
    done = skapa("participants", "export", "AB12", "--out", out, "--data", data)
    assert done.returncode == 0, done.stderr
    person = json.loads(out.read_text("utf-8"))["participant"]
    me = getpass.getuser()
    assert [(a["by"], a["by_kind"], a["what"]) for a in person["access"]] == [
        ("anna", "supervisor", "page"), (me, "user", "summary"), (me, "user", "export")]
    assert all(set(a) == {"by", "by_kind", "at", "what"} for a in person["access"])
    assert [n["text"] for n in person["notes"]] == ["Talked about the course"]
