"""A data folder for the leader's report screen: a supervisor, a leader and
participants with readings of both sides typed in from paper on fixed dates,
a few interventions and follow-ups. The desk's day is `TODAY`; the default
period (the last 12 months) holds the people of `IN_PERIOD`, and the people
of `EARLIER` have readings only before it."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

from skapa_tui.domain.indicators import PARTICIPANT, SUPERVISOR
from skapa_tui.domain.interventions import JOB_FOCUSED, KINDS, SOCIAL
from skapa_tui.domain.reading import Answer
from skapa_tui.domain.supervisor import ROLE_LEADER
from skapa_tui.resources import flow_library
from skapa_tui.storage import Store

from .desk_helpers import ME, MY_PASSPHRASE, TODAY, make_app  # noqa: F401  (re-exported)

LEADER, LEADER_PASSPHRASE = "lena", "lenas long passphrase"
IN_PERIOD = tuple(f"QZ-70{n}" for n in range(41, 48))
"""Seven people with two readings of each side in the default period."""
EARLIER = ("QZ-7091", "QZ-7092")
"""Two people whose readings are all from before the default period."""
CODES = IN_PERIOD + EARLIER
AT = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def _reading(store: Store, code: str, role: str, day: date, value_of) -> None:
    library = flow_library()
    flow = library.current("participant" if role == PARTICIPANT else "supervisor")
    reading = store.start_reading(code, flow=flow.id, flow_version=flow.version, role=role,
                                  rater=ME if role == SUPERVISOR else None, entry="paper", entered_by=ME,
                                  meeting_date=day, lang="sv")
    for n, question in enumerate(q for q in flow.questions if q.rates):
        store.save_answer(code, reading.id, Answer(question.id, question.indicator, value_of(n), AT), None)
    store.complete_reading(code, reading.id)


FOLDER_KEY = "1ead" * 16
"""The folder's key: the report's noise is drawn from the participants' file names
(made with it) and their readings' ids (drawn from it here), so the figures, and
the snapshots, are the same every run."""


def leader_folder(data: Path) -> Store:
    """The folder (see the module): hand-made values, so the report has real figures."""
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    meta = data / "skapa-data.json"
    meta.write_text(json.dumps({"format": 1, "key": FOLDER_KEY}), encoding="utf-8")
    os.chmod(meta, 0o600)
    drawn = random.Random(FOLDER_KEY)
    with mock.patch("os.urandom", drawn.randbytes):
        return _fill(Store(data))


def _fill(store: Store) -> Store:
    store.add_supervisor(ME, MY_PASSPHRASE, "Anna Lind")
    store.add_supervisor(LEADER, LEADER_PASSPHRASE, "Lena Ek", role=ROLE_LEADER)
    job = next(k for k in KINDS if k.group == JOB_FOCUSED)
    social = next(k for k in KINDS if k.group == SOCIAL)
    for p, code in enumerate(CODES):
        store.add_participant(code, "1234", supervisor=ME)
        early = code in EARLIER
        days = (date(2023, 5, 2), date(2023, 9, 4)) if early else (date(2024, 6, 3), date(2024, 12, 2))
        for role in (PARTICIPANT, SUPERVISOR):
            _reading(store, code, role, days[0], lambda n: 2)
            # the latest: some up, some the same, one down; the supervisor now and then two apart
            step = (1, 0, 2, -1, 1, 0, 1, 2, 0)[p]
            if role == SUPERVISOR:
                _reading(store, code, role, days[1],
                         lambda n, p=p, step=step: max(1, min(5, 2 + step + (2 if n == p else 0))))
            else:
                _reading(store, code, role, days[1],
                         lambda n, p=p, step=step: None if n == 3 and p == 1 else max(1, min(5, 2 + step + n % 2)))
        if p % 2 == 0:
            for kind in (job, social):
                store.add_intervention(code, kind=kind.id, group=kind.group, text=None, start=days[0],
                                       end=None, responsible=ME, by=ME)
        store.set_follow_up(code, date(2025, 1, 10) if p in (0, 3) else date(2025, 5, 5), by=ME)
    return store
