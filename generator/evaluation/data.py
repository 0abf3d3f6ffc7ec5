"""Reading evaluation data: clusters with human references, and published system summaries.

The files are JSON Lines as described in the evaluation data's README: one
cluster (``id``, ``documents``, ``references``, ``query``, ``target_length``, ...)
or one peer summary (``id``, ``system``, ``summary``) per line. Every problem is
reported as an ``InputError`` naming the file, the line and what is wrong, so a
broken file never surfaces as a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError


@dataclass(frozen=True, slots=True)
class EvalCluster:
    """One multi-document cluster with its human reference summaries.

    ``query`` is the topic statement as one string (title and narrative joined)
    for query-focused data, ``None`` for generic summarization; ``target_words``
    is the dataset's summary budget in whitespace words.
    """

    id: str
    documents: tuple[str, ...]
    references: tuple[str, ...]
    target_words: int
    source: str
    query: str | None = None


@dataclass(frozen=True, slots=True)
class PeerSummary:
    """One published system's summary of one cluster."""

    cluster_id: str
    system: str
    summary: str


def read_clusters(path: Path, *, limit: int | None = None) -> tuple[EvalCluster, ...]:
    """Return the clusters of a dataset file in file order (the first ``limit`` if given).

    Clusters without references cannot be scored, so they are refused here
    rather than silently scoring zero later.
    """
    clusters: list[EvalCluster] = []
    seen: set[str] = set()
    for line_number, record in _records(path):
        where = f"line {line_number}"
        cluster_id = _string(record, "id", path, where)
        if cluster_id in seen:
            raise InputError(path, f"{where}: cluster id {cluster_id!r} appears twice; ids must be unique")
        seen.add(cluster_id)
        documents = _strings(record, "documents", path, where)
        references = _strings(record, "references", path, where)
        if not documents:
            raise InputError(path, f"{where}: cluster {cluster_id!r} has no documents")
        if not references:
            raise InputError(path, f"{where}: cluster {cluster_id!r} has no references, so it cannot be "
                             "scored; evaluate a file whose clusters carry human summaries")
        clusters.append(EvalCluster(
            id=cluster_id,
            documents=documents,
            references=references,
            target_words=_target_words(record, path, where),
            source=str(record.get("source") or ""),
            query=_query(record.get("query"), path, where),
        ))
        if limit is not None and len(clusters) >= limit:
            break
    if not clusters:
        raise InputError(path, "no clusters found; expected one JSON object per line")
    return tuple(clusters)


def read_peers(path: Path, clusters: tuple[EvalCluster, ...]) -> dict[str, dict[str, str]]:
    """Return published summaries as ``{system: {cluster id: summary}}`` for the given clusters.

    Lines for clusters not being evaluated (for example under ``--limit``) are
    skipped; a system that lacks a summary for one of the evaluated clusters is
    refused, because every system must be scored on the same clusters for the
    paired comparison to mean anything.
    """
    wanted = {cluster.id for cluster in clusters}
    by_system: dict[str, dict[str, str]] = {}
    for line_number, record in _records(path):
        where = f"line {line_number}"
        peer = PeerSummary(
            cluster_id=_string(record, "id", path, where),
            system=_string(record, "system", path, where),
            summary=_string(record, "summary", path, where, allow_empty=True),
        )
        if peer.cluster_id not in wanted:
            continue
        summaries = by_system.setdefault(peer.system, {})
        if peer.cluster_id in summaries:
            raise InputError(path, f"{where}: system {peer.system!r} has two summaries of {peer.cluster_id!r}")
        summaries[peer.cluster_id] = peer.summary
    for system, summaries in sorted(by_system.items()):
        missing = sorted(wanted - summaries.keys())
        if missing:
            raise InputError(path, f"system {system!r} has no summary for {len(missing)} cluster(s) "
                             f"(first: {missing[0]!r}); every peer must cover every evaluated cluster")
    return {system: by_system[system] for system in sorted(by_system)}


def find_peers_file(dataset: Path) -> Path | None:
    """Return the peers file beside a dataset, or ``None`` if there is none.

    The naming convention of the evaluation data is ``<prefix>_<split>.jsonl`` for
    clusters and ``<prefix>_<anything>peers_<split>.jsonl`` for the published
    system summaries of the same clusters (``duc2004_dev.jsonl`` ->
    ``duc2004_sumrepo_peers_dev.jsonl``). Two candidates are ambiguous, so the
    caller must name one with ``--peers``.
    """
    stem = dataset.name.removesuffix(".jsonl")
    prefix, separator, split = stem.rpartition("_")
    pattern = f"{prefix}_*peers_{split}.jsonl" if separator else f"{stem}_*peers.jsonl"
    candidates = sorted(path for path in dataset.parent.glob(pattern) if path != dataset)
    if len(candidates) > 1:
        names = ", ".join(path.name for path in candidates)
        raise InputError(dataset, f"several peers files match {pattern} ({names}); choose one with --peers")
    return candidates[0] if candidates else None


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSON Lines file with their 1-based line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot be read as UTF-8 text ({error})") from None
    records: list[tuple[int, dict[str, Any]]] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(path, f"line {line_number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise InputError(path, f"line {line_number}: expected a JSON object, found {type(record).__name__}")
        records.append((line_number, record))
    return records


def _string(record: dict[str, Any], key: str, path: Path, where: str, *, allow_empty: bool = False) -> str:
    value = record.get(key)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InputError(path, f"{where}: field {key!r} must be a non-empty string")
    return value


def _strings(record: dict[str, Any], key: str, path: Path, where: str) -> tuple[str, ...]:
    value = record.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(path, f"{where}: field {key!r} must be a list of strings")
    # An empty string carries nothing to summarize or to score against.
    return tuple(item for item in value if item.strip())


def _target_words(record: dict[str, Any], path: Path, where: str) -> int:
    target = record.get("target_length")
    words = target.get("words") if isinstance(target, dict) else None
    if not isinstance(words, int) or isinstance(words, bool) or words < 1:
        raise InputError(path, f"{where}: field 'target_length' must be an object with a positive "
                         "integer 'words'")
    return words


def _query(value: Any, path: Path, where: str) -> str | None:
    """The topic statement as one string: title then narrative, as the human writers read it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        parts = [value.get("title"), value.get("narrative")]
        if all(part is None or isinstance(part, str) for part in parts):
            texts = [part.strip() for part in parts if part and part.strip()]
            # A title rarely ends in a full stop; add one so the title stays a sentence of its own.
            if len(texts) == 2 and texts[0][-1] not in ".?!":
                texts[0] += "."
            return " ".join(texts) or None
    raise InputError(path, f"{where}: field 'query' must be null, a string or an object with "
                     "'title' and 'narrative' strings")
