"""The reliability soak: skapa under load, damage, a full disk, odd command
lines and random keys, re-measured by anyone with ``make soak`` (a few
minutes; not part of ``make test``). It prints what it did and what held,
and exits 1 when something did not hold.

1. **Processes at once** on a BIP-scale folder (written straight in the
   Store's format, as ``benchmarks/storage.py`` does: 4,000 participants,
   30,000 readings, 300 supervisors): kiosks answering (start a reading,
   save each answer, send), participant adds, take-overs, erasures of
   participants the kiosks are writing to, a damager, and ``skapa export``
   / ``skapa report`` / ``skapa participants list`` running meanwhile. Each
   worker keeps a journal of what the store said it did; afterwards the
   folder is checked against it: no answer, add or take-over lost (except
   where an erasure or damage came after), every file readable as skapa
   data (except those damaged on purpose, which are byte for byte as the
   damager left them), the index naming exactly the files and each one's
   supervisor, no erased participant anywhere (file, lock, index, logs), no
   temp or lock file left over, every file 0600 and folder 0700.
2. **Kinds of damage**, one at a time on a copy of a small folder: each is
   told in one line, the rest is still listed, exported and reported, and
   the damaged file is never written over; a lost or foreign key file stops
   every command and changes nothing.
3. **A full disk**: commands in a child process that may not write a byte
   into any file (``RLIMIT_FSIZE`` 0: every write fails as on a full disk,
   without root tricks), and output to a device that is always full (a node
   like ``/dev/full``): one clear line, exit 1, nothing half-written, no
   lock file left, the device still a device.
4. **Odd command lines**: seeded random combinations of commands, options
   and odd values (empty, missing folders, ``~nouser``, dates, numbers,
   non-ASCII): never a traceback or an "unexpected error", never a folder
   made by a command that only reads, exit 0, 1 or 2.
5. **Random keys at the desk** (`tests.functional.test_desk_data_safety.walk`)
   while a second Store takes participants over, gives them back, erases,
   adds and damages them, and **at the kiosk**: no crash.
6. **Memory** of the kiosk (a login and an answer) and the desk (a caseload
   of 60 and a participant's page) on the BIP-scale folder: the real
   commands in a pseudo-terminal, peak RSS (VmHWM).

``python -m tools.soak [--seconds N] [--walk-keys N] [--seed N] [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from skapa_tui.domain.indicators import PARTICIPANT  # noqa: E402
from skapa_tui.domain.reading import Answer, now, today  # noqa: E402
from skapa_tui.resources import flow_library  # noqa: E402
from skapa_tui.storage import DamagedData, StorageError, Store  # noqa: E402

PIN = "1234"
PASSPHRASE = "benchmark passphrase"
SECRETS = ("scrypt$", PASSPHRASE)
"""Never in any output: a hash, a passphrase."""


def say(text: str = "") -> None:
    print(text, flush=True)


def skapa(*args: object, home: Path, lang: str = "en", timeout: float = 120, preexec=None,
          env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SKAPA_", "LC_", "LANG"))}
    environment.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"), SKAPA_LANG=lang,
                       PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "skapa_tui", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=environment, cwd=home, timeout=timeout,
                          preexec_fn=preexec, stdin=subprocess.DEVNULL)


def clean(done: subprocess.CompletedProcess) -> list[str]:
    """What is wrong with how a command ended (nothing: []): tracebacks, secrets, odd exits."""
    problems = []
    text = done.stdout + done.stderr
    if "Traceback" in text:
        problems.append("a traceback")
    if "unexpected error" in text:
        problems.append("an unexpected error")
    if any(secret in text for secret in SECRETS):
        problems.append("a secret in the output")
    if done.returncode not in (0, 1, 2):
        problems.append(f"exit {done.returncode}")
    return problems


# -- 1. processes at once -------------------------------------------------------------------

def make_bip_folder(root: Path, participants: int, readings: int, supervisors: int) -> dict:
    from benchmarks.storage import generate

    return generate(root, participants, readings, supervisors)


def _journal(path: Path):
    fp = open(path, "a", encoding="utf-8")

    def write(**entry) -> None:
        fp.write(json.dumps(entry) + "\n")
        fp.flush()

    return write


def kiosk_worker(root: str, journal: str, codes: list[str], until: float, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(root, create=False)
    flow = flow_library().current("participant")
    write = _journal(Path(journal))
    refused: Counter = Counter()
    while time.time() < until:
        code = rng.choice(codes)
        try:
            reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=PARTICIPANT,
                                          rater=None, entry="kiosk", entered_by=None, meeting_date=today(),
                                          lang="sv")
            for question in flow.questions[: rng.randint(3, len(flow.questions))]:
                if not question.rates:
                    continue
                value = rng.choice((1, 2, 3, 4, 5, None))
                store.save_answer(code, reading.id, Answer(question.id, question.indicator, value, now()),
                                  question.id)
                write(kind="answer", code=code, reading=reading.id, item=question.id, value=value)
            store.complete_reading(code, reading.id)
            write(kind="sent", code=code, reading=reading.id)
        except StorageError as exc:
            refused[type(exc).__name__] += 1
    write(kind="refused", counts=dict(refused))


def add_worker(root: str, journal: str, prefix: str, supervisors: list[str], until: float, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(root, create=False)
    write = _journal(Path(journal))
    n = 0
    while time.time() < until:
        code = f"{prefix}{n}"
        n += 1
        supervisor = rng.choice(supervisors)
        try:
            store.add_participant(code, PIN, supervisor=supervisor)
            write(kind="added", code=code, supervisor=supervisor)
        except StorageError as exc:
            write(kind="add refused", code=code, error=type(exc).__name__)


def take_over_worker(root: str, journal: str, codes: list[str], supervisors: list[str], until: float,
                     seed: int) -> None:
    rng = random.Random(seed)
    store = Store(root, create=False)
    write = _journal(Path(journal))
    while time.time() < until:
        code, supervisor = rng.choice(codes), rng.choice(supervisors)
        try:
            store.assign(code, supervisor, by=supervisor)
            write(kind="assigned", code=code, supervisor=supervisor)
        except StorageError as exc:
            write(kind="assign refused", code=code, error=type(exc).__name__)
        time.sleep(0.02)


def erase_worker(root: str, journal: str, codes: list[str], until: float, seed: int, pause: float) -> None:
    rng = random.Random(seed)
    store = Store(root, create=False)
    write = _journal(Path(journal))
    left = list(codes)
    rng.shuffle(left)
    while time.time() < until and left:
        time.sleep(pause)
        code = left.pop()
        try:
            store.erase_participant(code, by="soak")
            write(kind="erased", code=code)
        except StorageError as exc:
            write(kind="erase refused", code=code, error=type(exc).__name__)


def damage_worker(root: str, journal: str, codes: list[str], until: float, seed: int, pause: float) -> None:
    rng = random.Random(seed)
    store = Store(root, create=False)
    write = _journal(Path(journal))
    kinds = [b"", b"{ not json", b"[1, 2, 3]", b'{"participant": 5}', b"\xff\xfe\x00garbage"]
    for code in codes:
        if time.time() >= until:
            break
        time.sleep(pause)
        path = store.path_of(code)
        data = rng.choice(kinds)
        tmp = path.with_name(f"damage-{os.getpid()}")
        tmp.write_bytes(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)  # a whole file of nonsense, at once, as a bad copy would leave it
        write(kind="damaged", code=code, data=data.hex())


def reader_worker(root: str, journal: str, home: str, until: float) -> None:
    write = _journal(Path(journal))
    home = Path(home)
    n = 0
    while time.time() < until:
        n += 1
        out = home / f"export-{n}.json"
        for args in (("export", "--format", "json", "--skip-damaged", "--out", out),
                     ("report", "--format", "json"), ("participants", "list")):
            started = time.monotonic()
            done = skapa(*args, "--data", root, home=home)
            problems = clean(done)
            ok = done.returncode == 0 or (args[0] == "participants" and done.returncode == 1)
            if args[0] == "export" and done.returncode == 0:
                try:
                    json.loads(out.read_text())
                except ValueError:
                    problems.append("an export that is not JSON")
                if any(secret in out.read_text() for secret in SECRETS):
                    problems.append("a secret in an export")
                out.unlink()
            if args[0] == "report" and done.returncode == 0:
                try:
                    json.loads(done.stdout)
                except ValueError:
                    problems.append("a report that is not JSON")
            write(kind="command", command=args[0], ok=ok and not problems, problems=problems,
                  seconds=time.monotonic() - started, stderr=done.stderr[-300:] if not ok else "")


def run_workers(root: Path, info: dict, seconds: float, work: Path, seed: int) -> dict:
    codes = info["codes"]
    supervisors = info["supervisors"][:10]
    rng = random.Random(seed)
    damage_pool = codes[-40:]                   # only take-overs and readers touch these
    pool = codes[:min(1200, len(codes) - 40)]
    erase_pool = rng.sample(pool, min(200, len(pool) // 4))  # the kiosks write to these too
    take_pool = pool + damage_pool
    until = time.time() + seconds
    ctx = multiprocessing.get_context("fork")
    jobs = []
    kiosks = 4
    for k in range(kiosks):
        jobs.append(ctx.Process(target=kiosk_worker,
                                args=(str(root), str(work / f"kiosk{k}.log"), pool, until, seed + k)))
    jobs.append(ctx.Process(target=add_worker, args=(str(root), str(work / "add.log"), "NEW", supervisors, until,
                                                      seed + 10)))
    jobs.append(ctx.Process(target=take_over_worker, args=(str(root), str(work / "take.log"), take_pool,
                                                            supervisors, until, seed + 11)))
    jobs.append(ctx.Process(target=erase_worker, args=(str(root), str(work / "erase.log"), erase_pool, until,
                                                        seed + 12, seconds / 180)))
    jobs.append(ctx.Process(target=damage_worker, args=(str(root), str(work / "damage.log"), damage_pool, until,
                                                         seed + 13, seconds / 50)))
    home = work / "home"
    home.mkdir()
    jobs.append(ctx.Process(target=reader_worker, args=(str(root), str(work / "reader.log"), str(home), until)))
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(seconds + 300)
    crashed = [job.exitcode for job in jobs if job.exitcode != 0]
    return {"processes": len(jobs), "crashed": crashed, "damage_pool": damage_pool}


def read_journals(work: Path) -> list[dict]:
    entries = []
    for log in sorted(work.glob("*.log")):
        for line in log.read_text().splitlines():
            entries.append(json.loads(line))
    return entries


def check_folder(root: Path, entries: list[dict]) -> tuple[dict, list[str]]:
    """What the folder holds against what the journals say was done."""
    from skapa_tui.storage.files import TMP_PREFIX
    from skapa_tui.storage.folder import INDEX_FILE

    failures: list[str] = []
    erased = {e["code"] for e in entries if e["kind"] == "erased"}
    damaged = {e["code"]: bytes.fromhex(e["data"]) for e in entries if e["kind"] == "damaged"}
    gone_or_damaged = erased | set(damaged)
    store = Store(root, create=False)
    # every file readable, except the ones damaged on purpose (and those byte for byte as left)
    histories = {}
    unreadable = []
    for item in store.read_all():
        if isinstance(item, DamagedData):
            unreadable.extend(item.files)
        else:
            histories[item.code] = item
    expected_damaged = {store.path_of(code) for code in damaged}
    if set(unreadable) != expected_damaged:
        failures.append(f"unreadable files {len(unreadable)}, damaged on purpose {len(expected_damaged)}")
    for code, data in damaged.items():
        if store.path_of(code).read_bytes() != data:
            failures.append(f"a damaged file was written over ({code})")
    # answers, sendings, adds and take-overs
    last: dict[tuple[str, str, str], object] = {}
    sent = set()
    for e in entries:
        if e["kind"] == "answer":
            last[(e["code"], e["reading"], e["item"])] = e["value"]
        elif e["kind"] == "sent":
            sent.add((e["code"], e["reading"]))
    lost = 0
    for (code, reading_id, item), value in last.items():
        if code in gone_or_damaged:
            continue
        reading = next((r for r in histories[code].readings if r.id == reading_id), None)
        if reading is None or item not in reading.answers or reading.value(item) != value:
            lost += 1
    unsent = sum(1 for code, reading_id in sent if code not in gone_or_damaged and not next(
        r for r in histories[code].readings if r.id == reading_id).finished)
    if lost or unsent:
        failures.append(f"{lost} answers and {unsent} sendings lost")
    added = [e for e in entries if e["kind"] == "added"]
    missing_adds = [e["code"] for e in added if e["code"] not in histories]
    if missing_adds:
        failures.append(f"{len(missing_adds)} adds lost")
    assigned: dict[str, str] = {}
    for e in entries:
        if e["kind"] == "assigned":
            assigned[e["code"]] = e["supervisor"]
    drift = [code for code, supervisor in assigned.items()
             if code not in gone_or_damaged and histories[code].supervisor != supervisor]
    if drift:
        failures.append(f"{len(drift)} take-overs lost")
    # the index: exactly the files, each with its supervisor
    index = json.loads((root / INDEX_FILE).read_text())["participants"]
    names = {p.stem for p in store.participants_dir.glob("*.json")}
    index_drift = set(index) ^ names
    wrong_supervisor = [name for name, entry in index.items()
                        if entry["code"] in histories and histories[entry["code"]].supervisor != entry["supervisor"]]
    if index_drift or wrong_supervisor:
        failures.append(f"index drift: {len(index_drift)} names, {len(wrong_supervisor)} supervisors")
    # erased: nowhere
    logs = "".join(p.read_text(errors="replace") for p in (root / "logs").glob("*")) if (root / "logs").exists() else ""
    for code in erased:
        path = store.path_of(code)
        if path.exists() or path.with_suffix(".lock").exists() or code in {e["code"] for e in index.values()} \
                or re.search(rf"\b{re.escape(code)}\b", logs) or path.stem in logs:
            failures.append(f"the erased {code} is still in the folder")
    # leftovers and modes
    leftovers = [p for p in root.rglob("*") if p.name.startswith(TMP_PREFIX)]
    lonely_locks = [p for p in store.participants_dir.glob("*.lock") if not p.with_suffix(".json").exists()]
    if leftovers or lonely_locks:
        failures.append(f"{len(leftovers)} temp files and {len(lonely_locks)} lock files left over")
    modes = Counter()
    for p in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        modes["folder" if p.is_dir() else "file"] += 1
        if mode != (0o700 if p.is_dir() else 0o600):
            failures.append(f"{p} has mode {mode:o}")
    numbers = {
        "answers": sum(1 for e in entries if e["kind"] == "answer"),
        "sent": len(sent),
        "adds": len(added),
        "take-overs": len(assigned) and sum(1 for e in entries if e["kind"] == "assigned"),
        "erasures": len(erased),
        "damaged": len(damaged),
        "files": modes["file"],
        "folders": modes["folder"],
    }
    return numbers, failures


def phase_processes(base: Path, seconds: float, seed: int, participants: int, readings: int) -> list[str]:
    say(f"1. Processes at once on a BIP-scale folder, {seconds:.0f} s")
    root = base / "bip"
    started = time.monotonic()
    info = make_bip_folder(root, participants, readings, 300)
    say(f"   folder: {participants:,} participants, {readings:,} readings, 300 supervisors "
        f"(written in {time.monotonic() - started:.1f} s)")
    work = base / "journals"
    work.mkdir()
    ran = run_workers(root, info, seconds, work, seed)
    entries = read_journals(work)
    numbers, failures = check_folder(root, entries)
    refused = Counter()
    for e in entries:
        if e["kind"] == "refused":
            refused.update(e["counts"])
    writes = numbers["answers"] + numbers["sent"] + numbers["adds"] + numbers["take-overs"] + numbers["erasures"]
    commands = [e for e in entries if e["kind"] == "command"]
    bad_commands = [e for e in commands if not e["ok"]]
    by_command = Counter(e["command"] for e in commands)
    say(f"   {ran['processes']} processes (4 kiosks, adds, take-overs, erasures, damage, exports/reports/lists)"
        f"{'; crashed: ' + str(ran['crashed']) if ran['crashed'] else ''}")
    say(f"   {writes:,} writes: {numbers['answers']:,} answers, {numbers['sent']:,} readings sent, "
        f"{numbers['adds']} participant adds, {numbers['take-overs']} take-overs, "
        f"{numbers['erasures']} erasures during the writes; {numbers['damaged']} files damaged meanwhile")
    say(f"   kiosk writes refused (participant erased or damaged meanwhile): "
        f"{', '.join(f'{k} {v}' for k, v in sorted(refused.items())) or 'none'}")
    say(f"   commands meanwhile: {by_command['export']} exports, {by_command['report']} reports, "
        f"{by_command['participants']} lists; {len(bad_commands)} failed")
    for e in bad_commands[:3]:
        say(f"     {e['command']}: {e['problems']} {e['stderr']}")
    say(f"   after: {numbers['files']:,} files and {numbers['folders']} folders checked "
        f"(modes, leftovers, index, journals)")
    if ran["crashed"]:
        failures.append(f"worker processes ended with {ran['crashed']}")
    failures += [f"command {e['command']} failed: {e['problems']}" for e in bad_commands]
    return failures


# -- 2. kinds of damage ----------------------------------------------------------------------

def small_folder(root: Path) -> Store:
    store = Store(root)
    store.add_supervisor("anna", PASSPHRASE)
    store.add_supervisor("bo", PASSPHRASE)
    flow = flow_library().current("participant")
    for n, code in enumerate(("P1", "P2", "P3", "P4", "P5")):
        store.add_participant(code, PIN, supervisor="anna" if n % 2 == 0 else "bo")
        reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=PARTICIPANT,
                                      rater=None, entry="kiosk", entered_by=None, meeting_date=today(),
                                      lang="sv")
        for question in flow.questions:
            if question.rates:
                store.save_answer(code, reading.id, Answer(question.id, question.indicator, 1 + n % 5, now()),
                                  None)
        store.complete_reading(code, reading.id)
    return store


def _no_dac_override() -> None:
    from tests.no_access import drop_permission_override

    drop_permission_override()


def _damages(base: Path):
    """(name, what it does to a folder's P2 (or the folder), whether every command must stop)."""
    other = Store(base / "other-folder")
    other.add_participant("P2", PIN)
    other.add_participant("Q9", PIN)

    def write(data: bytes):
        return lambda store: store.path_of("P2").write_bytes(data)

    def swap_in_place(kind):
        def apply(store):
            path = store.path_of("P2")
            path.unlink()
            if kind == "folder":
                path.mkdir()
            elif kind == "fifo":
                os.mkfifo(path, 0o600)
            elif kind == "loop":
                path.symlink_to(path)
        return apply

    nested = b"[" * 100_000 + b"]" * 100_000
    p2 = lambda store: store.path_of("P2")  # noqa: E731
    return [
        ("cut short", write(b'{"participant": {"1": {"format": 2, "co'), False, p2),
        ("empty", write(b""), False, p2),
        ("not JSON", write(b"this is no json"), False, p2),
        ("not UTF-8", write(b"\xff\xfe\xfd{}"), False, p2),
        ("JSON but no tables", write(b"[1, 2, 3]"), False, p2),
        ("no code in it", write(b'{"participant": {"1": {"format": 2}}}'), False, p2),
        ("nested too deep", write(nested), False, p2),
        ("another folder's file", lambda store: store.path_of("P2").write_bytes(
            other.path_of("Q9").read_bytes()), False, p2),
        ("no permission", lambda store: os.chmod(store.path_of("P2"), 0), False, p2),
        ("a folder in its place", swap_in_place("folder"), False, p2),
        ("a FIFO in its place", swap_in_place("fifo"), False, p2),
        ("a symlink loop in its place", swap_in_place("loop"), False, p2),
        ("a damaged supervisor file", lambda store: store._folder.supervisor_paths("bo")[0].write_bytes(b"{"),
         False, lambda store: store._folder.supervisor_paths("bo")[0]),
        ("a damaged index", lambda store: (store.root / "index.json").write_bytes(b"{ broken"), False,
         lambda store: store.root / "index.json"),
        ("a damaged record of erasures", lambda store: (store.root / "erasures.json").write_bytes(b"nope"), False,
         lambda store: store.root / "erasures.json"),
        ("the key file lost", lambda store: (store.root / "skapa-data.json").unlink(), True, None),
        ("another folder's key file", lambda store: shutil.copy(other.root / "skapa-data.json",
                                                                 store.root / "skapa-data.json"), True, None),
    ]


def _kept(path: Path) -> tuple | None:
    """What a damaged file is now: its node, and its bytes when it is a readable file."""
    if not os.path.lexists(path):
        return None
    st = path.lstat()
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) else None
    return st.st_ino, st.st_mode, data


