"""The storage benchmark runs end to end on a tiny folder (nothing is timed here)."""

from __future__ import annotations

import re

from benchmarks import storage


def test_storage_benchmark_runs_small(capsys):
    code = storage.main(["--participants", "12", "--readings", "40", "--supervisors", "3", "--saves", "5",
                         "--baseline-reps", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "12 participants, 40 readings" in out and "3 supervisors" in out
    for row in ("save one answer, p95", "load one history, p50", "peak memory, one save",
                "caseload (12 opened), p50", "(read every file)"):
        assert row in out
    assert re.search(r"^save p95 <= 5 ms: (PASS|FAIL) ", out, re.MULTILINE)
    assert re.search(r"^caseload of 12 <= 50 ms: (PASS|FAIL) ", out, re.MULTILINE)


def test_generated_folder_reads_through_the_api(tmp_path):
    made = storage.generate(tmp_path / "data", storage.CASELOAD + 5, storage.CASELOAD + 17, 3)
    from skapa_tui.storage import Store

    store = Store(tmp_path / "data")
    assert store.participant_codes() == made["codes"]
    assert sum(len(store.history(c).readings) for c in made["codes"]) == storage.CASELOAD + 17
    assert store.damaged_files() == []
    assert store.check_login(made["codes"][0], storage.PIN) == made["codes"][0]
    first, *others = made["supervisors"]
    assert store.check_supervisor_login(first, storage.PASSPHRASE).id == first
    assert store.caseload(first) == made["codes"][:storage.CASELOAD]
    assert sorted(c for s in others for c in store.caseload(s)) == made["codes"][storage.CASELOAD:]
    assert store.needing_supervisor() == []
    (store.root / "index.json").unlink()
    assert store.caseload(first) == made["codes"][:storage.CASELOAD]  # the index matched the files
    for code, reading_id in made["open"].items():
        newest = store.history(code).readings[-1]
        assert newest.id == reading_id and not newest.finished
