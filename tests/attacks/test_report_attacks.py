"""The attack suite (issue 14): no attack on the organisation's report beats
guessing from the population, on the demo made on two days, with corrections
and erasures in between; and with the protection's noise taken away, the
same attacks do beat it (so this suite can fail).

What the attacks are and what "beats guessing" means precisely: `attacks`,
`scoring`. ``python -m tests.attacks`` prints every number.
"""

from __future__ import annotations

import dataclasses

import pytest

from skapa_tui.logic.report import protection

from . import DAYS, run

# Its module-scoped fixtures are built once: under pytest-xdist (`make test`)
# all its tests run in one worker.
pytestmark = [pytest.mark.xdist_group("attacks"), pytest.mark.slow]


@pytest.fixture(scope="module", params=DAYS, ids=[d.isoformat() for d in DAYS])
def scores(request):
    return run(request.param)


def test_no_attack_beats_guessing(scores):
    beaten = [s.line() for s in scores if s.beats]
    assert beaten == [], "\n".join(beaten)


def test_every_attack_has_targets(scores):
    """An attack that names nothing could never fail: each names targets of its kind."""
    named = {(s.attack, s.kind) for s in scores if s.named}
    for attack, kind in (("differencing", "rating"), ("differencing", "change"), ("differencing", "summed"),
                         ("averaging", "rating"), ("averaging", "direction"), ("linear", "rating"),
                         ("linear", "change"), ("linear", "direction"), ("linear-confident", "direction"),
                         ("summed-linear", "summed"), ("sizes-from-bounds", "hidden"),
                         ("groups-complement", "hidden"), ("groups-members", "hidden")):
        assert (attack, kind) in named, (attack, kind)


def test_no_derivation_inside_a_report_finds_anything(scores):
    """Counted minus no answer, a share giving a count of 1-4 away, a printed count of
    1-4, a hidden total from the indicators: none of them is there to be made."""
    assert [s.line() for s in scores if s.attack == "within-report" and s.named] == []


def test_without_the_noise_the_attacks_beat_guessing(monkeypatch):
    """The same attacks, the same periods and thresholds, but (almost) no noise: they
    find people (what the suite is for), so the noise is what protects them."""
    quiet = {"COUNT_NOISE": 0, "RATING_NOISE": 1e-6, "SUMMED_NOISE": 1e-6, "SD_NOISE": 0.0}
    for name, value in quiet.items():
        monkeypatch.setattr(protection, name, value)
    monkeypatch.setattr(protection, "PROTECTION", dataclasses.replace(
        protection.PROTECTION, count_noise=0, rating_noise=1e-6, summed_noise=1e-6, sd_noise=0.0))
    beaten = {(s.attack, s.kind) for s in run(DAYS[0], check=False) if s.beats}
    assert {("differencing", "rating"), ("averaging", "rating"), ("linear-confident", "rating"),
            ("groups-complement", "hidden")} <= beaten