def _snapshot(root: Path) -> dict:
    found = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        data = p.read_bytes() if stat.S_ISREG(st.st_mode) and st.st_mode & 0o400 else b""
        found[str(p.relative_to(root))] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), data)
    return found


def phase_damage(base: Path) -> list[str]:
    say("2. Kinds of damage (each on its own copy of a folder of five participants)")
    template = base / "small"
    small_folder(template)
    home = base / "home-damage"
    home.mkdir()
    failures = []
    kinds = _damages(base)
    commands = [("participants", "list"), ("export", "--format", "json", "--skip-damaged"),
                ("report", "--format", "json"), ("participants", "export", "P1"),
                ("participants", "add", "P9", "--pin", PIN), ("participants", "pin", "P2", "--pin", "5678"),
                ("supervisors", "list")]
    held = 0
    for name, apply, stops, target in kinds:
        root = base / f"damage-{len(os.listdir(base))}"
        shutil.copytree(template, root, symlinks=True)
        store = Store(root)
        damaged_path = target(store) if target else None
        apply(store)
        before = _snapshot(root) if stops else None
        kept = _kept(damaged_path) if damaged_path else None
        problems = []
        for command in commands:
            done = skapa(*command, "--data", root, home=home, preexec=_no_dac_override, timeout=60)
            problems += [f"{' '.join(command)}: {p}" for p in clean(done)]
            lines = done.stderr.strip().splitlines()
            if stops:
                if done.returncode != 1 or len(lines) != 1:
                    problems.append(f"{' '.join(command)} did not stop in one line ({done.returncode}: {lines})")
                continue
            if command[0] == "export" and done.returncode == 0:
                codes = [p["code"] for p in json.loads(done.stdout)["participants"]]
                if not {"P1", "P3", "P4", "P5"} <= set(codes):
                    problems.append("the export left out readable participants")
            elif command[0] == "export":
                problems.append(f"export --skip-damaged exited {done.returncode}: {lines[-1:]}")
            if command[0] == "report" and done.returncode != 0:
                problems.append(f"report exited {done.returncode}: {lines[-1:]}")
            if command == ("participants", "export", "P1") and done.returncode != 0:
                problems.append(f"P1 could not be exported: {lines[-1:]}")
        if stops and _snapshot(root) != before:
            problems.append("the folder changed")
        if kept is not None:
            now_there = _kept(damaged_path)
            aside = [p for p in root.glob(f"{damaged_path.name}.damaged-*") if p.read_bytes() == kept[2]]
            if now_there != kept and not aside:  # (a damaged index is kept aside, then made again)
                problems.append("the damaged file was written over")
        status = "held" if not problems else "FAILED: " + "; ".join(problems[:3])
        held += not problems
        say(f"   {name}: {status}")
        failures += [f"damage {name}: {p}" for p in problems]
    say(f"   {held} of {len(kinds)} kinds held, {len(kinds) * len(commands)} commands")
    return failures


