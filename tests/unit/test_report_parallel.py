"""`store_report`: a large folder read in two halves at once (a forked helper
process counts every other file) gives the very report ``build_report(read_all())``
gives, damaged files counted; when the helper fails, the report is the same.
And `Store.history_files`/`read_histories`, which the halves are read with."""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest

from benchmarks import report as bench
from skapa_tui import resources
from skapa_tui.logic import report as rp
from skapa_tui.logic.report import parallel
from skapa_tui.render import render
from skapa_tui.storage import DamagedData, InvalidValue, Store

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = pytest.mark.xdist_group("report_parallel")

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder of more than PARALLEL_FROM participants, two files of which are damaged."""
    root = tmp_path_factory.mktemp("parallel") / "data"
    participants = rp.PARALLEL_FROM + 40
    bench.generate(root, participants, participants * 5)
    paths = sorted((root / "participants").glob("*.json"))
    paths[3].write_text("{not json")
    tables = json.loads(paths[-5].read_bytes())
    tables["readings"]["1"]["answers"][0]["answered_at"] = "yesterday"
    paths[-5].write_text(json.dumps(tables))
    return root


def serial(root):
    store = Store(root)
    return rp.build_report(store.read_all(), flow_for=resources.flow_library().version,
                           first=None, last=bench.YEAR_TO, today=date(2024, 6, 1),
                           secret_of=rp.store_secrets(store))


def fast(root):
    return rp.store_report(Store(root), flow_for=resources.flow_library().version,
                           first=None, last=bench.YEAR_TO, today=date(2024, 6, 1))


def _count_part_noting_pid(files):
    with open(os.environ["SKAPA_TEST_PID_FILE"], "w") as fp:
        fp.write(str(os.getpid()))
    return parallel._count_part.__wrapped__(files)


def _count_part_dying(files):
    os._exit(3)


@needs_fork
def test_the_halves_give_the_same_report_as_one_pass(folder, tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("SKAPA_TEST_PID_FILE", str(pid_file))
    _count_part_noting_pid.__wrapped__ = parallel._count_part
    monkeypatch.setattr(parallel, "_helpers", lambda: 1)
    monkeypatch.setattr(parallel, "_count_part", _count_part_noting_pid)
    report = fast(folder)
    assert int(pid_file.read_text()) != os.getpid()  # the second half was read in another process
    expected = serial(folder)
    assert report == expected  # every figure, to the last digit
    assert report.unreadable_files == 2
    # every readable file has readings in 2022 (a count is moved by at most 2 by the protection)
    assert abs(report.participants - (rp.PARALLEL_FROM + 40 - 2)) <= rp.COUNT_NOISE
    assert render(report, "json", "en") == render(expected, "json", "en")


@needs_fork
def test_a_helper_that_dies_changes_nothing(folder, monkeypatch):
    monkeypatch.setattr(parallel, "_helpers", lambda: 1)
    monkeypatch.setattr(parallel, "_count_part", _count_part_dying)
    assert fast(folder) == serial(folder)


def _count_part_sleeping(files):
    with open(os.environ["SKAPA_TEST_PID_FILE"], "w") as fp:
        fp.write(str(os.getpid()))
    time.sleep(60)
    with open(os.environ["SKAPA_TEST_PID_FILE"] + ".done", "w") as fp:
        fp.write("slept")


@needs_fork
def test_an_error_in_this_half_stops_the_helper_and_is_raised(folder, tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("SKAPA_TEST_PID_FILE", str(pid_file))
    monkeypatch.setattr(parallel, "_helpers", lambda: 1)
    monkeypatch.setattr(parallel, "_count_part", _count_part_sleeping)

    def failing(self, files):
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.01)  # the helper is counting (sleeping) by now
        raise OSError("the disk went away")
        yield  # a generator, as read_histories is

    monkeypatch.setattr(Store, "read_histories", failing)
    with pytest.raises(OSError, match="the disk went away"):
        fast(folder)
    with pytest.raises(ProcessLookupError):  # reaped
        os.kill(int(pid_file.read_text()), 0)
    assert not (tmp_path / "pid.done").exists()  # killed, not waited for


def test_one_process_where_there_is_no_second(folder, monkeypatch):
    monkeypatch.setattr(parallel, "_helpers", lambda: 0)
    assert fast(folder) == serial(folder)


def test_a_small_folder_is_read_in_one_process(tmp_path, monkeypatch):
    root = tmp_path / "data"
    bench.generate(root, 20, 100)

    def no_helper(files):
        raise AssertionError("a helper for a small folder")

    monkeypatch.setattr(parallel, "_helpers", lambda: 1)
    monkeypatch.setattr(parallel, "_count_part", no_helper)
    assert fast(root) == serial(root)


def test_read_histories_in_parts_is_read_all(folder):
    store = Store(folder)
    files = store.history_files()
    assert len(files) == rp.PARALLEL_FROM + 40
    whole = list(store.read_all())
    parts = list(store.read_histories(files[:100])) + list(store.read_histories(files[100:]))
    assert [type(h) for h in parts] == [type(h) for h in whole]
    assert [h for h in parts if not isinstance(h, DamagedData)] == \
        [h for h in whole if not isinstance(h, DamagedData)]
    assert sorted(str(p) for h in parts if isinstance(h, DamagedData) for p in h.files) == \
        sorted(str(p) for h in whole if isinstance(h, DamagedData) for p in h.files)
    with pytest.raises(InvalidValue):
        list(store.read_histories([("../supervisors/x", None)]))


def test_the_figures_do_not_depend_on_the_order_of_the_histories(folder):
    """What lets the halves be every other file: any order, the same report (the
    noise too: its keys are sums of integers)."""
    store = Store(folder)
    histories = list(store.read_all())
    options = dict(flow_for=resources.flow_library().version, first=None, last=bench.YEAR_TO,
                   today=date(2024, 6, 1), secret_of=rp.store_secrets(store))
    expected = rp.build_report(histories, **options)
    for order in (histories[::-1], histories[1::2] + histories[0::2]):
        report = rp.build_report(order, **options)
        assert report == expected
        assert render(report, "json", "en") == render(expected, "json", "en")


@pytest.mark.parametrize("collecting", [True, False])
def test_the_cycle_collector_is_left_as_it_was_found(folder, monkeypatch, collecting):
    # The report reads with Python's cycle collector off (benchmarks.report: a third of
    # the time); afterwards, and after an error, it is on or off as before.
    import gc

    monkeypatch.setattr(parallel, "_helpers", lambda: 0)
    seen = []
    real = Store.read_histories

    def noting(self, files):
        seen.append(gc.isenabled())
        yield from real(self, files)

    monkeypatch.setattr(Store, "read_histories", noting)
    (gc.enable if collecting else gc.disable)()
    try:
        fast(folder)
        assert seen and not any(seen) and gc.isenabled() == collecting

        def failing(self, files):
            raise OSError("the disk went away")
            yield

        monkeypatch.setattr(Store, "read_histories", failing)
        with pytest.raises(OSError):
            fast(folder)
        assert gc.isenabled() == collecting
    finally:
        gc.enable()
