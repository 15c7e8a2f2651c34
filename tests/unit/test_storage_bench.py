"""The storage benchmark runs end to end on a tiny folder (nothing is timed here)."""

from __future__ import annotations

import re

from benchmarks import storage


def test_storage_benchmark_runs_small(capsys):
    code = storage.main(["--participants", "12", "--sessions", "40", "--saves", "5", "--baseline-reps", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "12 participants, 40 sessions" in out
    for row in ("save one answer, p95", "load one history, p50", "peak memory, one save"):
        assert row in out
    assert re.search(r"^save p95 <= 5 ms: (PASS|FAIL) ", out, re.MULTILINE)


def test_generated_folder_reads_through_the_api(tmp_path):
    made = storage.generate(tmp_path / "data", 5, 17)
    from skapa_tui.storage import Store

    store = Store(tmp_path / "data")
    assert store.participant_codes() == made["codes"]
    assert sum(len(store.sessions(c)) for c in made["codes"]) == 17
    assert store.damaged_files() == []
    assert store.check_login(made["codes"][0], storage.PIN) == made["codes"][0]
    for code, session_id in made["open"].items():
        newest = store.sessions(code)[-1]
        assert newest.id == session_id and not newest.finished