# -- 3. a full disk ----------------------------------------------------------------------------

def _full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def phase_full_disk(base: Path) -> list[str]:
    say("3. A full disk (no write may add a byte: RLIMIT_FSIZE 0) and an output device that is full")
    root = base / "full"
    small_folder(root)
    home = base / "home-full"
    home.mkdir()
    failures = []
    before = _snapshot(root)
    commands = [("participants", "add", "P9", "--pin", PIN), ("participants", "pin", "P1", "--pin", "5678"),
                ("participants", "erase", "P3", "--yes"), ("supervisors", "deactivate", "bo"),
                ("export", "--format", "json", "--out", home / "export.json"),
                ("export", "--format", "csv", "--out", home / "tables.zip"),
                ("report", "--out", home / "report.txt"), ("summary", "P1", "--out", home / "p1.pdf")]
    told = 0
    for command in commands:
        done = skapa(*command, "--data", root, home=home, preexec=_full_disk)
        lines = done.stderr.strip().splitlines()
        problems = clean(done)
        if done.returncode != 1 or len(lines) != 1:
            problems.append(f"exit {done.returncode}, {len(lines)} lines: {lines[-2:]}")
        told += not problems
        failures += [f"full disk, {' '.join(map(str, command))}: {p}" for p in problems]
    after = _snapshot(root)
    changed = [name for name in set(before) | set(after)
               if before.get(name) != after.get(name) and not name.endswith(".lock")]
    locks = [p for p in (root / "participants").glob("*.lock") if not p.with_suffix(".json").exists()]
    temps = [p for p in root.rglob(".tmp-*")] + [p for p in home.iterdir() if p.name.startswith(".")]
    outputs = [p for p in home.iterdir() if not p.name.startswith(".")]
    if changed:
        failures.append(f"full disk: the folder changed: {sorted(changed)[:3]}")
    if locks or temps or outputs:
        failures.append(f"full disk: {len(locks)} lock files, {len(temps)} temp files, {len(outputs)} outputs left")
    device = None
    if os.geteuid() == 0:
        device = base / "full-device"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    elif os.path.exists("/dev/full"):
        device = Path("/dev/full")
    if device is not None:
        node = device.lstat()
        for command in (("export", "--format", "json"), ("report",), ("participants", "export", "P1")):
            done = skapa(*command, "--out", device, "--data", root, home=home)
            lines = done.stderr.strip().splitlines()
            problems = clean(done)
            if done.returncode != 1 or len(lines) != 1 or "full" not in lines[0]:
                problems.append(f"exit {done.returncode}: {lines[-2:]}")
            after_node = device.lstat()
            if (after_node.st_ino, after_node.st_mode, after_node.st_rdev) != (node.st_ino, node.st_mode,
                                                                              node.st_rdev):
                problems.append("the device was replaced")
            told += not problems
            failures += [f"full device, {command[0]}: {p}" for p in problems]
    total = len(commands) + (3 if device is not None else 0)
    say(f"   {told} of {total} commands said it in one line and exit 1; "
        f"{'nothing half-written or left over' if not any('full disk:' in f for f in failures) else 'LEFTOVERS'}")
    return failures


