"""The attacks on the organisation's report: what a reader can work out about
one person from any number of reports, their public figures and what the
reader knows (who met when, whose answers are missing, who was corrected
or erased; see `world`).

Each attack names *targets* and a guess for each (`Claims`); `scoring`
compares the guesses with the truth and with the best guess from the
population. The targets:

- ``rating``: one answer of one person (one reading, one indicator, one side);
- ``change``: one person's change on one indicator between two of their
  readings (the first and latest of some period);
- ``direction``: whether that change was up, none or down;
- ``summed``: one person's change of the summed score between two readings
  (right when within `SUMMED_TOLERANCE` points);
- ``hidden``: a figure the report hides (``<5``): a group's size or a count
  of 1-4 (right when exact) or a hidden group's mean change (within
  `HIDDEN_TOLERANCE` points).

Every cell of every report is read as a sum over the people it holds (a
mean times its people, a share times its people), with the variance of the
noise the report says it may hold (none said: rounding only). A guess is
the most likely value given the evidence and the population (`bayes`,
`shrink`), as a reader who knows the method would guess: noise alone then
makes no guess other than the population's.

The attacks:

- ``differencing``: two reports whose cells differ by one person's figure
  (periods a day apart, the same period before and after a correction or an
  erasure): the difference of their sums is that figure;
- ``averaging``: every such difference for the same target, averaged
  (Asghar and Kaafar's attack on noise drawn per cell);
- ``linear``: all cells of all reports as linear equations in every
  person's answers, solved at once with the population as the prior (the
  best a reader can do with sums; it subsumes the two above and rebuilds
  people from groups);
- ``linear-confident``: the same, naming only the targets it is at least
  `CONFIDENT` sure of (a reader who picks out the people a report gives
  away);
- ``summed-linear``: each person's summed-score change from the linear
  attack's answers;
- ``within-report``: derivations inside one report: a hidden size as
  counted minus no answer, a share times its people giving a count of 1-4,
  a count of 1-4 printed, a hidden total from the indicators' means;
- ``sizes-from-bounds``: a row's true number of people from what is
  printed beside its noised number (its "±", whether its shares are
  there), when that leaves one number;
- ``groups-complement``, ``groups-members``: a hidden group's mean change
  from the total and the other groups, or from its members' estimated
  changes (the linear attack's, person by person).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .public import Asked, Pair, number, pairs, side_data, summed_members
from .world import INDICATORS, SIDES, State

SUMMED_TOLERANCE = 2.0
"""A person's summed-score change counts as found when guessed within this many points."""
HIDDEN_TOLERANCE = 0.5
"""A hidden group's mean change counts as found when guessed within this many points."""
CONFIDENT = 0.6
"""``linear-confident`` names a target when its guess is at least this likely."""
EXACT_VARIANCE = 1e-4
"""The variance a reader assumes for a sum when the report says nothing of noise (rounding only)."""


# -- the truth and the population ------------------------------------------------------

@dataclass
class Truth:
    """The values behind the targets (what the scoring reads) and the population
    the baseline guesses from."""

    values: dict[tuple, int] = field(default_factory=dict)          # unknown -> value
    side_of: dict[tuple, str] = field(default_factory=dict)         # unknown -> side
    ratings: dict[tuple[str, str], Counter] = field(default_factory=dict)  # (side, indicator) -> values
    changes: dict[tuple[str, str], Counter] = field(default_factory=dict)
    summed: dict[str, list[float]] = field(default_factory=dict)    # side -> summed changes
    summed_of: dict[tuple, float] = field(default_factory=dict)     # a person's pair -> summed change

    def prior(self, side: str, indicator: str) -> dict[int, float]:
        counts = self.ratings[(side, indicator)]
        total = sum(counts.values())
        return {v: counts.get(v, 0) / total for v in range(1, 6)}

    def change_prior(self, side: str, indicator: str) -> dict[int, float]:
        counts = self.changes[(side, indicator)]
        total = sum(counts.values())
        return {v: counts.get(v, 0) / total for v in range(-4, 5)}


