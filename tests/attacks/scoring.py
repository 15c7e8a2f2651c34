"""Does an attack beat guessing?

For each attack and each kind of target it names (`attacks.Claims`):

- *right*: its guesses that are right (the same value; for a summed-score
  change or a hidden mean, within the attack's tolerance);
- *by guessing*: on the same targets, the guesses that are right when one
  guesses from the population alone: the most common rating (of that side
  and indicator), the most common change, the most common direction, the
  population's median summed-score change, the published overall mean (or
  the population's median) for a hidden group;
- **it beats guessing** when it is right more often than guessing by more
  than `MARGIN` of the targets it names *and* that is not luck: on the
  targets where one of the two is right and the other wrong, the attack is
  the right one so often that a fair coin would do it with a probability
  below `ALPHA` (a one-sided sign test).

So an attack that finds a few people exactly beats guessing (a handful of
certain hits is no luck), and so does one that is a little better on many;
one that is as good as a population-wide guess does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .attacks import HIDDEN_TOLERANCE, SUMMED_TOLERANCE, Claims

MARGIN = 0.10
"""How much more often than guessing (a share of the targets named) is beating it."""
ALPHA = 0.01
"""The sign test's level: below it, the attack's edge is no luck."""


@dataclass(frozen=True)
class Score:
    attack: str
    kind: str
    named: int
    right: int
    guessing: int
    p: float

    @property
    def edge(self) -> float:
        return (self.right - self.guessing) / self.named if self.named else 0.0

    @property
    def beats(self) -> bool:
        return self.named > 0 and self.edge > MARGIN and self.p < ALPHA

    def line(self) -> str:
        return (f"{self.attack:18} {self.kind:9} named {self.named:5}  right {self.right:5} "
                f"({self.right / max(1, self.named):6.1%})  by guessing {self.guessing:5} "
                f"({self.guessing / max(1, self.named):6.1%})  edge {self.edge:+6.1%}  p {self.p:7.1e}  "
                f"{'BEATS GUESSING' if self.beats else 'ok'}")


def _right(kind: str, target: tuple, guess: float, truth: float) -> bool:
    if kind == "summed":
        return abs(guess - truth) <= SUMMED_TOLERANCE
    if kind == "hidden" and target and target[0] not in ("n", "count", "printed", "size"):
        return abs(guess - truth) <= HIDDEN_TOLERANCE
    return guess == truth


def sign_test(wins: int, losses: int) -> float:
    """P(at least ``wins`` heads in ``wins + losses`` tosses of a fair coin)."""
    n = wins + losses
    if n == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(wins, n + 1)) / 2 ** n


def score(claims: Claims) -> list[Score]:
    found = []
    for kind, guesses in sorted(claims.guesses.items()):
        truths, baselines = claims.truths[kind], claims.baselines[kind]
        right = guessing = wins = losses = 0
        for target, guess in guesses.items():
            hit = _right(kind, target, guess, truths[target])
            base = _right(kind, target, baselines[target], truths[target])
            right += hit
            guessing += base
            wins += hit and not base
            losses += base and not hit
        found.append(Score(claims.name, kind, len(guesses), right, guessing, sign_test(wins, losses)))
    return found
