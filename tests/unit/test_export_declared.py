"""The export is declared once: the command line's ``--table``, the CSV
headers, the README of the columns, the JSON and the supervisors named in
one participant's export all follow `skapa_tui.storage.export.TABLES` and
the Structs of `skapa_tui.storage.documents`. A table or a field declared in
a test appears everywhere, with nothing else written."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Annotated

import pytest
from msgspec import Meta

from skapa_tui import cli, i18n
from skapa_tui.storage import Store
from skapa_tui.storage import documents as docs
from skapa_tui.storage import export as exporter

from .test_export import PINS, secrets, store  # noqa: F401 - the data set of the exports


@pytest.fixture
def english(monkeypatch):
    """The command line in English (no translation), the language put back after."""
    before = i18n.current_language()
    monkeypatch.setenv("SKAPA_LANG", "en")
    yield
    i18n.set_language(before)


def help_tables(capsys) -> list[str]:
    """The tables ``skapa export --help`` lists for ``--table``."""
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    found = re.search(r"write only this CSV table: (.*?) --out", text)
    assert found, text
    return found.group(1).split(", ")


def run_export(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["export", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


class NewerParticipantDoc(docs.ParticipantDoc, kw_only=True):
    """The participant's document with a field a later version might add."""

    district: Annotated[docs.Text | None, Meta(description="The district the participant lives in.")] = None


class MeetingDoc(docs.Document, kw_only=True):
    """A table a later version might add, naming a supervisor."""

    host: Annotated[docs.SupervisorId, Meta(description="The supervisor who held it.")]
    room: Annotated[docs.Id, Meta(description="Where it was.")]


class NewerFile(docs.ParticipantFile):
    meetings: docs.Table[MeetingDoc] = {}


def test_the_command_line_offers_the_declared_tables(english, capsys):
    assert help_tables(capsys) == list(exporter.TABLES)
    with pytest.raises(SystemExit) as done:
        cli.main(["export", "--format", "csv", "--table", "nothing"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nothing'" in err and all(repr(t) in err for t in exporter.TABLES)


def test_a_table_declared_once_is_in_the_help_the_csv_and_the_readme(store: Store, english, capsys,  # noqa: F811
                                                                    monkeypatch):
    meetings = exporter.Table(
        "One row per meeting.", lambda history: history.readings,
        [exporter.stored(docs.ReadingDoc, "meeting_date"),
         exporter.derived("who", docs.TEXT, "Whose reading it was.", lambda reading: reading.role)])
    monkeypatch.setitem(exporter.TABLES, "meetings", meetings)

    assert help_tables(capsys)[-1] == "meetings"
    code, out, err = run_export(capsys, "--format", "csv", "--table", "meetings", "--data", str(store.root))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["code", "meeting_date", "who"] == list(exporter.CSV_TABLES["meetings"])
    assert sorted((r[0], r[2]) for r in rows[1:]) == [("AB12", "participant"), ("AB12", "supervisor"),
                                                      ("CD34", "participant")]
    text = exporter.readme()
    assert "## meetings.csv" in text and "One row per meeting." in text
    meaning = next(f.meaning for f in docs.fields(docs.ReadingDoc) if f.name == "meeting_date")
    assert f"| meeting_date | {docs.DATE} | {meaning} |" in text
    assert "| who | text | Whose reading it was. |" in text


def test_a_field_declared_once_is_in_the_csv_the_readme_and_the_json(store: Store, english, capsys,  # noqa: F811
                                                                    monkeypatch):
    column = exporter.stored(NewerParticipantDoc, "district", get=lambda history: f"north of {history.code}")
    spec = exporter.TABLES["participants"]
    monkeypatch.setitem(exporter.TABLES, "participants", spec._replace(columns=[*spec.columns, column]))

    code, out, err = run_export(capsys, "--format", "csv", "--table", "participants", "--data", str(store.root))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["code"], r["district"]) for r in rows] == [(c, f"north of {c}") for c in ("AB12", "CD34", "EF56")]
    assert "| district | text | The district the participant lives in. |" in exporter.readme()
    code, out, err = run_export(capsys, "--format", "json", "--data", str(store.root))
    assert code == 0, err
    assert [p["district"] for p in json.loads(out)["participants"]] == ["north of AB12", "north of CD34",
                                                                        "north of EF56"]
    assert "district" in exporter.json_keys("participants")


def test_the_fields_that_name_a_supervisor_are_those_declared_so():
    # the fields that hold a supervisor's id today (who rated, typed in, corrected, moved, added, made,
    # ended, set the follow-up, discarded, wrote a note), from their declared type alone
    assert exporter.SUPERVISOR_FIELDS == {"rater", "entered_by", "by", "supervisor", "previous", "added_by",
                                          "made_by", "ended_by", "follow_up_by"}
    assert "id" not in exporter.SUPERVISOR_FIELDS  # a supervisor's own document is not in a participant's file

    assert docs.supervisor_fields(NewerFile) == exporter.SUPERVISOR_FIELDS | {"host"}
    assert docs.supervisor_fields(docs.SupervisorFile) == frozenset()
