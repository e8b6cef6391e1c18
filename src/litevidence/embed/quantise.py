"""Per-token int8 quantisation of an exported encoder: a rewrite of its ONNX graph.

Each linear layer's input is quantised as it runs, with one scale and zero point per token
(uint8, asymmetric), against int8 weights with one scale per output channel; products are
integer (ONNX Runtime's fused ``MatMulIntegerToFloat``) and rescaled to float. Per-token scales
keep a token's result independent of the other tokens and texts in its batch, which per-tensor
dynamic quantisation does not, and are what brings the vectors within 0.999 cosine of fp32
(benchmarks/embedding.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

LEVELS = 255.0
"""uint8 steps across a token's range, which always includes zero (so a zero point exists)."""
CONTRIB = "com.microsoft"
"""ONNX Runtime's operator domain, for its fused MatMulIntegerToFloat kernel."""


def quantise_per_token(source: Path, target: Path,
                       keep_fp32: Callable[[str], bool] = lambda name: False) -> tuple[int, int]:
    """Write ``target``: ``source`` with its MatMuls by 2-D weights in int8, except nodes ``keep_fp32`` names.

    Returns how many MatMuls were quantised and how many kept fp32. MatMuls that share an input
    share its quantisation and run as one integer product, split afterwards (fewer, larger kernels).
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    weights = {init.name: init for init in model.graph.initializer}
    groups: dict[str, list] = {}
    kept_fp32 = 0
    for node in model.graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights and len(weights[node.input[1]].dims) == 2:
            if keep_fp32(node.name):
                kept_fp32 += 1
            else:
                groups.setdefault(node.input[0], []).append(node)

    rewritten, added = {}, _Constants()
    for index, (activation, matmuls) in enumerate(groups.items()):
        arrays = [numpy_helper.to_array(weights[node.input[1]]).astype(np.float32) for node in matmuls]
        prefix = f"pertoken{index}/"
        rewritten[activation] = _quantise_input(activation, arrays[0].shape[0], prefix, added) + _integer_product(
            activation, prefix, arrays, [node.output[0] for node in matmuls], added)

    replaced = {node.output[0] for matmuls in groups.values() for node in matmuls}
    nodes = [n for i in model.graph.input for n in rewritten.pop(i.name, [])]
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.output[0] not in replaced:
            nodes.append(node)
            for output in node.output:
                nodes += rewritten.pop(output, [])
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    used = {name for node in nodes for name in node.input}
    kept = [init for init in model.graph.initializer if init.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept + added.tensors)
    if not any(opset.domain == CONTRIB for opset in model.opset_import):
        model.opset_import.append(onnx.helper.make_opsetid(CONTRIB, 1))
    onnx.checker.check_model(model)
    onnx.save(model, str(target))
    return sum(len(matmuls) for matmuls in groups.values()), kept_fp32


class _Constants:
    """Initializers added by the rewrite, by name."""

    def __init__(self) -> None:
        self.tensors: list = []
        self.names: set[str] = set()

    def __call__(self, name: str, value) -> str:
        from onnx import numpy_helper

        if name not in self.names:
            self.tensors.append(numpy_helper.from_array(np.asarray(value), name))
            self.names.add(name)
        return name


def _quantise_input(x: str, width: int, p: str, const: _Constants) -> list:
    """Nodes that flatten ``x`` to (tokens, width) and quantise each token to uint8 over its range.

    Outputs ``{p}q`` (uint8 tokens) and ``{p}scale`` and ``{p}offset`` (float columns, one row per
    token: the step, and minus the step times the zero point).
    """
    from onnx import TensorProto, helper

    make = helper.make_node
    zero, levels, tiny = const("pertoken/0", np.float32(0)), const("pertoken/255", np.float32(LEVELS)), \
        const("pertoken/eps", np.float32(1e-8))
    rows, flat = const(f"pertoken/rows{width}", np.array([-1, width], np.int64)), const("pertoken/flat", np.array([-1], np.int64))
    return [
        make("Reshape", [x, rows], [f"{p}x"]),
        make("ReduceMin", [f"{p}x"], [f"{p}min"], axes=[-1], keepdims=1),
        make("ReduceMax", [f"{p}x"], [f"{p}max"], axes=[-1], keepdims=1),
        make("Min", [f"{p}min", zero], [f"{p}low"]),
        make("Max", [f"{p}max", zero], [f"{p}high"]),
        make("Sub", [f"{p}high", f"{p}low"], [f"{p}range"]),
        make("Div", [f"{p}range", levels], [f"{p}step"]),
        make("Max", [f"{p}step", tiny], [f"{p}scale"]),
        make("Div", [f"{p}low", f"{p}scale"], [f"{p}lowsteps"]),
        make("Round", [f"{p}lowsteps"], [f"{p}negzero"]),
        make("Mul", [f"{p}negzero", f"{p}scale"], [f"{p}offset"]),
        make("Neg", [f"{p}negzero"], [f"{p}zero"]),
        make("Cast", [f"{p}zero"], [f"{p}zero8"], to=TensorProto.UINT8),
        make("Reshape", [f"{p}scale", flat], [f"{p}scales"]),
        make("Reshape", [f"{p}zero8", flat], [f"{p}zeros"]),
        make("QuantizeLinear", [f"{p}x", f"{p}scales", f"{p}zeros"], [f"{p}q"], axis=0),
    ]


def _integer_product(x: str, p: str, weights: list[np.ndarray], outputs: list[str], const: _Constants) -> list:
    """Nodes computing ``outputs[i]`` = x @ weights[i] from ``x``'s quantised tokens (prefix ``p``).

    With tokens q = x/s + z (per token) and weights w = W/c (per column):
    x @ W = s · (c · (q @ w)) − (s · z) ⊗ (c · Σw), where Σw sums each column of w.
    The first term is one fused kernel over all the weights side by side; the second a rank-1 Gemm.
    """
    from onnx import helper

    make = helper.make_node
    weight = np.concatenate(weights, axis=1)
    column_scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127
    quantised = np.round(weight / column_scale).astype(np.int8)
    w, c, one = const(f"{p}w", quantised), const(f"{p}c", column_scale.astype(np.float32)), const("pertoken/1", np.float32(1))
    sums = const(f"{p}sums", (quantised.astype(np.int64).sum(axis=0) * column_scale).astype(np.float32)[None, :])
    nodes = [
        make("MatMulIntegerToFloat", [f"{p}q", w, one, c], [f"{p}product"], domain=CONTRIB),
        make("Mul", [f"{p}product", f"{p}scale"], [f"{p}scaled"]),
        make("Gemm", [f"{p}offset", sums, f"{p}scaled"], [f"{p}y"]),
        make("Shape", [x], [f"{p}lead"], start=0, end=-1),
    ]
    parts = [f"{p}y"] if len(weights) == 1 else [f"{p}y{i}" for i in range(len(weights))]
    if len(weights) > 1:
        split = const(f"{p}split", np.array([wt.shape[1] for wt in weights], np.int64))
        nodes.append(make("Split", [f"{p}y", split], parts, axis=1))
    for i, (part, out, wt) in enumerate(zip(parts, outputs, weights)):
        width = const(f"pertoken/width{wt.shape[1]}", np.array([wt.shape[1]], np.int64))
        nodes += [make("Concat", [f"{p}lead", width], [f"{p}shape{i}"], axis=0),
                  make("Reshape", [part, f"{p}shape{i}"], [out])]
    return nodes


def integer_products_exact(size: int = 64) -> bool:
    """Whether ONNX Runtime's int8 products are exact on this CPU for the values the rewrite uses.

    Without VNNI (AVX512-VNNI or AVX-VNNI), x86 kernels may add uint8×int8 pairs in 16 bits and
    saturate; tokens at 255 against runs of weights at +127 and at -127 show it.
    """
    import onnxruntime as ort
    from onnx import TensorProto, helper

    tokens = np.full((size, size), 255, np.uint8)
    weights = np.where(np.arange(size)[:, None] < 3 * size // 4, 127, -127).repeat(size, axis=1).astype(np.int8)
    const = _Constants()
    graph = helper.make_graph(
        [helper.make_node("MatMulIntegerToFloat", ["q", const("w", weights), const("one", np.float32(1)),
                                                   const("c", np.ones(size, np.float32))], ["y"], domain=CONTRIB)],
        "exactness", [helper.make_tensor_value_info("q", TensorProto.UINT8, [size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [size, size])], initializer=const.tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(CONTRIB, 1)])
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = session.run(None, {"q": tokens})[0]
    want = tokens.astype(np.int64) @ weights.astype(np.int64)
    tokens[:, 1::2] = 0
    got_mixed = session.run(None, {"q": tokens})[0]
    want_mixed = tokens.astype(np.int64) @ weights.astype(np.int64)
    return bool(np.array_equal(got, want) and np.array_equal(got_mixed, want_mixed))
