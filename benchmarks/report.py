"""The organisation's report at full size, beside merely reading every stored file.

A data folder of 4,000 participants and 30,000 readings (7-8 each, both
sides in turn, every 3 months; answers on the shipped flows' items, 5 %
"I'd rather not answer"), with 0-3 interventions of random groups and 0-2
changes of supervisor each, is written straight to the files in the Store's
format (as ``benchmarks/storage.py`` does, and for the same reason: the API
would spend its time on scrypt and fsync). Then, in the same run:

- *read-all*: open, read and parse (JSON) every participant file once;
- *report*: the whole report as ``skapa report --to 2022-12-31`` makes it
  (`store_report`: every history read, the year of 2022 counted and
  protected, written as text); the readings lie from January 2022 to the
  spring of 2023, so most of them are in that year.

Each is timed ``--repeat`` times, the two in turn (so that whatever else the
machine does at some moment weighs on both alike), and the medians are
compared. Targets: the report <= 1 s and <= 2x read-all. ``python -m benchmarks.report [--participants N]
[--readings N] [--repeat N]``; ``main`` returns 0 when both are met, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from skapa_tui import resources
from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, asked_of
from skapa_tui.domain.interventions import GROUPS, kinds_of
from skapa_tui.logic.report import build_report, store_report, store_secrets
from skapa_tui.render import render
from skapa_tui.storage import Store, pins
from skapa_tui.storage.documents import (
    ASSIGNMENTS_TABLE,
    CORRECTIONS_TABLE,
    FORMAT,
    INTERVENTIONS_TABLE,
    PARTICIPANT_TABLE,
    PLANS_TABLE,
    READINGS_TABLE,
    SUPERVISOR_TABLE,
)
from skapa_tui.storage.files import dump_json
from skapa_tui.storage.folder import INDEX_FILE, INDEX_FORMAT

TARGET_MS = 1000.0
TARGET_RATIO = 2.0
SUPERVISORS = 40
SEED = 20240601
PASSPHRASE = "benchmark passphrase"
YEAR_TO = date(2022, 12, 31)
"""The report is of the year up to this day (the four quarters of 2022)."""


def _iso(moment: datetime | date) -> str:
    return moment.isoformat()


def generate(root: Path, participants: int, readings: int) -> int:
    """Write the data folder; returns the number of readings written."""
    rng = random.Random(SEED)
    library = resources.flow_library()
    items = {role: [(i.id, library.current(role).rated_question(i.id).id) for i in asked_of(role)]
             for role in (PARTICIPANT, SUPERVISOR)}
    versions = {role: library.current(role).version for role in (PARTICIPANT, SUPERVISOR)}
    store = Store(root)
    base = datetime(2022, 1, 3, 9, 0, tzinfo=UTC)
    secret = pins.hash_secret(PASSPHRASE)
    ids = [f"s{n:03d}" for n in range(SUPERVISORS)]
    for supervisor_id in ids:
        path, _ = store._folder.supervisor_paths(supervisor_id)
        doc = {"format": FORMAT, "id": supervisor_id, "name": None, "passphrase": secret, "active": True,
               "created_at": _iso(base), "role": "supervisor"}
        path.write_bytes(dump_json({SUPERVISOR_TABLE: {"1": doc}}))
        os.chmod(path, 0o600)
    pin_hash = pins.hash_pin("1234")
    per = [readings // participants + (1 if n < readings % participants else 0) for n in range(participants)]
    index: dict[str, dict] = {}
    written = 0
    for n, count in enumerate(per):
        code = f"R{n:05d}"
        start = base + timedelta(days=rng.randint(0, 200))
        docs = {}
        for k in range(count):
            role = SUPERVISOR if k % 2 else PARTICIPANT
            moment = start + timedelta(days=91 * (k // 2) + rng.randint(0, 6), minutes=rng.randint(0, 480))
            supervisor = ids[n % SUPERVISORS]
            docs[str(k + 1)] = {
                "format": FORMAT, "id": f"{rng.getrandbits(64):016x}", "flow": role,
                "flow_version": versions[role], "role": role,
                "rater": supervisor if role == SUPERVISOR else None, "entry": "live",
                "entered_by": supervisor, "meeting_date": _iso(moment.date()), "lang": "sv",
                "started_at": _iso(moment), "completed_at": _iso(moment + timedelta(minutes=15)),
                "position": None,
                "answers": [{"item": item, "indicator": indicator,
                             "value": None if rng.random() < 0.05 else rng.randint(1, 5),
                             "answered_at": _iso(moment)} for indicator, item in items[role]],
            }
        written += count
        supervisor = ids[n % SUPERVISORS]
        assignments = {"1": {"format": FORMAT, "supervisor": supervisor, "previous": None,
                             "on": _iso(start.date()), "at": _iso(start), "by": None}}
        for c in range(rng.choice((0, 0, 0, 1, 1, 2))):
            new = ids[(n + c + 1) % SUPERVISORS]
            on = start + timedelta(days=rng.randint(30, 600))
            assignments[str(c + 2)] = {"format": FORMAT, "supervisor": new, "previous": supervisor,
                                       "on": _iso(on.date()), "at": _iso(on), "by": None}
            supervisor = new
        interventions = {}
        for k in range(rng.randint(0, 3)):
            group = rng.choice(GROUPS).id
            begin = start + timedelta(days=rng.randint(0, 500))
            interventions[str(k + 1)] = {
                "format": FORMAT, "id": f"i{k}", "kind": kinds_of(group)[0].id, "group": group, "text": None,
                "start": _iso(begin.date()),
                "end": None if rng.random() < 0.5 else _iso((begin + timedelta(days=rng.randint(30, 300))).date()),
                "responsible": "Anna", "added_by": supervisor, "added_at": _iso(begin)}
        participant = {"format": FORMAT, "code": code, "pin": pin_hash, "created_at": _iso(start)}
        path = store.path_of(code)
        path.write_bytes(dump_json({PARTICIPANT_TABLE: {"1": participant}, READINGS_TABLE: docs,
                                    ASSIGNMENTS_TABLE: assignments, INTERVENTIONS_TABLE: interventions,
                                    PLANS_TABLE: {}, CORRECTIONS_TABLE: {}}))
        os.chmod(path, 0o600)
        index[path.stem] = {"code": code, "supervisor": supervisor}
    (root / INDEX_FILE).write_bytes(dump_json({"format": INDEX_FORMAT, "participants": index}))
    os.chmod(root / INDEX_FILE, 0o600)
    return written


def read_every_file(root: Path) -> int:
    """Open, read and parse every participant file once (what any report must at least do)."""
    count = 0
    for path in (root / "participants").glob("*.json"):
        json.loads(path.read_bytes())
        count += 1
    return count


def whole_report(root: Path) -> str:
    report = store_report(Store(root), flow_for=resources.flow_library().version,
                          first=None, last=YEAR_TO, today=date.today())
    return render(report, "text", "sv")


def breakdown(root: Path) -> tuple[float, float]:
    """For the reader: ``Store.read_all`` alone and `build_report` (with the text) alone, in ms."""
    start = time.perf_counter()
    store = Store(root)
    histories = list(store.read_all())
    middle = time.perf_counter()
    render(build_report(histories, flow_for=resources.flow_library().version, first=None, last=YEAR_TO,
                        today=date.today(), secret_of=store_secrets(store)), "text", "sv")
    return (middle - start) * 1000, (time.perf_counter() - middle) * 1000


def _ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _medians_in_turn(calls, repeat: int) -> list[float]:
    """The median time in ms of each of ``calls``, run ``repeat`` times in turn."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for call, found in zip(calls, times):
            found.append(_ms(call))
    return [statistics.median(found) for found in times]


