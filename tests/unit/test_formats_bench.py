"""The formats benchmark runs end to end on a tiny folder, and each of its
ways reads every file (nothing is timed here)."""

from __future__ import annotations

from benchmarks import formats as bench
from benchmarks.storage import generate
from skapa_tui.storage import Store, documents


def test_formats_benchmark_runs_small(capsys):
    code = bench.main(["--participants", "6", "--readings", "20", "--supervisors", "2", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "6 participant files, 20 readings" in out
    for way in ("bytes", "json.loads", "msgspec untyped", "msgspec Structs", "skapa's reading"):
        assert f"  {way} " in out
    assert "x the bare json.loads" in out


def test_every_way_reads_every_file_and_skapas_reading_is_the_stores(tmp_path):
    root = tmp_path / "data"
    generate(root, 8, 30, 2)
    paths = bench._paths(root)
    assert len(paths) == 8
    assert all(call() == 8 for call in bench.ways(paths).values())
    by_code = {h.code: h for h in Store(root).read_all()}
    for path in paths:
        history = documents.read_participant(path, path.read_bytes()).history
        assert by_code[history.code] == history
