"""Per-token int8 quantisation of an exported encoder: a rewrite of its ONNX graph.

Each linear layer's input is quantised as it runs, with one scale and zero point per token
(uint8, asymmetric), against int8 weights with one scale per output channel; products are
integer (ONNX ``MatMulInteger``) and rescaled to float. Per-token scales keep a token's result
independent of the other tokens and texts in its batch, which per-tensor dynamic quantisation
does not, and are what brings the vectors within 0.999 cosine of fp32 (benchmarks/embedding.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

STEPS = 254.0
"""Quantisation steps across a token's range: its values map into 1..255 around MIDDLE."""
MIDDLE = 128
CONTRIB = "com.microsoft"
"""ONNX Runtime's operator domain, for its fused MatMulIntegerToFloat kernel."""


def quantise_per_token(source: Path, target: Path, keep_fp32: Callable[[str], bool] = lambda name: False) -> int:
    """Write ``target``: ``source`` with its weight MatMuls in int8, except nodes ``keep_fp32`` names.

    Returns how many MatMuls were quantised. MatMuls that share an input share its quantisation.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(source))
    weights = {init.name: init for init in model.graph.initializer}
    groups: dict[str, list] = {}
    for node in model.graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights and not keep_fp32(node.name):
            groups.setdefault(node.input[0], []).append(node)

    rewritten, added = {}, _Constants()
    for index, (activation, matmuls) in enumerate(groups.items()):
        prefix = f"pertoken{index}/"
        arrays = [numpy_helper.to_array(weights[node.input[1]]).astype(np.float32) for node in matmuls]
        nodes = _quantise_input(activation, arrays[0].shape[0], prefix, added)
        for j, (node, weight) in enumerate(zip(matmuls, arrays)):
            nodes += _integer_product(activation, prefix, weight, node.output[0], f"{prefix}{j}/", added)
        rewritten[activation] = nodes

    replaced = {id(node) for matmuls in groups.values() for node in matmuls}
    order = [node for node in model.graph.node if id(node) not in replaced]
    graph_inputs = [rewritten.pop(i.name) for i in model.graph.input if i.name in rewritten]
    nodes = [n for block in graph_inputs for n in block]
    for node in order:
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
    return sum(len(matmuls) for matmuls in groups.values())


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
    """Nodes that flatten ``x`` to (tokens, width), centre each token on the middle of its range
    and quantise it to uint8 around 128.

    Outputs ``{p}q`` (uint8 tokens), ``{p}step`` and ``{p}mid`` (float, one per token, as columns).
    """
    from onnx import helper

    make = helper.make_node
    half, steps, tiny = const("pertoken/half", np.float32(0.5)), const("pertoken/steps", np.float32(STEPS)), \
        const("pertoken/eps", np.float32(1e-8))
    middle = const("pertoken/128", np.array([MIDDLE], np.uint8))
    rows, flat = const(f"pertoken/rows{width}", np.array([-1, width], np.int64)), const("pertoken/flat", np.array([-1], np.int64))
    return [
        make("Reshape", [x, rows], [f"{p}x"]),
        make("ReduceMin", [f"{p}x"], [f"{p}min"], axes=[-1], keepdims=1),
        make("ReduceMax", [f"{p}x"], [f"{p}max"], axes=[-1], keepdims=1),
        make("Add", [f"{p}min", f"{p}max"], [f"{p}sum"]),
        make("Mul", [f"{p}sum", half], [f"{p}mid"]),
        make("Sub", [f"{p}max", f"{p}min"], [f"{p}range"]),
        make("Div", [f"{p}range", steps], [f"{p}rawstep"]),
        make("Max", [f"{p}rawstep", tiny], [f"{p}step"]),
        make("Sub", [f"{p}x", f"{p}mid"], [f"{p}centred"]),
        make("Reshape", [f"{p}step", flat], [f"{p}scales"]),
        make("Shape", [f"{p}scales"], [f"{p}count"]),
        make("Expand", [middle, f"{p}count"], [f"{p}zeros"]),
        make("QuantizeLinear", [f"{p}centred", f"{p}scales", f"{p}zeros"], [f"{p}q"], axis=0),
    ]


def _integer_product(x: str, tokens: str, weight: np.ndarray, output: str, p: str, const: _Constants) -> list:
    """Nodes computing ``output`` = x @ weight from ``x``'s quantised tokens (prefix ``tokens``) and int8 weights.

    With tokens q = (x − mid)/step + 128 (per token) and weights w = W/c (per column):
    x @ W = step · (c · ((q − 128) @ w)) + mid ⊗ (c · Σw), where Σw sums each column of w.
    The first product is one fused ONNX Runtime kernel; the second is a rank-1 Gemm.
    """
    from onnx import helper

    make = helper.make_node
    column_scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127
    quantised = np.round(weight / column_scale).astype(np.int8)
    w, c = const(f"{p}w", quantised), const(f"{p}c", column_scale.astype(np.float32))
    one, middle = const("pertoken/1", np.float32(1)), const("pertoken/128s", np.uint8(MIDDLE))
    sums = const(f"{p}sums", (quantised.astype(np.int64).sum(axis=0) * column_scale).astype(np.float32)[None, :])
    width = const(f"{p}width", np.array([weight.shape[1]], np.int64))
    return [
        make("MatMulIntegerToFloat", [f"{tokens}q", w, one, c, middle], [f"{p}product"], domain="com.microsoft"),
        make("Mul", [f"{p}product", f"{tokens}step"], [f"{p}scaled"]),
        make("Gemm", [f"{tokens}mid", sums, f"{p}scaled"], [f"{p}y"]),
        make("Shape", [x], [f"{p}lead"], start=0, end=-1),
        make("Concat", [f"{p}lead", width], [f"{p}shape"], axis=0),
        make("Reshape", [f"{p}y", f"{p}shape"], [output]),
    ]


def integer_products_exact(size: int = 64) -> bool:
    """Whether ONNX Runtime's int8 products are exact on this CPU for the values the rewrite uses.

    Without VNNI (AVX512-VNNI or AVX-VNNI), x86 kernels may add uint8×int8 pairs in 16 bits and
    saturate; tokens at 255 against runs of weights at +127 and at -127 show it.
    """
    import onnxruntime as ort
    from onnx import TensorProto, helper

    tokens = np.full((size, size), 255, np.uint8)
    weights = np.where(np.arange(size)[:, None] < size // 2, 127, -127).repeat(size, axis=1).astype(np.int8)
    const = _Constants()
    graph = helper.make_graph(
        [helper.make_node("MatMulIntegerToFloat", ["q", const("w", weights), const("one", np.float32(1)),
                                                   const("c", np.ones(size, np.float32)),
                                                   const("mid", np.uint8(MIDDLE))], ["y"], domain=CONTRIB)],
        "exactness", [helper.make_tensor_value_info("q", TensorProto.UINT8, [size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [size, size])], initializer=const.tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(CONTRIB, 1)])
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    got = session.run(None, {"q": tokens})[0]
    want = (tokens.astype(np.int64) - MIDDLE) @ weights.astype(np.int64)
    tokens[:, 1::2] = 0
    got_mixed = session.run(None, {"q": tokens})[0]
    want_mixed = (tokens.astype(np.int64) - MIDDLE) @ weights.astype(np.int64)
    return bool(np.array_equal(got, want) and np.array_equal(got_mixed, want_mixed))
