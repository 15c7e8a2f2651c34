"""The attack suite of the organisation's report (issue 14).

It attacks the report through its public output only (the JSON that
``skapa report --format json`` writes, read back), on the demo folder
changed by corrections and erasures in between (`world`), and fails when an
attack recovers one person's rating, change or a hidden figure better than
guessing from the population (`scoring` says precisely what that means).
``python -m tests.attacks`` prints every attack's numbers.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from . import attacks, public, scoring
from .world import DAYS, KEY, build_world


def run(day: date, key: str = KEY, check: bool = True, root: Path | None = None) -> list[scoring.Score]:
    """Every attack on the demo made on ``day`` with the folder key ``key``: their scores."""
    with tempfile.TemporaryDirectory(prefix="skapa-attacks-") as tmp:
        states = build_world((root or Path(tmp)) / "data", day, key)
        reports = [asked for state in states for asked in public.ask(state, check=check)]
    truth = attacks.truth_of(states)
    obs = attacks.gather(reports)
    linear, confident, posterior = attacks.linear(obs, truth, states)
    complement, members = attacks.groups(reports, truth, posterior)
    found = [
        attacks.differencing(obs, truth, average=False),
        attacks.differencing(obs, truth, average=True),
        linear, confident,
        attacks.summed_linear(truth, states, posterior),
        attacks.within_report(reports, truth),
        attacks.sizes_from_bounds(reports),
        complement, members,
    ]
    return [s for claims in found for s in scoring.score(claims)]


__all__ = ["DAYS", "KEY", "run"]
