"""The report benchmark runs end to end on a tiny folder, and its folder reads
through the Store with every reading counted (nothing is timed here)."""

from __future__ import annotations

from datetime import date

from benchmarks import report as bench
from skapa_tui import resources
from skapa_tui.logic.report import COUNT_NOISE, build_report, store_secrets
from skapa_tui.storage import Store


def test_report_benchmark_runs_small(capsys):
    code = bench.main(["--participants", "12", "--readings", "40", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "12 participants, 40 readings" in out
    assert "report " in out and "read-all " in out and "ratio " in out


def test_generated_folder_reads_through_the_store(tmp_path):
    root = tmp_path / "data"
    assert bench.generate(root, 20, 150) == 150
    store = Store(root)
    histories = list(store.read_all())
    assert len(histories) == 20 and sum(len(h.readings) for h in histories) == 150
    report = build_report(histories, flow_for=resources.flow_library().version, first=None, last=bench.YEAR_TO,
                          today=date.today(), secret_of=store_secrets(store))
    assert (report.first, report.last) == (date(2022, 1, 1), bench.YEAR_TO)
    assert abs(report.participants - 20) <= COUNT_NOISE  # everyone has readings in 2022
    assert report.unreadable_files == report.unreadable_readings == 0
    assert all(isinstance(s.counted, int) and s.counted >= 5 for s in report.sides)
    assert bench.read_every_file(root) == 20