def truth_of(states: list[State]) -> Truth:
    truth = Truth()
    for state in states:
        for person in state.people.values():
            for side in SIDES:
                for visit in person.visits[side]:
                    for indicator, value in visit.values.items():
                        truth.values[visit.unknown(indicator)] = value
                        truth.side_of[visit.unknown(indicator)] = side
    first = states[0]
    for side in SIDES:
        for indicator in INDICATORS[side]:
            truth.ratings[(side, indicator)] = Counter(
                v.values[indicator] for p in first.people.values() for v in p.visits[side]
                if indicator in v.values)
            truth.changes[(side, indicator)] = Counter(
                b.values[indicator] - a.values[indicator]
                for p in first.people.values() for i, a in enumerate(p.visits[side])
                for b in p.visits[side][i + 1:] if indicator in a.values and indicator in b.values)
        truth.summed[side] = sorted(
            summed_change(pair) for pair in all_pairs(first, side) if summed_change(pair) is not None)
    for state in states:
        for side in SIDES:
            for pair in all_pairs(state, side):
                real = summed_change(pair)
                if real is not None:
                    truth.summed_of[pair_key(pair)] = real
    return truth


def all_pairs(state: State, side: str) -> list[Pair]:
    return [Pair(code, side, a, b) for code, p in state.people.items()
            for i, a in enumerate(p.visits[side]) for b in p.visits[side][i + 1:]]


def summed_change(pair: Pair) -> float | None:
    both = pair.one.answered & pair.two.answered
    k = len(INDICATORS[pair.side])
    if 2 * len(both) < k:
        return None
    return sum(pair.two.values[i] - pair.one.values[i] for i in both) * k / len(both)


def pair_key(pair: Pair, indicator: str | None = None) -> tuple:
    if indicator is None:
        return ("summed", pair.side, pair.code, pair.one.id, pair.two.id,
                tuple(sorted(pair.one.versions.items())), tuple(sorted(pair.two.versions.items())))
    return (pair.side, indicator, pair.one.unknown(indicator), pair.two.unknown(indicator))


# -- claims ----------------------------------------------------------------------------------

@dataclass
class Claims:
    """An attack's guesses: kind -> {target: guess}; ``confidence`` where the attack has one."""

    name: str
    guesses: dict[str, dict[tuple, float]] = field(default_factory=lambda: defaultdict(dict))
    truths: dict[str, dict[tuple, float]] = field(default_factory=lambda: defaultdict(dict))
    baselines: dict[str, dict[tuple, float]] = field(default_factory=lambda: defaultdict(dict))

    def claim(self, kind: str, target: tuple, guess: float, truth: float, baseline: float) -> None:
        self.guesses[kind][target] = guess
        self.truths[kind][target] = truth
        self.baselines[kind][target] = baseline


def mode(prior: dict[int, float]) -> int:
    return max(prior, key=lambda v: (prior[v], -abs(v)))


def direction(value: float) -> int:
    return (value > 0) - (value < 0)