# -- 4. odd command lines ---------------------------------------------------------------------

def odd_command_lines(rng: random.Random, count: int, base: Path) -> list[list[str]]:
    folder = str(base / "odd-data")
    missing = str(base / "no" / "such" / "folder")
    a_file = str(base / "odd-file")
    Path(a_file).write_text("not a folder")
    commands = [["participants", "list"], ["participants", "add", "X1"], ["participants", "export", "P1"],
                ["participants", "erase", "P1"], ["participants", "pin", "P1"], ["supervisors", "list"],
                ["supervisors", "add", "zed"], ["export"], ["report"], ["summary", "P1"], ["demo"],
                ["flows", "check"], ["flows", "diagram"], ["kiosk"], ["supervisor"], ["nonsense"], []]
    options = [["--data", folder], ["--data", ""], ["--data", missing], ["--data", a_file],
               ["--data", "~nosuchuser4711/x"], ["--data", "   "], ["--pin", "12"], ["--pin", "１２３４"],
               ["--pin", "1234"], ["--format", "json"], ["--format", "csv"], ["--format", "xml"],
               ["--table", "answers"], ["--from", "2024-13-01"], ["--to", "yesterday"], ["--from", "2030-01-01"],
               ["--out", str(base)], ["--out", ""], ["--lang", "xx"], ["--lang", "da"], ["--yes"], ["--by", ""],
               ["--by", "nobody"], ["--idle-seconds", "nan"], ["--idle-seconds", "-1"], ["--lock-minutes", "inf"],
               ["--skip-damaged"], ["--supervisor", "ghost"], ["--role", "king"], ["--name", "x" * 500],
               ["--help"], ["--version"], ["--"], ["-"], ["Ärlig"], ["\u202eevil"], ["a b"], ["P1"], ["P1", "P2"],
               ["--unknown"]]
    lines = []
    for _ in range(count):
        line = list(rng.choice(commands))
        for _ in range(rng.randint(0, 3)):
            line += rng.choice(options)
        lines.append(line)
    return lines


