"""Sentence embeddings that depend on the sentence alone, kept between runs.

Why each distinct sentence is encoded on its own: OpenBLAS's matrix product
rounds a row differently depending on how many rows share the product and where
the row sits among them (measured here: 115 of 131 same-length sentences change
in the last bits when encoded in another batch). With batches, a story's
vectors would therefore depend on which other sentences the story has, and a
story with one new source could not reuse the vectors of the old ones without
its pages changing. Encoded alone, a sentence's vectors are a pure function of
its text and the model, so they can be cached, computed on any machine of a
Dask cluster, in any order, and the pages stay byte-identical to a cold run.

The cache holds, per story, one ``.npz`` file (numpy arrays only, read with
``allow_pickle=False``, so a planted file can hold no code): for every distinct
sentence, its key (SHA-256 of the model's identity and the text), its unit
sentence vector and its unit word-piece vectors, in float32 as computed, so a
cached value is exactly what encoding again would give. Every entry is used
only when its key equals the key recomputed from the text asked for.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .atomic import atomic_writer

FloatArray = npt.NDArray[np.float32]
Encoded = tuple[FloatArray, FloatArray]
"""One sentence: its unit vector (d,) and its unit word-piece vectors (pieces, d)."""

EMBEDDING_FORMAT = "generator-embedding-cache/1"
EMBEDDING_SUFFIX = ".npz"
ENCODE_THREADS = 2
"""Threads that share one process's sentences (fewer on a one-core machine). On this project's
2-core machine two threads encode the seed story's 101 sentences in 0.51-0.65 s against
0.99 s on one (bench/scale.py seed); more cores are better used by ``--jobs`` or Dask."""
CHUNK_TEXTS = 64
"""Sentences per task when encoding is spread over an executor (a Dask cluster)."""
BUDGET_BYTES = 1 << 30
"""The embedding cache keeps at most this much (1 GiB), the stories changed longest ago dropped first.

Word pieces take room: about 45 KB a sentence in float32, 6 MB for a story of 10 DUC
articles, so a thousand such stories would need 6 GB. A story that is still growing (a
new source, a correction) is a recent one; an old story whose embeddings were dropped
only encodes its sentences again if it ever changes. float16 would halve the size but
change the scores in their last digits, so the stored values stay as computed."""


@lru_cache(maxsize=1)
def model_identity() -> str:
    """The identity of the bundled model and the code that runs it: part of every entry's key."""
    from . import embed

    code = hashlib.sha256(Path(embed.__file__).read_bytes())
    try:
        code.update(embed.GRAPH_FILE.read_bytes())
    except OSError:
        pass  # no graph, no encoder: SentenceEncoder.load() names the problem
    return f"{embed.MODEL_NAME}@{embed.MODEL_REVISION}:{code.hexdigest()[:16]}"


def text_key(model: str, text: str) -> str:
    """SHA-256 of the model identity and a sentence's text: the key of its entry."""
    return hashlib.sha256(f"{model}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def encode_alone(texts: Sequence[str], *, threads: int | None = None) -> list[Encoded]:
    """Return each text's vectors, every text encoded on its own by the bundled model.

    Module-level so a process pool or a Dask worker can run it; each process loads
    the model once. The texts are shared among ``threads`` threads (default: one per
    core, at most ``ENCODE_THREADS``): ONNX Runtime lets go of the interpreter while it
    computes, and each sentence is still computed alone on one thread, so the vectors
    are bit-identical whatever the thread count.
    """
    from .embed import SentenceEncoder
    from .executors import cores

    encoder = SentenceEncoder.load()

    def one(text: str) -> Encoded:
        vectors, pieces = encoder.encode_tokens([text])
        return vectors[0], pieces[0]

    workers = min(ENCODE_THREADS, cores()) if threads is None else threads
    if workers < 2 or len(texts) < 2 * workers:
        return [one(text) for text in texts]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="encode") as pool:
        return list(pool.map(one, texts))


class EmbeddingStore:
    """The cached vectors of one story's sentences: read once, written back whole."""

    def __init__(self, path: Path | None, model: str) -> None:
        self.path = path
        self.model = model
        self.entries: dict[str, Encoded] = _read(path, model) if path is not None else {}
        self.used: set[str] = set()
        self.added = 0

    def get(self, text: str) -> Encoded | None:
        key = text_key(self.model, text)
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, text: str, encoded: Encoded) -> None:
        key = text_key(self.model, text)
        self.entries[key] = encoded
        self.used.add(key)
        self.added += 1

    def save(self) -> None:
        """Write the entries this run used (best effort): sentences of removed sources drop out."""
        if self.path is None or (self.added == 0 and self.used == set(self.entries)):
            return
        keys = sorted(self.used)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            dimension = next(iter(self.entries.values()))[0].shape[0] if self.entries else 0
            with atomic_writer(self.path) as handle:
                np.savez(
                    handle,
                    format=np.array(EMBEDDING_FORMAT),
                    model=np.array(self.model),
                    keys=np.array(keys, dtype="S64"),
                    vectors=np.stack([self.entries[key][0] for key in keys]) if keys
                    else np.zeros((0, dimension), np.float32),
                    lengths=np.array([len(self.entries[key][1]) for key in keys], dtype=np.int64),
                    pieces=np.concatenate([self.entries[key][1] for key in keys]) if keys
                    else np.zeros((0, dimension), np.float32),
                )
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run


