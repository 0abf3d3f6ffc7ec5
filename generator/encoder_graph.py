"""Write BERT's encoder as an ONNX graph without weights: ``python -m generator.encoder_graph``.

The graph is the computation of :mod:`generator.embed`'s model (Devlin et al.
2019, as Hugging Face's ``BertModel`` computes it), spelled in standard ONNX
operators; ONNX Runtime runs it several times faster than the same products in
numpy. Its weights are declared but not stored: the encoder hands them over from
the model package at load time (:func:`generator.embed.graph_weights` names
them), so the shipped file is a few kilobytes and nothing is converted or
downloaded at run time. Only this script needs the ``onnx`` package; building
runs only needs ``onnxruntime``. ``tests/test_embed.py`` checks that the shipped
file is what this script writes.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

OPSET = 20
"""ONNX operator set: 20 has LayerNormalization and the exact (erf) Gelu."""
IR_VERSION = 10
"""ONNX file-format version: one the pinned onnxruntime reads."""
INLINE_SIZE = 16
"""Constants up to this many values (shapes, scalars) are written into the graph, where shape
inference can read them; larger ones are weights, handed over at load time."""


def build(weights: dict[str, npt.NDArray[Any]], config: dict[str, Any]) -> bytes:
    """Return the serialized graph for ``config``'s shape, declaring ``weights`` as external tensors.

    Inputs: ``ids`` (batch, length) word-piece ids and ``score_bias`` (batch, 1, 1,
    length), 0 for real tokens and -1e30 for padding, added to every attention
    score so padding gets a weight of exactly 0. Output: ``hidden`` (batch,
    length, hidden), the last layer's states.
    """
    from onnx import TensorProto, helper, numpy_helper

    hidden_size = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    head_width = hidden_size // heads
    epsilon = float(config["layer_norm_eps"])
    constants: dict[str, npt.NDArray[Any]] = {}
    nodes: list[Any] = []

    def constant(name: str, value: npt.NDArray[Any]) -> str:
        constants[name] = value
        return name

    def op(kind: str, *inputs: str, **attributes: Any) -> str:
        output = f"n{len(nodes)}"
        nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def linear(values: str, name: str) -> str:
        return op("Add", op("MatMul", values, name + ".weight"), name + ".bias")

    def layer_norm(values: str, name: str) -> str:
        return op("LayerNormalization", values, name + ".weight", name + ".bias", axis=-1, epsilon=epsilon)

    to_heads = constant("to_heads", np.array([0, 0, heads, head_width], dtype=np.int64))
    from_heads = constant("from_heads", np.array([0, 0, hidden_size], dtype=np.int64))
    scale = constant("scale", np.array(1.0 / math.sqrt(head_width), dtype=np.float32))
    zero = constant("zero", np.array([0], dtype=np.int64))
    length = op("Shape", "ids", start=1, end=2)  # [length]: a 1-D tensor, as Slice wants
    positions = op("Slice", "position_embeddings", zero, length, zero)
    placed = op("Add", op("Gather", "word_embeddings", "ids", axis=0), positions)
    states = layer_norm(op("Add", placed, "token_type_embedding"), "embeddings.LayerNorm")
    for number in range(int(config["num_hidden_layers"])):
        base = f"encoder.layer.{number}."
        query, key, value = (
            op("Transpose", op("Reshape", linear(states, base + "attention.self." + part), to_heads),
               perm=[0, 2, 3, 1] if part == "key" else [0, 2, 1, 3])
            for part in ("query", "key", "value")
        )
        scores = op("Add", op("Mul", op("MatMul", query, key), scale), "score_bias")
        context = op("MatMul", op("Softmax", scores, axis=-1), value)
        context = op("Reshape", op("Transpose", context, perm=[0, 2, 1, 3]), from_heads)
        attended = layer_norm(op("Add", linear(context, base + "attention.output.dense"), states),
                              base + "attention.output.LayerNorm")
        intermediate = op("Gelu", linear(attended, base + "intermediate.dense"))
        states = layer_norm(op("Add", linear(intermediate, base + "output.dense"), attended),
                            base + "output.LayerNorm")
    nodes.append(helper.make_node("Identity", [states], ["hidden"]))

    def external(name: str, value: npt.NDArray[Any]) -> Any:
        declared = TensorProto(name=name, data_type=helper.np_dtype_to_tensor_dtype(value.dtype))
        declared.dims.extend(value.shape)
        declared.data_location = TensorProto.EXTERNAL
        for field, text in (("location", "memory"), ("offset", "0"), ("length", str(value.nbytes))):
            declared.external_data.add(key=field, value=text)
        return declared

    small = [name for name, value in weights.items() if value.size <= INLINE_SIZE]
    if small:
        raise ValueError(f"weights too small to be handed over at load time: {small}")
    graph = helper.make_graph(
        nodes,
        "bert-encoder",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("score_bias", TensorProto.FLOAT, ["batch", 1, 1, "length"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", hidden_size])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()]
        + [external(name, value) for name, value in weights.items()],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION,
        producer_name="generator.encoder_graph",
    )
    serialized: bytes = model.SerializeToString(deterministic=True)
    return serialized


def build_for_installed_model() -> bytes:
    """Return the graph for the bundled model, its weights' names and shapes read from the package."""
    from . import embed

    directory = embed.model_directory()
    if directory is None:
        raise SystemExit(f"the model package {embed.MODEL_DISTRIBUTION} is not installed")
    config = embed.read_json(directory / "config.json")
    return build(embed.read_model_weights(directory, config), embed.ARCHITECTURE)


def main() -> int:
    """Write the graph next to :mod:`generator.embed`, where the encoder reads it."""
    from . import embed

    data = build_for_installed_model()
    Path(embed.GRAPH_FILE).write_bytes(data)
    print(f"wrote {embed.GRAPH_FILE} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