def phase_odd_command_lines(base: Path, count: int, seed: int) -> list[str]:
    say(f"4. Odd command lines ({count}, seed {seed})")
    small_folder(base / "odd-data")
    home = base / "home-odd"
    home.mkdir()
    rng = random.Random(seed)
    lines = odd_command_lines(rng, count, base)
    creating = [line for line in lines if line[:2] in (["participants", "add"], ["supervisors", "add"])
                or line[:1] == ["demo"]]
    reading = [line for line in lines if line not in creating]
    failures = []
    exits: Counter = Counter()
    from concurrent.futures import ThreadPoolExecutor

    def run(line):
        return line, skapa(*line, home=home, timeout=60)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for batch in (reading, creating):  # the ones that only read first: they never make a folder
            for line, done in pool.map(run, batch):
                exits[done.returncode] += 1
                for problem in clean(done):
                    failures.append(f"skapa {' '.join(line)!r}: {problem}")
            if batch is reading and (base / "no").exists():
                failures.append("a command that only reads made a folder")
    say(f"   exit codes: {', '.join(f'{code}: {n}' for code, n in sorted(exits.items()))}; "
        f"{len(failures)} with a traceback, an unexpected error, a secret or a folder made by reading")
    return failures


# -- 5. random keys -----------------------------------------------------------------------------

