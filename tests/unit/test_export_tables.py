"""Every CSV table at once, with the README of their columns."""

from __future__ import annotations

import csv
import io
import re
import stat
from pathlib import Path

import pytest

from skapa_tui import i18n
from skapa_tui.storage import DamagedData, Store, export_csv
from skapa_tui.storage.export import COLUMN_DOCS, CSV_TABLES, README, readme, write_csv_tables

from .test_export import PINS, secrets, store  # noqa: F401 - the data set of the exports


def readme_columns(text: str) -> dict[str, list[str]]:
    """The columns README.md documents, by table (its '## <table>.csv' sections)."""
    found: dict[str, list[str]] = {}
    table = None
    for line in text.splitlines():
        heading = re.fullmatch(r"## (\w+)\.csv", line)
        if heading:
            table = heading.group(1)
            found[table] = []
        elif table and line.startswith("| ") and not line.startswith("|---"):
            found[table].append(line.split("|")[1].strip())
    return {t: columns[1:] for t, columns in found.items()}  # without the header row


def test_the_readme_documents_every_column_of_every_table():
    assert list(COLUMN_DOCS) == list(CSV_TABLES)
    for table, (_about, columns) in COLUMN_DOCS.items():
        assert tuple(name for name, _kind, _meaning in columns) == CSV_TABLES[table], table
    text = readme()
    assert readme_columns(text) == {t: list(c) for t, c in CSV_TABLES.items()}
    for phrase in ("empty", "YYYY-MM-DD", "ISO 8601", "skipped", "';'", "1 to 5"):
        assert phrase in text


@pytest.mark.parametrize("lang", i18n.languages())
def test_the_readme_is_in_the_users_language(lang):
    gettext = i18n.gettext_for(lang)
    text = readme(gettext)
    assert readme_columns(text) == {t: list(c) for t, c in CSV_TABLES.items()}
    assert gettext(COLUMN_DOCS["answers"][0]) in text


def test_every_table_and_the_readme_in_one_folder(store: Store, tmp_path: Path):  # noqa: F811
    out = tmp_path / "tables"
    out.mkdir()
    assert write_csv_tables(store, out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{t}.csv" for t in CSV_TABLES), README])
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    documented = readme_columns((out / README).read_text("utf-8"))
    for table, columns in CSV_TABLES.items():
        text = (out / f"{table}.csv").read_text("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert tuple(rows[0]) == columns and documented[table] == list(columns)
        single = io.StringIO()
        export_csv(store, single, table=table)
        assert text == single.getvalue(), table  # the same as the table alone
    participants = list(csv.DictReader((out / "participants.csv").open(encoding="utf-8")))
    assert [p["code"] for p in participants] == ["AB12", "CD34", "EF56"]
    answers = list(csv.DictReader((out / "answers.csv").open(encoding="utf-8")))
    skipped = [a for a in answers if a["status"] == "skipped"]
    assert [(a["item"], a["value"]) for a in skipped] == [("q_contact", "")]
    assert all(a["value"] for a in answers if a["status"] == "answered")
    found = secrets(store)
    for path in out.iterdir():
        text = path.read_text("utf-8")
        assert "scrypt" not in text
        for secret in found:
            assert secret not in text


def test_a_damaged_file_stops_the_tables_before_anything_is_written(store: Store, tmp_path: Path):  # noqa: F811
    damaged = store.path_of("CD34")
    damaged.write_bytes(b"{")
    out = tmp_path / "tables"
    out.mkdir()
    with pytest.raises(DamagedData):
        write_csv_tables(store, out)
    assert list(out.iterdir()) == []
    assert write_csv_tables(store, out, skip_damaged=True) == [damaged]
    rows = list(csv.DictReader((out / "participants.csv").open(encoding="utf-8")))
    assert [r["code"] for r in rows] == ["AB12", "EF56"]
