"""Running every system on every cluster and scoring them the same way.

The result is one JSON-ready mapping (written as ``results.json``): for each
system its summary of every cluster (as scored), per-cluster scores and
seconds, the mean of each score with a bootstrap interval and, for every
system other than ours, the paired difference from ours.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, TextIO

from ..errors import GeneratorError, InputError
from .baselines import lead_summary, oracle_summary, sumy_summary
from .data import EvalCluster
from .rouge import ORDERS, References, RougeScore, score_summary, truncate_words
from .stats import DEFAULT_RESAMPLES, DEFAULT_SEED, bootstrap_interval, paired_difference

OURS = "consensus"
"""Our system's name in results: the site's consensus summarizer."""

BASELINES: tuple[str, ...] = ("lead", "lexrank", "textrank", "lsa")
ORACLE = "oracle"
PEERS = "peers"
PEER_PREFIX = "peer:"
SYSTEM_CHOICES: tuple[str, ...] = (OURS, *BASELINES, ORACLE, PEERS)
"""What ``--systems`` accepts; ``peers`` stands for every system of the peers file."""

MEASURES: tuple[str, ...] = ("recall", "precision", "f1")


@dataclass(frozen=True, slots=True)
class Convention:
    """How a dataset is scored, following the evaluation data's README.

    ``primary`` is the measure the table leads with (``recall`` for the DUC
    tables, ``f1`` for NeuS, whose published systems generate freely);
    ``cut_peers`` says whether published summaries are cut to the budget
    like ours (DUC) or scored as published (NeuS).
    """

    primary: str
    cut_peers: bool

    @classmethod
    def for_clusters(cls, clusters: Sequence[EvalCluster]) -> Convention:
        """Return the README's convention for these clusters: DUC recall with cuts, else F1.

        DUC results are published as recall of summaries cut to the official
        budget; for data whose published systems generate freely (NeuS), the
        README compares F1 without cutting them.
        """
        if all(cluster.source.upper().startswith("DUC") for cluster in clusters):
            return cls(primary="recall", cut_peers=True)
        return cls(primary="f1", cut_peers=False)


Summarizer = Callable[[EvalCluster], str]


def _ours(cluster: EvalCluster) -> str:
    from ..pipeline import summarize_documents

    return summarize_documents(cluster.documents, target_words=cluster.target_words, query=cluster.query)


def _sumy(algorithm: str) -> Summarizer:
    return lambda cluster: sumy_summary(algorithm, cluster.documents, target_words=cluster.target_words)


SUMMARIZERS: dict[str, Summarizer] = {
    OURS: _ours,
    "lead": lambda cluster: lead_summary(cluster.documents, target_words=cluster.target_words),
    "lexrank": _sumy("lexrank"),
    "textrank": _sumy("textrank"),
    "lsa": _sumy("lsa"),
    ORACLE: lambda cluster: oracle_summary(cluster.documents, cluster.references,
                                           target_words=cluster.target_words),
}


def evaluate(clusters: Sequence[EvalCluster], *, systems: Sequence[str], peers: Mapping[str, Mapping[str, str]],
             convention: Convention, dataset: Mapping[str, Any], command: str,
             resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
             progress: TextIO | None = None) -> dict[str, Any]:
    """Return the full results of running and scoring ``systems`` (and ``peers``) on ``clusters``.

    All systems run in this one process on the same clusters, one cluster at a
    time, so their timings are comparable; each summary is cut to the
    cluster's budget in whitespace words before scoring (published summaries
    too, when the convention says so).
    """
    names = [name for name in (OURS, *BASELINES, ORACLE) if name in systems]
    peer_names = [f"{PEER_PREFIX}{name}" for name in sorted(peers)]
    summaries: dict[str, dict[str, str]] = {name: {} for name in names + peer_names}
    seconds: dict[str, dict[str, float]] = {name: {} for name in names}
    scores: dict[str, dict[str, dict[int, RougeScore]]] = {name: {} for name in names + peer_names}
    if OURS in names:
        # Import the pipeline before the clock starts, so our first cluster is not charged for it.
        from .. import pipeline  # noqa: F401
    started = time.perf_counter()
    for position, cluster in enumerate(clusters, start=1):
        references = References.from_texts(cluster.references)
        for name in names:
            clock = time.perf_counter()
            try:
                text = SUMMARIZERS[name](cluster)
            except GeneratorError as error:
                raise InputError(cluster.id, f"system {name!r} failed: {error}") from error
            seconds[name][cluster.id] = time.perf_counter() - clock
            summaries[name][cluster.id] = truncate_words(text, cluster.target_words)
        for name in sorted(peers):
            limit = cluster.target_words if convention.cut_peers else None
            summaries[f"{PEER_PREFIX}{name}"][cluster.id] = truncate_words(peers[name][cluster.id], limit)
        for name in names + peer_names:
            scores[name][cluster.id] = score_summary(summaries[name][cluster.id], references)
        if progress is not None:
            elapsed = time.perf_counter() - started
            print(f"evaluate: {position}/{len(clusters)} {cluster.id} done, {elapsed:.0f} s elapsed",
                  file=progress, flush=True)

    cluster_ids = [cluster.id for cluster in clusters]
    results_systems: dict[str, Any] = {}
    for name in names + peer_names:
        results_systems[name] = {
            "kind": _kind(name),
            "scores": _summary_scores(scores[name], cluster_ids, resamples=resamples, seed=seed),
            "per_cluster": {cid: _cluster_scores(scores[name][cid]) for cid in cluster_ids},
            "seconds_per_cluster": (
                {"mean": _round(sum(seconds[name].values()) / len(cluster_ids)),
                 "clusters": {cid: _round(seconds[name][cid]) for cid in cluster_ids}}
                if name in seconds else None
            ),
            "summaries": {cid: summaries[name][cid] for cid in cluster_ids},
        }
        if OURS in scores and name != OURS:
            results_systems[name]["versus_consensus"] = _versus(
                scores[OURS], scores[name], cluster_ids, resamples=resamples, seed=seed)
    return {
        "format": "generator-evaluation/1",
        "command": command,
        "dataset": dict(dataset),
        "convention": {
            "primary": convention.primary,
            "cut_peers": convention.cut_peers,
            "cut": "every summary of ours and of the baselines is cut to target_length words (whitespace)",
            "tokenizer": "rouge_score DefaultTokenizer(use_stemmer=True), Porter stemming, stopwords kept",
            "references": "pooled: sum of clipped matches over references / sum of reference n-grams",
            "scale": "percent",
            "interval": f"95% percentile bootstrap over clusters, {resamples} resamples, seed {seed}",
            "difference": "consensus minus the system (positive: ours is better); paired bootstrap interval and "
                          f"two-sided paired sign-flip permutation test, {resamples} permutations, alpha 0.05",
        },
        "environment": _environment(),
        "clusters": cluster_ids,
        "systems": results_systems,
    }


def _kind(name: str) -> str:
    if name == OURS:
        return "ours"
    if name == ORACLE:
        return "oracle"
    if name.startswith(PEER_PREFIX):
        return "published"
    return "baseline"


def _round(value: float) -> float:
    # Rounded so that results files diff cleanly and do not pretend to more precision than they have.
    return round(value, 4)


def _cluster_scores(scores: Mapping[int, RougeScore]) -> dict[str, dict[str, float]]:
    return {f"rouge{n}": {measure: _round(100 * getattr(scores[n], measure)) for measure in MEASURES}
            for n in ORDERS}


def _values(scores: Mapping[str, Mapping[int, RougeScore]], cluster_ids: Sequence[str], n: int,
            measure: str) -> list[float]:
    return [100 * getattr(scores[cid][n], measure) for cid in cluster_ids]


def _summary_scores(scores: Mapping[str, Mapping[int, RougeScore]], cluster_ids: Sequence[str], *,
                    resamples: int, seed: int) -> dict[str, dict[str, dict[str, float]]]:
    result: dict[str, dict[str, dict[str, float]]] = {}
    for n in ORDERS:
        result[f"rouge{n}"] = {}
        for measure in MEASURES:
            interval = bootstrap_interval(_values(scores, cluster_ids, n, measure), resamples=resamples, seed=seed)
            result[f"rouge{n}"][measure] = {"mean": _round(interval.mean), "low": _round(interval.low),
                                            "high": _round(interval.high)}
    return result


def _versus(ours: Mapping[str, Mapping[int, RougeScore]], other: Mapping[str, Mapping[int, RougeScore]],
            cluster_ids: Sequence[str], *, resamples: int, seed: int) -> dict[str, dict[str, dict[str, Any]]]:
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for n in ORDERS:
        result[f"rouge{n}"] = {}
        for measure in ("recall", "f1"):
            test = paired_difference(_values(ours, cluster_ids, n, measure), _values(other, cluster_ids, n, measure),
                                     resamples=resamples, seed=seed)
            result[f"rouge{n}"][measure] = {
                "difference": _round(test.difference.mean), "low": _round(test.difference.low),
                "high": _round(test.difference.high), "p_value": _round(test.p_value),
                "significant": test.significant,
            }
    return result


def _environment() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("rouge-score", "sumy", "numpy", "nltk"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def progress_stream(mode: str) -> TextIO | None:
    """Return where progress lines go: stderr when asked, or in ``auto`` mode when it is a terminal.

    CI logs stay short (no per-cluster lines) unless ``--progress always`` is given.
    """
    if mode == "always" or (mode == "auto" and sys.stderr.isatty()):
        return sys.stderr
    return None