def phase_keys(base: Path, keys: int, seed: int) -> list[str]:
    say(f"5. Random keys at the desk and the kiosk (seed {seed})")
    from tests.functional.desk_helpers import MY_PASSPHRASE as PASSPHRASE_OF_THE_WALK
    from tests.functional.desk_helpers import make_store
    from tests.functional.test_desk_data_safety import (
        BACK_TO_A_ROW,
        CODES,
        EVENTS,
        HERE,
        KEYS,
        PAGE_KEYS,
        walk,
        with_a_sent_reading,
    )

    rng = random.Random(seed)
    keys_to_press = [*KEYS, *("enter", "ctrl+u") * 2, *PAGE_KEYS, "escape", "escape"]
    events_to_make = [*EVENTS, *("take over",) * 3, *("give back",) * 2]
    failures = []
    pressed = events = walks = 0
    started = time.monotonic()
    os.environ["HOME"] = str(base)  # a summary saved on a walk lands here,
    os.chdir(base)  # also under a relative name typed at random
    while pressed < keys:
        walks += 1
        root = base / f"walk-{walks}" / "data"
        store = make_store(root, *CODES)
        with_a_sent_reading(store, "AB12")
        script = []
        for _episode in range(8):  # as the test's walk: back to a row, open it, keys and changes
            script += [*BACK_TO_A_ROW, *[("key", "down")] * rng.randint(0, 2), ("key", "enter")]
            pressed += len(BACK_TO_A_ROW) + len(PASSPHRASE_OF_THE_WALK)  # (unlocking types the passphrase)
            for _ in range(rng.randint(3, 15)):
                if rng.random() < 1 / 3:
                    script.append((rng.choice(events_to_make), rng.choice((HERE,) * 3 + CODES)))
                    events += 1
                else:
                    script.append(("key", rng.choice(keys_to_press)))
                    pressed += 1
        try:
            asyncio.run(walk(root, script))
        except Exception as exc:  # noqa: BLE001 - a crash of the app comes out of run_test
            failures.append(f"desk walk {walks}: {type(exc).__name__}: {exc}")
    desk_seconds = time.monotonic() - started
    say(f"   desk: {pressed:,} keys and {events} changes by a second desk in {walks} walks "
        f"({desk_seconds:.0f} s): {len(failures)} crashes")
    kiosk_failures, kiosk_keys = kiosk_walk(base, keys // 2, rng)
    say(f"   kiosk: {kiosk_keys:,} keys: {len(kiosk_failures)} crashes")
    return failures + kiosk_failures


def kiosk_walk(base: Path, keys: int, rng: random.Random) -> tuple[list[str], int]:
    from skapa_tui.ui.kiosk_app import KioskApp

    root = base / "kiosk-walk"
    store = small_folder(root)
    other = Store(root)
    typing = list("P1234") + ["enter", "backspace", "up", "down", "space", "tab", "shift+tab", "escape",
                              "0", "1", "2", "3", "4", "5", "ctrl+q", "ctrl+c", "q", "é"]
    failures = []
    pressed = 0

    async def one(script):
        app = KioskApp(store, flow_library(), lang="sv", settle=0.0, thanks_seconds=0.5)
        async with app.run_test(size=(80, 24)) as pilot:
            for step in script:
                if step == "login":
                    await pilot.press(*"P1", "enter", *PIN, "enter")
                elif step == "erase-P5":
                    try:
                        other.erase_participant("P5", by="soak")
                    except StorageError:
                        pass
                else:
                    await pilot.press(step)
                await pilot.pause(0)
                if app.crash is not None:
                    return f"kiosk crashed: {app.crash!r}"
        return None if app.crash is None else f"kiosk crashed: {app.crash!r}"

    while pressed < keys:
        script = []
        for _ in range(150):
            r = rng.random()
            script.append("login" if r < 0.05 else "erase-P5" if r < 0.06 else rng.choice(typing))
            pressed += 1
        try:
            problem = asyncio.run(one(script))
        except Exception as exc:  # noqa: BLE001 - a crash of the app comes out of run_test
            problem = f"kiosk crashed: {type(exc).__name__}: {exc}"
        if problem:
            failures.append(problem)
    return failures, pressed


# -- 6. memory ----------------------------------------------------------------------------------

def _in_a_terminal(argv: list[str], steps: list[str], home: Path) -> int:
    """Run ``argv`` in an 80x24 pseudo-terminal, type each step a few seconds
    after the one before, and return the process's peak RSS (KiB)."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SKAPA_", "LC_", "LANG"))}
    env.update(HOME=str(home), TERM="xterm-256color", SKAPA_LANG="sv", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                               start_new_session=True)
    os.close(slave)

    def settle(seconds: float = 2.5) -> None:
        # (the screen is never quiet: a text field's cursor blinks; so a while)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    os.read(master, 65536)
                except OSError:
                    return

    try:
        settle(5.0)
        for step in steps:
            os.write(master, step.encode())
            settle()
        with open(f"/proc/{process.pid}/status") as fp:
            peak = next(int(line.split()[1]) for line in fp if line.startswith("VmHWM:"))
    finally:
        process.kill()
        process.wait()
        os.close(master)
    return peak


def phase_memory(base: Path) -> list[str]:
    say("6. Memory at BIP scale (peak RSS of the real command in an 80x24 terminal)")
    if not Path("/proc/self/status").exists():
        say("   (no /proc here: not measured)")
        return []
    failures = []
    home = base / "home-memory"
    home.mkdir()
    root = str(base / "bip")
    command = [sys.executable, "-m", "skapa_tui"]
    runs = {
        "kiosk (a login, an answer)": ([*command, "kiosk", "--data", root], ["B00001\r", "1234\r", "3"]),
        "desk (a caseload of 60, a participant's page)": (
            [*command, "supervisor", "--data", root], ["s0000\r", PASSPHRASE + "\r", "\r"]),
    }
    for name, (argv, steps) in runs.items():
        try:
            kib = _in_a_terminal(argv, steps, home)
        except (OSError, StopIteration) as exc:
            failures.append(f"memory of the {name}: {exc}")
            continue
        say(f"   {name}: {kib / 1024:.0f} MiB")
    return failures


# -- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=45, help="how long the processes run (default 45)")
    parser.add_argument("--participants", type=int, default=4000)
    parser.add_argument("--readings", type=int, default=30000)
    parser.add_argument("--walk-keys", type=int, default=1000, help="random keys at the desk (default 1000)")
    parser.add_argument("--command-lines", type=int, default=300)
    parser.add_argument("--seed", type=int, default=None, help="replay a run (default: a new seed, printed)")
    parser.add_argument("--quick", action="store_true", help="a short run: 15 s, 300 keys, 60 command lines")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.walk_keys, args.command_lines = 15, 300, 60
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2 ** 31)
    say(f"skapa soak, seed {seed} (replay: python -m tools.soak --seed {seed})")
    started = time.monotonic()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="skapa-soak-") as tmp:
        base = Path(tmp)
        os.chmod(base, 0o700)
        failures += phase_processes(base, args.seconds, seed, args.participants, args.readings)
        failures += phase_damage(base)
        failures += phase_full_disk(base)
        failures += phase_odd_command_lines(base, args.command_lines, seed)
        failures += phase_keys(base, args.walk_keys, seed)
        failures += phase_memory(base)
        # (the process phase's folder is read by phase_memory: it is removed last)
    say()
    say(f"{len(failures)} failures in {time.monotonic() - started:.0f} s")
    for failure in failures[:30]:
        say(f"  - {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