def measure(participants: int, readings: int, repeat: int) -> tuple[list[str], bool]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="skapa-bench-report-") as tmp:
        root = Path(tmp) / "data"
        t0 = time.perf_counter()
        written = generate(root, participants, readings)
        lines.append(f"report: {participants:,} participants, {written:,} readings "
                     f"(written directly in {time.perf_counter() - t0:.1f} s)")
        whole_report(root)  # warm up: imports, the flows, Babel's locale data
        assert read_every_file(root) == participants
        read_ms, report_ms = _medians_in_turn([lambda: read_every_file(root), lambda: whole_report(root)], repeat)
        store_ms, build_ms = breakdown(root)
    ratio = report_ms / read_ms if read_ms > 0 else float("inf")
    lines.append(f"report {report_ms:,.0f} ms, read-all {read_ms:,.0f} ms, ratio {ratio:.1f}x "
                 f"(median of {repeat})")
    lines.append(f"  of which Store.read_all {store_ms:,.0f} ms, build_report and the text {build_ms:,.0f} ms "
                 f"(measured apart once)")
    fast = report_ms <= TARGET_MS
    close = ratio <= TARGET_RATIO
    lines.append(f"report <= {TARGET_MS:g} ms: {'PASS' if fast else 'FAIL'}; "
                 f"<= {TARGET_RATIO:g}x read-all: {'PASS' if close else 'FAIL'}")
    return lines, fast and close


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=4000)
    parser.add_argument("--readings", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not (0 < args.participants <= args.readings and args.repeat > 0):
        parser.error("need 0 < participants <= readings and repeat > 0")
    lines, passed = measure(args.participants, args.readings, args.repeat)
    for line in lines:
        print(line, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