def _read(path: Path, model: str) -> dict[str, Encoded]:
    """Return the entries of a store file, or none when it is missing, damaged or of another model."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["format"]) != EMBEDDING_FORMAT or str(data["model"]) != model:
                return {}
            keys, vectors, lengths, pieces = data["keys"], data["vectors"], data["lengths"], data["pieces"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}
    if (vectors.dtype != np.float32 or pieces.dtype != np.float32 or vectors.ndim != 2 or pieces.ndim != 2
            or lengths.ndim != 1 or len(keys) != len(vectors) or len(keys) != len(lengths)
            or pieces.shape[1] != vectors.shape[1] or int(lengths.sum()) != len(pieces) or (lengths < 0).any()):
        return {}
    entries: dict[str, Encoded] = {}
    start = 0
    for key, vector, length in zip(keys.tolist(), vectors, lengths.tolist()):
        entries[key.decode("ascii", "replace")] = (vector, pieces[start:start + length])
        start += length
    return entries


class CachedEncoder:
    """The ``Encoder`` the pipeline uses: every sentence encoded alone, cached, maybe spread out.

    ``executor`` (a process pool, or a Dask client's executor) takes the missing
    sentences in chunks of ``CHUNK_TEXTS`` when there are at least ``spread_from``
    of them; results do not depend on where a sentence was encoded.
    """

    def __init__(
        self, store: EmbeddingStore | None = None, *, executor: Executor | None = None,
        spread_from: int = 2 * CHUNK_TEXTS, encode: Callable[[Sequence[str]], list[Encoded]] = encode_alone,
    ) -> None:
        self.store = store if store is not None else EmbeddingStore(None, model_identity())
        self.executor = executor
        self.spread_from = spread_from
        self.encode = encode
        self.encoded = 0
        """Sentences this encoder had to encode (not found in the store): for tests and benchmarks."""

    def encode_tokens(self, texts: Sequence[str]) -> tuple[FloatArray, tuple[FloatArray, ...]]:
        """Return unit sentence vectors (n, d) and, per text, unit word-piece vectors."""
        stripped = [str(text).strip() for text in texts]
        found: dict[str, Encoded] = {}
        missing: list[str] = []
        for text in sorted(set(stripped)):
            cached = self.store.get(text)
            if cached is None:
                missing.append(text)
            else:
                found[text] = cached
        for text, encoded in zip(missing, self._encode(missing)):
            self.store.put(text, encoded)
            found[text] = encoded
        self.encoded += len(missing)
        if not stripped:
            from .embed import EMBEDDING_DIMENSION

            return np.zeros((0, EMBEDDING_DIMENSION), dtype=np.float32), ()
        vectors = np.stack([found[text][0] for text in stripped]).astype(np.float32, copy=False)
        return vectors, tuple(found[text][1] for text in stripped)

    def _encode(self, texts: list[str]) -> Iterable[Encoded]:
        if not texts:
            return []
        if self.executor is None or len(texts) < self.spread_from:
            return self.encode(texts)
        chunks = [texts[start:start + CHUNK_TEXTS] for start in range(0, len(texts), CHUNK_TEXTS)]
        return [encoded for chunk in self.executor.map(self.encode, chunks) for encoded in chunk]


def prune(cache_dir: Path, *, budget_bytes: int = BUDGET_BYTES) -> None:
    """Delete the least recently written story files until the embedding cache fits its budget."""
    folder = cache_dir / "embeddings"
    try:
        files = [(path.stat().st_mtime_ns, path.name, path) for path in folder.glob(f"*{EMBEDDING_SUFFIX}")]
        sizes = {path: path.stat().st_size for _time, _name, path in files}
    except OSError:
        return
    total = sum(sizes.values())
    for _time, _name, path in sorted(files):
        if total <= budget_bytes:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= sizes[path]


def story_store(cache_dir: Path | None, slug: str) -> EmbeddingStore:
    """The embedding store of story ``slug`` under ``cache_dir`` (in memory only when None)."""
    path = None if cache_dir is None else cache_dir / "embeddings" / f"{slug}{EMBEDDING_SUFFIX}"
    return EmbeddingStore(path, model_identity())
