"""Confidence intervals and significance over clusters, with fixed seeds.

A mean ROUGE over 25 or 50 clusters moves by a point or more with the choice
of clusters, so every mean is reported with a percentile bootstrap interval
(Bradley Efron and Robert Tibshirani. 1993. *An Introduction to the
Bootstrap.* Chapman & Hall), and differences between two systems are tested
on the same clusters (paired): a bootstrap interval of the mean difference and
a two-sided paired permutation (sign-flip) test, as recommended for
summarization metrics by Rotem Dror, Gili Baumer, Segev Shlomov and Roi
Reichart. 2018. *The Hitchhiker's Guide to Testing Statistical Significance in
Natural Language Processing.* ACL 2018.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 10_000
DEFAULT_SEED = 2004
SIGNIFICANCE_LEVEL = 0.05


@dataclass(frozen=True, slots=True)
class Interval:
    """A mean with its confidence interval ``[low, high]``."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class PairedDifference:
    """Mean of (system A - system B) over the same clusters, its interval and p-value."""

    difference: Interval
    p_value: float

    @property
    def significant(self) -> bool:
        """True when the two systems differ at the 5 % level."""
        return self.p_value < SIGNIFICANCE_LEVEL


def bootstrap_interval(values: Sequence[float], *, resamples: int = DEFAULT_RESAMPLES,
                       seed: int = DEFAULT_SEED, confidence: float = 0.95) -> Interval:
    """Return the mean of ``values`` with a percentile bootstrap interval over clusters.

    The same seed draws the same resampled cluster sets for every system, so
    intervals of different systems in one table are computed on the same draws.
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        raise ValueError("bootstrap_interval needs at least one value")
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, data.size, size=(resamples, data.size))
    means = data[indices].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return Interval(mean=float(data.mean()), low=float(low), high=float(high))


def paired_difference(first: Sequence[float], second: Sequence[float], *,
                      resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> PairedDifference:
    """Return how much ``first`` beats ``second`` on the same clusters, and whether by chance.

    The p-value is the share of random sign flips of the per-cluster
    differences whose mean is at least as far from zero as the observed one
    (the +1 in numerator and denominator keeps a Monte Carlo p-value from ever
    being 0).
    """
    a = np.asarray(first, dtype=float)
    b = np.asarray(second, dtype=float)
    if a.shape != b.shape or a.size == 0:
        raise ValueError("paired_difference needs two equally long, non-empty score lists")
    differences = a - b
    interval = bootstrap_interval(differences, resamples=resamples, seed=seed)
    rng = np.random.default_rng(seed + 1)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(resamples, differences.size))
    flipped = np.abs((signs * differences).mean(axis=1))
    observed = abs(differences.mean())
    # A tiny tolerance so that flips equal to the observed mean up to rounding count as "as extreme".
    extreme = int(np.count_nonzero(flipped >= observed - 1e-12))
    p_value = (extreme + 1) / (resamples + 1)
    return PairedDifference(difference=interval, p_value=float(p_value))
