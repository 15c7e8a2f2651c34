"""Logins: an unknown code and a wrong PIN take the same time (and an
unknown supervisor id and a wrong passphrase), so that timing a refusal
tells nobody which codes exist. So do the desk's take-over of a
colleague's participant and of a code nobody has (`Desk.take_over`).

A data folder of ``--known`` participants with a follow-up's worth of
readings each and as many supervisors. Each refusal is timed through the
Store, as the kiosk and the desk call it, in turns: a wrong PIN for a known
code, then an unknown code (each code tried once, so none rests). Printed
per kind: the median and p95 of ``--tries`` tries each, their difference
beside the median (target: at most 5%), and how well one try tells the two
apart: the accuracy of the best threshold, chosen on one half of the tries
and tested on the other, averaged over many random halvings (target: at
most 55%, where 50% is a coin), and the AUC (0.5: no better than a coin).
The baseline is one scrypt check (what a try costs at its heart), timed in
the same run; a refusal is padded to ``LOGIN_FLOOR`` above it.

``python -m benchmarks.login [--tries N] [--known N]``; ``main`` returns 0
when the targets are met, 1 when not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from skapa_tui.domain.reading import Answer, now, today
from skapa_tui.logic.desk import Desk
from skapa_tui.resources import flow_library
from skapa_tui.storage import LoginResting, NotWaiting, Store, pins
from skapa_tui.storage.tries import LOGIN_FLOOR

TARGET_DIFFERENCE = 0.05
TARGET_ACCURACY = 0.55
PASSPHRASE = "a long enough passphrase"


def make_folder(root: Path, known: int) -> Store:
    store = Store(root)
    flow = flow_library().current("participant")
    for n in range(known):
        store.add_supervisor(f"coach{n}", PASSPHRASE)
        code = f"KNOWN{n}"
        store.add_participant(code, "1234", supervisor=f"coach{n}")
        for _ in range(8):  # a year of follow-ups: the file is as large as a real one
            reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role="participant",
                                          rater=None, entry="kiosk", entered_by=None, lang="sv",
                                          meeting_date=today())
            for q in flow.questions:
                store.save_answer(code, reading.id, Answer(q.id, q.indicator, 3, now()), None)
            store.complete_reading(code, reading.id)
    return store


def timed(check, *args) -> float:
    started = time.perf_counter()
    try:
        found = check(*args)
    except LoginResting:
        found = None
    assert found is None, "a refusal was expected"
    return time.perf_counter() - started


def timed_take_over(desk: Desk, code: str) -> float:
    started = time.perf_counter()
    try:
        desk.take_over(code)
    except NotWaiting:
        return time.perf_counter() - started
    raise AssertionError("a refusal was expected")


def auc(a: list[float], b: list[float]) -> float:
    """The chance that a try of ``a`` takes longer than one of ``b`` (ties count half)."""
    wins = sum((x > y) + 0.5 * (x == y) for x in a for y in b)
    return wins / (len(a) * len(b))


def split_accuracy(a: list[float], b: list[float], rounds: int = 200, seed: int = 7) -> float:
    """The mean accuracy of a one-threshold classifier chosen on a random half
    of the tries and tested on the other half."""
    rng = random.Random(seed)
    labelled = [(t, 0) for t in a] + [(t, 1) for t in b]
    scores = []
    for _ in range(rounds):
        rng.shuffle(labelled)
        half = len(labelled) // 2
        train, test = labelled[:half], labelled[half:]
        best = (0.0, 0.0, True)
        for threshold, _label in train:
            for above_is_b in (True, False):
                right = sum((t > threshold) == (label == 1) if above_is_b else (t <= threshold) == (label == 1)
                            for t, label in train)
                if right / len(train) > best[0]:
                    best = (right / len(train), threshold, above_is_b)
        _acc, threshold, above_is_b = best
        right = sum(((t > threshold) if above_is_b else (t <= threshold)) == (label == 1) for t, label in test)
        scores.append(right / len(test))
    return statistics.fmean(scores)


def compare(name: str, known: list[float], unknown: list[float], baseline: float) -> bool:
    mk, mu = statistics.median(known), statistics.median(unknown)
    p95k, p95u = (statistics.quantiles(x, n=20)[18] for x in (known, unknown))
    difference = abs(mk - mu) / max(mk, mu)
    accuracy = split_accuracy(known, unknown)
    area = auc(known, unknown)
    ok = difference <= TARGET_DIFFERENCE and accuracy <= TARGET_ACCURACY
    print(f"{name}: known, wrong secret: median {mk * 1000:.1f} ms (p95 {p95k * 1000:.1f}); "
          f"unknown: median {mu * 1000:.1f} ms (p95 {p95u * 1000:.1f}); "
          f"{mk / baseline:.1f}x one scrypt check ({baseline * 1000:.1f} ms)")
    print(f"{name}: difference {abs(mk - mu) * 1000:.2f} ms = {difference:.1%} of the median "
          f"(target <= {TARGET_DIFFERENCE:.0%}); one try tells them apart "
          f"{accuracy:.1%} of the time (target <= {TARGET_ACCURACY:.0%}; a coin: 50%), AUC {area:.2f}"
          f" -> {'met' if ok else 'MISSED'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.login")
    parser.add_argument("--tries", type=int, default=60)
    parser.add_argument("--known", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"making a folder of {args.known} participants and supervisors...", flush=True)
        store = make_folder(Path(tmp) / "data", args.known)
        rounds = min(args.tries, args.known)
        store.add_supervisor("taker", PASSPHRASE)
        desk = Desk(store, store.supervisor("taker"), flow_library(), None)
        baseline_times, p_known, p_unknown, s_known, s_unknown = [], [], [], [], []
        t_known: list[float] = []
        t_unknown: list[float] = []
        secret = pins.hash_pin("1234")
        for n in range(rounds):
            started = time.perf_counter()
            pins.verify_pin("9999", secret)
            baseline_times.append(time.perf_counter() - started)
            p_known.append(timed(store.check_login, f"KNOWN{n}", "9999"))
            p_unknown.append(timed(store.check_login, f"NOPE{n}", "9999"))
            s_known.append(timed(store.check_supervisor_login, f"coach{n}", "a wrong passphrase"))
            s_unknown.append(timed(store.check_supervisor_login, f"nobody{n}", "a wrong passphrase"))
            t_known.append(timed_take_over(desk, f"KNOWN{n}"))  # a colleague's participant
            t_unknown.append(timed_take_over(desk, f"NOPE{n}"))
    baseline = statistics.median(baseline_times)
    print(f"every refusal is padded to {LOGIN_FLOOR * 1000:.0f} ms after it began")
    ok = compare("kiosk login (code and PIN)", p_known, p_unknown, baseline)
    ok = compare("desk sign-in (id and passphrase)", s_known, s_unknown, baseline) and ok
    ok = compare("desk take-over (a colleague's code)", t_known, t_unknown, baseline) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