def median(values: list[float]) -> float:
    return values[len(values) // 2] if values else 0.0


# -- observations: each report's cells as sums over who they hold ----------------------------

@dataclass(frozen=True)
class Observation:
    measure: str          # first | latest | change | improved | same | worse | summed
    side: str
    key: str              # indicator or summed-score group
    atoms: frozenset      # who the cell holds (unknowns, pairs of them, or people's pairs)
    value: float          # the cell's sum (mean x people) or count (share x people)
    variance: float       # what the reader assumes of its noise


def _noise(data: dict) -> dict:
    """The bounds of the noise the report says it added (none before it said so)."""
    said = data.get("protection") or {}
    return {"rating": float(said.get("rating_noise", 0.0)), "summed": float(said.get("summed_noise", 0.0)),
            "count": float(said.get("count_noise", 0.0))}


def _variance(bound: float, people: int) -> float:
    """Uniform noise of at most ``bound`` (a report's sums), plus the rounding of a
    mean of ``people`` to two decimals."""
    return bound * bound / 3 + EXACT_VARIANCE * people * people


def observations(asked: Asked) -> list[Observation]:
    data, state, first, last = asked.data, asked.state, asked.first, asked.last
    noise = _noise(data)
    found: list[Observation] = []
    for side in SIDES:
        sd = side_data(data, side)
        everyone = pairs(state, side, first, last)
        for row in sd["indicators"]:
            indicator = row["indicator"]
            members = [p for p in everyone if indicator in p.one.answered and indicator in p.two.answered]
            n = len(members)
            if not n:
                continue
            for measure, atoms in (("first", frozenset(p.one.unknown(indicator) for p in members)),
                                   ("latest", frozenset(p.two.unknown(indicator) for p in members)),
                                   ("change", frozenset(pair_key(p, indicator) for p in members))):
                mean = number(row.get(f"mean_{measure}"))
                if mean is not None:
                    found.append(Observation(measure, side, indicator, atoms, mean * n,
                                             _variance(noise["rating"] * (2 if measure == "change" else 1), n)))
            atoms = frozenset(pair_key(p, indicator) for p in members)
            for measure in ("improved", "same", "worse"):
                share = number(row.get(measure))
                if share is not None:
                    count_noise = noise["count"] * (noise["count"] + 1) / 3  # an integer from -D to D
                    found.append(Observation(measure, side, indicator, atoms, share * n,
                                             count_noise + (0.01 * n) ** 2 / 12 + EXACT_VARIANCE))
        members = summed_members(state, side, first, last)
        groups = {"all": [m[0] for m in members]}
        for pair, mixed, changes in members:
            groups.setdefault(f"mix:{mixed}", []).append(pair)
            groups.setdefault(f"changes:{changes}", []).append(pair)
        rows = {"all": sd["total"], **{f"mix:{g['group']}": g for g in sd["by_mix"]},
                **{f"changes:{g['group']}": g for g in sd["by_changes"]}}
        for key, row in rows.items():
            people = groups.get(key, [])
            mean = number(row.get("mean_change"))
            if people and mean is not None:
                found.append(Observation("summed", side, key, frozenset(pair_key(p) for p in people),
                                         mean * len(people), _variance(noise["summed"], len(people))))
    return found


def gather(reports: list[Asked]) -> list[Observation]:
    """Every distinct observation of every report (one reported twice alike counts once)."""
    seen: dict[tuple, Observation] = {}
    for asked in reports:
        for obs in observations(asked):
            seen.setdefault((obs.measure, obs.side, obs.key, obs.atoms, round(obs.value, 6)), obs)
    return list(seen.values())


# -- differencing and averaging ---------------------------------------------------------------

def _differences(obs: list[Observation]) -> dict[tuple, list[tuple[float, float]]]:
    """(measure, side, key, atom) -> each (difference, its variance) of two cells that
    hold the same atoms but ``atom`` (the larger minus the smaller)."""
    index: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        index[(o.measure, o.side, o.key, o.atoms)].append(o)
    samples: dict[tuple, list[tuple[float, float]]] = defaultdict(list)
    for o in obs:
        if len(o.atoms) < 2:
            continue
        for atom in o.atoms:
            for smaller in index.get((o.measure, o.side, o.key, o.atoms - {atom}), ()):
                samples[(o.measure, o.side, o.key, atom)].append(
                    (o.value - smaller.value, o.variance + smaller.variance))
    return samples


def _combine(found: list[tuple[float, float]], average: bool) -> tuple[float, float]:
    """One difference, or all of them averaged by their precision: (estimate, variance)."""
    if not average:
        return found[0]
    precision = sum(1 / v for _d, v in found)
    return sum(d / v for d, v in found) / precision, 1 / precision


def differencing(obs: list[Observation], truth: Truth, average: bool) -> Claims:
    """Differences of cells that differ by one person (see the module); each guess
    is the most likely value given the difference and the noise the report says
    it may hold, and the population (so noise alone makes no guess)."""
    claims = Claims("averaging" if average else "differencing")
    samples = _differences(obs)
    directions: dict[tuple, dict[str, tuple[float, float]]] = defaultdict(dict)
    for (measure, side, key, atom), found in samples.items():
        value, variance = _combine(found, average)
        if measure in ("first", "latest"):
            if atom in truth.values:
                prior = truth.prior(side, key)
                claims.claim("rating", atom, bayes(prior, value, variance)[0], truth.values[atom], mode(prior))
        elif measure == "change":
            real = _pair_truth(truth, atom)
            if real is not None:
                prior = truth.change_prior(side, key)
                guess = bayes(prior, value, variance)[0]
                claims.claim("change", atom, guess, real, mode(prior))
        elif measure in ("improved", "same", "worse"):
            directions[(side, key, atom)][measure] = (value, variance)
        elif measure == "summed":
            real = truth.summed_of.get(atom)
            if real is not None:
                claims.claim("summed", atom, shrink(truth.summed[side], value, variance), real,
                             median(truth.summed[side]))
    for (side, key, atom), found in directions.items():
        real = _pair_truth(truth, atom)
        if real is None:
            continue
        signs = _signs(truth.change_prior(side, key))
        likely = {d: p * math.prod(math.exp(-0.5 * (v - (d == sign)) ** 2 / var)
                                   for measure, (v, var) in found.items()
                                   for sign in ({"improved": 1, "same": 0, "worse": -1}[measure],))
                  for d, p in signs.items()}
        claims.claim("direction", atom, max(likely, key=likely.get), direction(real), max(signs, key=signs.get))
    return claims


def bayes(prior: dict[int, float], estimate: float, variance: float) -> tuple[int, float]:
    """The most likely value, and how likely, given an estimate with Gaussian noise of
    ``variance`` and the population's ``prior``."""
    weights = {v: p * math.exp(-0.5 * (v - estimate) ** 2 / max(variance, 1e-12)) for v, p in prior.items()}
    total = sum(weights.values())
    if total <= 0:  # the estimate is far outside: the nearest value
        best = min(prior, key=lambda v: abs(v - estimate))
        return best, 1.0
    best = max(weights, key=weights.get)
    return best, weights[best] / total


def shrink(population: list[float], estimate: float, variance: float) -> float:
    """The best guess of a number given an estimate with noise of ``variance`` and the
    population's values (their mean and variance as the prior)."""
    if len(population) < 2:
        return estimate
    mu = sum(population) / len(population)
    var = sum((x - mu) ** 2 for x in population) / (len(population) - 1)
    return (mu / var + estimate / max(variance, 1e-12)) / (1 / var + 1 / max(variance, 1e-12))


def _signs(prior: dict[int, float]) -> dict[int, float]:
    signs = {-1: 0.0, 0: 0.0, 1: 0.0}
    for value, p in prior.items():
        signs[direction(value)] += p
    return signs


def _pair_truth(truth: Truth, atom: tuple) -> int | None:
    _side, _indicator, one, two = atom
    if one in truth.values and two in truth.values:
        return truth.values[two] - truth.values[one]
    return None


# -- the linear attack -----------------------------------------------------------------------

def linear(obs: list[Observation], truth: Truth, states: list[State]) -> tuple[Claims, Claims, dict]:
    """The linear attack and its confident part; also each unknown's posterior
    (mean, variance) for the group attacks."""
    claims, confident = Claims("linear"), Claims("linear-confident")
    posterior: dict[tuple, tuple[float, float]] = {}
    by_cell: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in obs:
        if o.measure in ("first", "latest", "change"):
            by_cell[(o.side, o.key)].append(o)
    for (side, indicator), rows in by_cell.items():
        if not _change_is_its_own(rows):
            rows = [o for o in rows if o.measure != "change"]
        unknowns = sorted({u for o in rows for u in _unknowns(o)})
        index = {u: k for k, u in enumerate(unknowns)}
        a = np.zeros((len(rows), len(unknowns)))
        y = np.zeros(len(rows))
        w = np.zeros(len(rows))
        for r, o in enumerate(rows):
            for u, c in _coefficients(o):
                a[r, index[u]] += c
            y[r] = o.value
            w[r] = 1 / o.variance
        prior = truth.prior(side, indicator)
        mu0 = sum(v * p for v, p in prior.items())
        var0 = sum((v - mu0) ** 2 * p for v, p in prior.items())
        precision = a.T @ (a * w[:, None]) + np.eye(len(unknowns)) / var0
        cov = np.linalg.inv(precision)
        mean = cov @ (a.T @ (w * y) + mu0 / var0)
        for u, k in index.items():
            posterior[u] = (float(mean[k]), float(cov[k, k]))
        for u, k in index.items():
            if u not in truth.values:
                continue
            guess, p = _discrete(prior, mean[k], cov[k, k], mu0, var0)
            claims.claim("rating", u, guess, truth.values[u], mode(prior))
            if p >= CONFIDENT:
                confident.claim("rating", u, guess, truth.values[u], mode(prior))
        change_prior = truth.change_prior(side, indicator)
        for state in states:
            for pair in all_pairs(state, side):
                if indicator not in pair.one.answered or indicator not in pair.two.answered:
                    continue
                one, two = pair.one.unknown(indicator), pair.two.unknown(indicator)
                if one not in index or two not in index:
                    continue
                atom = pair_key(pair, indicator)
                i, j = index[one], index[two]
                m = mean[j] - mean[i]
                v = cov[i, i] + cov[j, j] - 2 * cov[i, j]
                # the change's own prior in place of the one the two answers imply
                implied = 2 * var0
                guess, p = _discrete(change_prior, m, v, 0.0, implied, lo=-4, hi=4)
                real = truth.values[two] - truth.values[one]
                claims.claim("change", atom, guess, real, mode(change_prior))
                signs = _signs(change_prior)
                likely = _direction_probabilities(change_prior, m, v, implied)
                best = max(likely, key=likely.get)
                claims.claim("direction", atom, best, direction(real), max(signs, key=signs.get))
                if p >= CONFIDENT:
                    confident.claim("change", atom, guess, real, mode(change_prior))
                if likely[best] >= CONFIDENT and likely[best] > max(signs.values()) + 0.1:
                    confident.claim("direction", atom, best, direction(real), max(signs, key=signs.get))
    return claims, confident, posterior


def _change_is_its_own(rows: list[Observation]) -> bool:
    """False when every printed change is the printed latest minus the printed first
    (then it is no figure of its own, and counting it would count one noise twice)."""
    firsts = {o.atoms: o.value for o in rows if o.measure == "first"}
    latests = {o.atoms: o.value for o in rows if o.measure == "latest"}
    checked = 0
    for o in rows:
        if o.measure != "change":
            continue
        one, two = frozenset(a[2] for a in o.atoms), frozenset(a[3] for a in o.atoms)
        if one in firsts and two in latests:
            checked += 1
            if abs(o.value - (latests[two] - firsts[one])) > 0.011 * len(o.atoms):
                return True
    return checked == 0


def _unknowns(o: Observation) -> list[tuple]:
    if o.measure == "change":
        return [u for atom in o.atoms for u in (atom[2], atom[3])]
    return list(o.atoms)


def _coefficients(o: Observation) -> list[tuple[tuple, float]]:
    if o.measure == "change":
        return [c for atom in o.atoms for c in ((atom[3], 1.0), (atom[2], -1.0))]
    return [(u, 1.0) for u in o.atoms]


def _discrete(prior: dict[int, float], mean: float, var: float, mu0: float, var0: float,
              lo: int = 1, hi: int = 5) -> tuple[int, float]:
    """The most likely value of lo..hi and its probability, given a Gaussian posterior
    (mean, var) that used the Gaussian prior (mu0, var0): the prior is taken out
    and the population's own distribution ``prior`` put in."""
    like_precision = 1 / max(var, 1e-12) - 1 / var0
    if like_precision <= 1e-9:
        best = mode(prior)
        return best, prior[best]
    like_mean = (mean / max(var, 1e-12) - mu0 / var0) / like_precision
    weights = {v: prior.get(v, 0) * math.exp(-0.5 * (v - like_mean) ** 2 * like_precision)
               for v in range(lo, hi + 1)}
    total = sum(weights.values())
    if total <= 0:
        best = min(weights, key=lambda v: abs(v - like_mean))
        return best, 1.0
    best = max(weights, key=weights.get)
    return best, weights[best] / total


def _direction_probabilities(prior: dict[int, float], mean: float, var: float, implied: float) -> dict[int, float]:
    like_precision = 1 / max(var, 1e-12) - 1 / implied
    signs: dict[int, float] = {-1: 0.0, 0: 0.0, 1: 0.0}
    if like_precision <= 1e-9:
        for v, p in prior.items():
            signs[direction(v)] += p
        return signs
    like_mean = mean / max(var, 1e-12) / like_precision
    for v, p in prior.items():
        signs[direction(v)] += p * math.exp(-0.5 * (v - like_mean) ** 2 * like_precision)
    total = sum(signs.values()) or 1.0
    return {k: v / total for k, v in signs.items()}


# -- inside one report ---------------------------------------------------------------------

def within_report(reports: list[Asked], truth: Truth) -> Claims:
    """Derivations inside each report (see the module); each hidden figure once."""
    claims = Claims("within-report")
    for asked in reports:
        data = asked.data
        for side in SIDES:
            sd = side_data(data, side)
            everyone = pairs(asked.state, side, asked.first, asked.last)
            counted = number(sd.get("counted"))
            for row in sd["indicators"]:
                indicator = row["indicator"]
                members = [p for p in everyone if indicator in p.one.answered and indicator in p.two.answered]
                n = len(members)
                target = ("n", side, indicator, frozenset(pair_key(p, indicator) for p in members))
                no_answer = number(row.get("no_answer"))
                if number(row.get("n")) is None and 0 < n < 5:
                    if counted is not None and no_answer is not None:  # counted - no answer
                        claims.claim("hidden", target, round(counted - no_answer), n, 2)
                for measure in ("improved", "same", "worse"):  # a share giving a count of 1-4 away
                    share, people = number(row.get(measure)), number(row.get("n"))
                    if share is not None and people is not None:
                        found = round(share * people)
                        real = sum(1 for p in members if direction(p.two.values[indicator] - p.one.values[indicator])
                                   == {"improved": 1, "same": 0, "worse": -1}[measure])
                        if 1 <= found <= 4:
                            claims.claim("hidden", ("count", measure, *target), found, real, 2)
            for name in ("counted", "fewer_than_two", "summed", "too_few_answered"):
                value = number(sd.get(name))
                if value is not None and 1 <= value <= 4:  # a count of 1-4 printed
                    claims.claim("hidden", ("printed", name, side, asked.first, asked.last), value, value, 0)
            # a hidden total from the indicators' means (when each counted person answered all)
            total = sd["total"]
            if number(total.get("mean_change")) is None and number(total.get("n")):
                changes = [number(row.get("mean_change")) for row in sd["indicators"]]
                members = summed_members(asked.state, side, asked.first, asked.last)
                if members and all(c is not None for c in changes):
                    real = sum(summed_change(m[0]) for m in members) / len(members)
                    claims.claim("hidden", ("total", side, asked.first, asked.last), sum(changes), real,
                                 median(truth.summed[side]))
        for name in ("participants",):
            value = number(data.get(name))
            if value is not None and 1 <= value <= 4:
                claims.claim("hidden", ("printed", name, asked.first, asked.last), value, value, 0)
    return claims


def sizes_from_bounds(reports: list[Asked]) -> Claims:
    """The true number of people of a row from what else is printed beside its
    noised number: its "±" (were it the bound of the true number, it would give
    it away, noise or not) and whether its shares are there (were that decided
    on the true number, a printed 11 beside "<10" would be a 9). Guessed: the
    one number all of it leaves, else the printed number; by guessing: the
    printed number."""
    claims = Claims("sizes-from-bounds")
    for asked in reports:
        noise = _noise(asked.data)
        for side in SIDES:
            sd = side_data(asked.data, side)
            everyone = pairs(asked.state, side, asked.first, asked.last)
            for row in sd["indicators"]:
                indicator = row["indicator"]
                members = frozenset(pair_key(p, indicator) for p in everyone
                                    if indicator in p.one.answered and indicator in p.two.answered)
                size = _size(row, noise["rating"], noise["count"], 2, ("improved", "same", "worse"))
                if size is not None and members:
                    claims.claim("hidden", ("size", side, indicator, members), size, len(members),
                                 number(row.get("n")))
            groups_of: dict[str, list[Pair]] = {"all": []}
            for pair, mixed, changes in summed_members(asked.state, side, asked.first, asked.last):
                for key in ("all", f"mix:{mixed}", f"changes:{changes}"):
                    groups_of.setdefault(key, []).append(pair)
            for key, row in (("all", sd["total"]), *((f"mix:{g['group']}", g) for g in sd["by_mix"]),
                             *((f"changes:{g['group']}", g) for g in sd["by_changes"])):
                size = _size(row, noise["summed"], noise["count"], 1, ("improved", "no_change", "deteriorated"))
                people = groups_of.get(key)
                if size is not None and people:
                    claims.claim("hidden", ("size", side, key, frozenset(pair_key(p) for p in people)), size,
                                 len(people), number(row.get("n")))
    return claims


def _size(row: dict, noise: float, count_noise: float, digits: int, shares: tuple[str, ...]) -> int | None:
    """The one number of people a row's printed figures leave (else the printed
    number, when it is among those they leave), or None."""
    printed = number(row.get("n"))
    if printed is None:
        return None
    spread = int(count_noise)
    found = set(range(max(5, int(printed) - spread), int(printed) + spread + 1)) if spread else {int(printed)}
    bound = number(row.get("bound"))
    scale = 10 ** digits
    if bound is not None and noise and \
            bound != math.ceil(noise / max(5, int(printed) - spread) * scale - 1e-9) / scale:
        # not the bound of the printed number (which says nothing more): of the true one
        found &= {n for n in range(5, 500) if math.ceil(noise / n * scale - 1e-9) / scale == bound}
    said = [row.get(name) for name in shares]
    if any(s == "<10" for s in said):
        found &= set(range(1, 10))
    elif any(number(s) is not None for s in said):
        found &= set(range(10, 500))
    if len(found) == 1:
        return found.pop()
    return int(printed) if int(printed) in found else None  # nothing pins it: the printed number


# -- hidden groups ---------------------------------------------------------------------------

def groups(reports: list[Asked], truth: Truth, posterior: dict) -> tuple[Claims, Claims]:
    """A hidden group's mean change, from the others and the total, and from its members."""
    complement, members_attack = Claims("groups-complement"), Claims("groups-members")
    for asked in reports:
        for side in SIDES:
            sd = side_data(asked.data, side)
            members = summed_members(asked.state, side, asked.first, asked.last)
            if not members:
                continue
            split = {"mix": {}, "changes": {}}
            for pair, mixed, changes in members:
                split["mix"].setdefault(mixed, []).append(pair)
                split["changes"].setdefault(changes, []).append(pair)
            total = sd["total"]
            base = number(total.get("mean_change"))
            base = base if base is not None else median(truth.summed[side])
            for table, rows in (("mix", sd["by_mix"]), ("changes", sd["by_changes"])):
                shown = {r["group"]: number(r.get("mean_change")) for r in rows}
                for group, people in split[table].items():
                    if shown.get(group) is not None:
                        continue
                    real = sum(summed_change(p) for p in people) / len(people)
                    target = (side, table, group, frozenset(pair_key(p) for p in people))
                    total_mean = number(total.get("mean_change"))
                    others = [(g, len(split[table].get(g, ())), m) for g, m in shown.items()
                              if g != group and split[table].get(g)]
                    if total_mean is not None and all(m is not None for _g, _n, m in others):
                        hidden_others = [g for g, m in shown.items()
                                         if m is None and g != group and split[table].get(g)]
                        if not hidden_others:
                            rest = total_mean * len(members) - sum(n * m for _g, n, m in others)
                            complement.claim("hidden", target, rest / len(people), real, base)
                    estimates = [_summed_estimate(p, posterior) for p in people]
                    if all(e is not None for e in estimates):
                        members_attack.claim("hidden", target, sum(estimates) / len(estimates), real, base)
    return complement, members_attack


def _summed_estimate(pair: Pair, posterior: dict) -> float | None:
    both = pair.one.answered & pair.two.answered
    k = len(INDICATORS[pair.side])
    found = []
    for indicator in both:
        one, two = posterior.get(pair.one.unknown(indicator)), posterior.get(pair.two.unknown(indicator))
        if one is None or two is None:
            return None
        found.append(two[0] - one[0])
    return sum(found) * k / len(found) if found else None


def summed_linear(truth: Truth, states: list[State], posterior: dict) -> Claims:
    """Each person's summed-score change, from the linear attack's answers."""
    claims = Claims("summed-linear")
    for state in states:
        for side in SIDES:
            for pair in all_pairs(state, side):
                real = summed_change(pair)
                estimate = _summed_estimate(pair, posterior)
                if real is not None and estimate is not None:
                    claims.claim("summed", pair_key(pair), estimate, real, median(truth.summed[side]))
    return claims
