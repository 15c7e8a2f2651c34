"""Storage: the Store (one TinyDB file per participant) at full size, against
all readings in one TinyDB file with TinyDB's default storage, in the same run.

A data folder of 4,000 participants, 30,000 readings (7-8 each, 8-11
answers per reading, the newest of each participant unfinished; every
second one a supervisor's) and 300 supervisors (the first with a caseload
of 60, the others sharing the rest) is written straight to the files in
the Store's format (going through the API would take scrypt and fsync time
that says nothing about the operations measured; every participant and
supervisor shares one precomputed hash). Then, through the API:

- save one answer (``save_answer``, durable: fsync of file and folder) on
  random participants;
- load one participant's history (``history``);
- start a reading, log in (one scrypt), list all codes, export everything;
- open a caseload of 60 participants (``caseload`` and ``history`` of each),
  beside the time to read every participant file once (``read_all``);
- peak memory (tracemalloc) of one save and of one history load.

The baseline is the same 30,000 readings as documents of one TinyDB JSON
file (default ``JSONStorage``), each operation on a fresh ``TinyDB`` object
as another process would see it: one insert, one update (= saving an answer)
and one look-up of a participant's readings, a few repetitions each since
each takes about a second.

Targets: save p95 <= 5 ms; a caseload of 60 opened in <= 50 ms.
``python -m benchmarks.storage [--participants N] [--readings N]
[--supervisors N] [--saves N] [--baseline-reps N]``; ``main`` returns 0 when
both targets are met, 1 when not.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tinydb import Query, TinyDB

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR, all_indicators, asked_of
from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.storage import Store, export_json, pins
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

TARGET_SAVE_P95_MS = 5.0
TARGET_CASELOAD_MS = 50.0
CASELOAD = 60
PIN = "1234"
PASSPHRASE = "benchmark passphrase"
SEED = 20240501


# -- generating the data ----------------------------------------------------------

def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _reading_doc(rng: random.Random, n: int, started: datetime, finished: bool, supervisor: str) -> dict:
    role = SUPERVISOR if n % 2 else PARTICIPANT
    indicators = asked_of(role)
    count = min(len(indicators), rng.randint(9, 11))
    answers = []
    for k, indicator in enumerate(indicators[:count]):
        value = None if rng.random() < 0.05 else rng.randint(1, 5)
        answers.append({"item": f"q_{indicator.id}", "indicator": indicator.id, "value": value,
                        "answered_at": _iso(started + timedelta(seconds=30 * (k + 1)))})
    return {
        "format": FORMAT,
        "id": f"{rng.getrandbits(64):016x}",
        "flow": role,
        "flow_version": 1,
        "role": role,
        "rater": supervisor if role == SUPERVISOR else None,
        "entry": "live" if role == SUPERVISOR else "kiosk",
        "entered_by": supervisor if role == SUPERVISOR else None,
        "meeting_date": started.date().isoformat(),
        "lang": rng.choice(("sv", "sv", "da")),
        "started_at": _iso(started),
        "completed_at": _iso(started + timedelta(minutes=15)) if finished else None,
        "position": None if finished else answers[-1]["item"],
        "answers": answers if finished else answers[: len(answers) // 2],
    }


def _supervisor_of(n: int, supervisors: int) -> int:
    """The first supervisor has the first CASELOAD participants; the others share the rest."""
    if n < CASELOAD or supervisors == 1:
        return 0
    return 1 + (n - CASELOAD) % (supervisors - 1)


def generate(root: Path, participants: int, readings: int, supervisors: int = 1) -> dict:
    """Write a data folder straight in the Store's format; returns what was made."""
    rng = random.Random(SEED)
    store = Store(root)  # makes the folder, its key, participants/ and supervisors/
    pin_hash = pins.hash_pin(PIN)
    base = datetime(2021, 1, 4, 9, 0, tzinfo=UTC)
    ids = [f"s{n:04d}" for n in range(supervisors)]
    secret = pins.hash_secret(PASSPHRASE)
    for supervisor_id in ids:
        path, _ = store._folder.supervisor_paths(supervisor_id)
        doc = {"format": FORMAT, "id": supervisor_id, "name": None, "passphrase": secret, "active": True,
               "created_at": _iso(base)}
        path.write_bytes(dump_json({SUPERVISOR_TABLE: {"1": doc}}))
        os.chmod(path, 0o600)
    per = [readings // participants + (1 if n < readings % participants else 0) for n in range(participants)]
    codes = [f"B{n:05d}" for n in range(participants)]
    index: dict[str, dict] = {}
    open_readings: dict[str, str] = {}
    all_readings: list[dict] = []
    answers = 0
    for n, (code, count) in enumerate(zip(codes, per)):
        supervisor = ids[_supervisor_of(n, supervisors)]
        docs = {}
        for k in range(count):
            started = base + timedelta(days=91 * k + rng.randint(0, 30), minutes=rng.randint(0, 480))
            doc = _reading_doc(rng, k, started, k < count - 1, supervisor)
            docs[str(k + 1)] = doc
            answers += len(doc["answers"])
            all_readings.append({"code": code, **doc})
        if count:
            open_readings[code] = docs[str(count)]["id"]
        participant = {"format": FORMAT, "code": code, "pin": pin_hash, "created_at": _iso(base)}
        assignment = {"format": FORMAT, "supervisor": supervisor, "previous": None,
                      "on": base.date().isoformat(), "at": _iso(base), "by": None}
        path = store.path_of(code)
        with open(path, "wb") as fp:
            fp.write(dump_json({PARTICIPANT_TABLE: {"1": participant}, READINGS_TABLE: docs,
                                ASSIGNMENTS_TABLE: {"1": assignment}, INTERVENTIONS_TABLE: {},
                                PLANS_TABLE: {}, CORRECTIONS_TABLE: {}}))
        os.chmod(path, 0o600)
        index[path.stem] = {"code": code, "supervisor": supervisor}
    (root / INDEX_FILE).write_bytes(dump_json({"format": INDEX_FORMAT, "participants": index}))
    os.chmod(root / INDEX_FILE, 0o600)
    return {"codes": codes, "open": open_readings, "all_readings": all_readings, "answers": answers,
            "supervisors": ids}


def generate_baseline(path: Path, all_readings: list[dict]) -> None:
    """All readings as documents of one TinyDB file, as TinyDB's JSONStorage writes it."""
    with open(path, "w", encoding="utf-8") as fp:
        json.dump({"_default": {str(n): doc for n, doc in enumerate(all_readings, 1)}}, fp)


# -- measuring ---------------------------------------------------------------------------

def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def _peak_kib(call: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024


def _fmt_ms(ms: float) -> str:
    return f"{ms:,.2f} ms" if ms < 100 else f"{ms:,.0f} ms"


def _fmt_kib(kib: float) -> str:
    return f"{kib:,.0f} KiB" if kib < 10 * 1024 else f"{kib / 1024:,.1f} MiB"


def _ratio(baseline: float | None, ours: float) -> str:
    if baseline is None:
        return ""
    if ours <= 0:
        return ""
    ratio = baseline / ours
    return f"{ratio:,.1f}x" if ratio < 10 else f"{ratio:,.0f}x"


def measure(participants: int, readings: int, saves: int, baseline_reps: int,
            supervisors: int = 300) -> tuple[list[str], bool]:
    lines: list[str] = []
    say = lines.append
    rng = random.Random(SEED + 1)
    with tempfile.TemporaryDirectory(prefix="skapa-bench-storage-") as tmp:
        root = Path(tmp) / "data"
        t0 = time.perf_counter()
        made = generate(root, participants, readings, supervisors)
        generated_s = time.perf_counter() - t0
        codes, open_readings = made["codes"], made["open"]
        store = Store(root)
        say(f"storage: {participants:,} participants, {len(made['all_readings']):,} readings, "
            f"{made['answers']:,} answers, {supervisors:,} supervisors "
            f"(written directly in {generated_s:.1f} s)")

        # -- skapa through the API --
        chosen = [rng.choice(codes) for _ in range(saves)]
        indicator_ids = list(all_indicators().ids)

        def save(code: str) -> None:
            indicator = rng.choice(indicator_ids)
            store.save_answer(code, open_readings[code],
                              Answer(f"q_{indicator}", indicator, rng.randint(1, 5), now()), f"q_{indicator}")

        for code in chosen[:5]:  # warm up imports and caches
            save(code)
        save_ms = [_timed(lambda c=code: save(c)) for code in chosen]
        history_ms = [_timed(lambda c=code: store.history(c)) for code in chosen]
        rater = made["supervisors"][0]
        start_ms = [_timed(lambda c=code: store.start_reading(
            c, flow=SUPERVISOR, flow_version=1, role=SUPERVISOR, rater=rater, entry="live", entered_by=rater,
            meeting_date=today(), lang="sv")) for code in chosen[: max(1, saves // 4)]]
        login_ms = [_timed(lambda c=code: store.check_login(c, PIN)) for code in chosen[:10]]
        codes_ms = [_timed(store.participant_codes) for _ in range(10)]

        def open_caseload() -> int:
            return len([store.history(c) for c in store.caseload(rater)])

        open_caseload()  # warm up
        caseload_size = open_caseload()
        caseload_ms = [_timed(open_caseload) for _ in range(5)]
        read_every_ms = _timed(lambda: sum(1 for _ in store.read_all()))
        (root / INDEX_FILE).unlink()
        rebuild_ms = _timed(store.participant_codes)
        assert len(store.participant_codes()) == participants
        export_path = Path(tmp) / "export.json"
        with open(export_path, "w", encoding="utf-8") as out:
            export_ms = _timed(lambda: export_json(store, out))
        export_mib = export_path.stat().st_size / 2**20
        save_peak = _peak_kib(lambda: save(chosen[0]))
        history_peak = _peak_kib(lambda: store.history(chosen[1]))

        # -- the baseline: one TinyDB file, default storage --
        base_path = Path(tmp) / "single.json"
        generate_baseline(base_path, made["all_readings"])
        base_mib = base_path.stat().st_size / 2**20
        Reading = Query()
        b_insert, b_update, b_lookup = [], [], []
        for rep in range(baseline_reps):
            code = rng.choice(codes)
            doc = {"code": code, **json.loads(json.dumps(made["all_readings"][0])), "id": f"new{rep}"}
            b_insert.append(_timed(lambda doc=doc: TinyDB(base_path).insert(doc)))
            sid = open_readings[rng.choice(codes)]
            new_answer = {"item": "q_health", "indicator": "health", "value": 3, "answered_at": now().isoformat()}
            b_update.append(_timed(lambda new_answer=new_answer, sid=sid: TinyDB(base_path).update(
                lambda d: d["answers"].append(new_answer), Reading.id == sid)))
            code = rng.choice(codes)
            b_lookup.append(_timed(lambda code=code: TinyDB(base_path).search(Reading.code == code)))
        code = rng.choice(codes)
        b_lookup_peak = _peak_kib(lambda: TinyDB(base_path).search(Reading.code == code))
        sid = open_readings[rng.choice(codes)]
        b_update_peak = _peak_kib(lambda: TinyDB(base_path).update({"position": "q_health"}, Reading.id == sid))

    save_p50, save_p95 = statistics.median(save_ms), _percentile(save_ms, 95)
    hist_p50, hist_p95 = statistics.median(history_ms), _percentile(history_ms, 95)
    bu, bi, bl = statistics.median(b_update), statistics.median(b_insert), statistics.median(b_lookup)
    rows = [
        ("save one answer, p50", _fmt_ms(save_p50), f"{_fmt_ms(bu)} (update)", _ratio(bu, save_p50)),
        ("save one answer, p95", _fmt_ms(save_p95), f"{_fmt_ms(max(b_update))} (max)",
         _ratio(max(b_update), save_p95)),
        ("start a reading, p50", _fmt_ms(statistics.median(start_ms)), f"{_fmt_ms(bi)} (insert)",
         _ratio(bi, statistics.median(start_ms))),
        ("load one history, p50", _fmt_ms(hist_p50), f"{_fmt_ms(bl)} (search)", _ratio(bl, hist_p50)),
        ("load one history, p95", _fmt_ms(hist_p95), f"{_fmt_ms(max(b_lookup))} (max)",
         _ratio(max(b_lookup), hist_p95)),
        ("peak memory, one save", _fmt_kib(save_peak), _fmt_kib(b_update_peak), _ratio(b_update_peak, save_peak)),
        ("peak memory, one history", _fmt_kib(history_peak), _fmt_kib(b_lookup_peak),
         _ratio(b_lookup_peak, history_peak)),
        ("log in (one scrypt), p50", _fmt_ms(statistics.median(login_ms)), "", ""),
        ("list all codes (index), p50", _fmt_ms(statistics.median(codes_ms)), "", ""),
        (f"caseload ({caseload_size} opened), p50", _fmt_ms(statistics.median(caseload_ms)),
         f"{_fmt_ms(read_every_ms)} (read every file)", _ratio(read_every_ms, statistics.median(caseload_ms))),
        ("list all codes, index rebuilt", _fmt_ms(rebuild_ms), "", ""),
        (f"export all as JSON ({export_mib:.0f} MiB)", _fmt_ms(export_ms), "", ""),
    ]
    header = ("", "skapa (file each)", f"one TinyDB file ({base_mib:.0f} MiB)", "baseline/skapa")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    say(f"  {header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:>{widths[2]}}  {header[3]:>{widths[3]}}")
    for row in rows:
        say(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}")
    say(f"  ({len(save_ms)} saves and history loads on random participants; "
        f"baseline: {baseline_reps} of each on a fresh TinyDB object)")
    saved = save_p95 <= TARGET_SAVE_P95_MS
    say(f"save p95 <= {TARGET_SAVE_P95_MS:g} ms: {'PASS' if saved else 'FAIL'} ({save_p95:.2f} ms)")
    caseload_p50 = statistics.median(caseload_ms)
    opened = caseload_p50 <= TARGET_CASELOAD_MS
    say(f"caseload of {caseload_size} <= {TARGET_CASELOAD_MS:g} ms: {'PASS' if opened else 'FAIL'} "
        f"({caseload_p50:.2f} ms; reading every file once: {read_every_ms:,.0f} ms)")
    return lines, saved and opened


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storage", description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=4000)
    parser.add_argument("--readings", "--sessions", type=int, default=30000)
    parser.add_argument("--supervisors", type=int, default=300)
    parser.add_argument("--saves", type=int, default=200, help="saves and history loads timed (default: 200)")
    parser.add_argument("--baseline-reps", type=int, default=3, help="repetitions of each baseline operation")
    args = parser.parse_args(argv)
    if not (0 < args.participants <= args.readings and args.saves > 0 and args.baseline_reps > 0
            and args.supervisors > 0):
        parser.error("need 0 < participants <= readings, saves > 0, baseline-reps > 0, supervisors > 0")
    lines, passed = measure(args.participants, args.readings, args.saves, args.baseline_reps, args.supervisors)
    for line in lines:
        print(line, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
