import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from litevidence.embed import onnx as onnx_backend
from litevidence.embed.quantise import quantise_per_token

rng = np.random.default_rng(7)
W_SHARED, W_OTHER, W_KEPT = (rng.normal(size=(16, n)).astype(np.float32) for n in (8, 24, 8))
BIAS = rng.normal(size=8).astype(np.float32)


def tiny_model(path):
    """x (batch, tokens, 16) → a = x@W_SHARED + BIAS, b = x@W_OTHER, kept = x@W_KEPT (named to stay fp32)."""
    inits = [numpy_helper.from_array(a, n) for a, n in ((W_SHARED, "w1"), (W_OTHER, "w2"), (W_KEPT, "w3"), (BIAS, "b"))]
    nodes = [helper.make_node("Relu", ["input"], ["x"]),
             helper.make_node("MatMul", ["x", "w1"], ["a0"], name="/layer/shared/MatMul"),
             helper.make_node("Add", ["a0", "b"], ["a"]),
             helper.make_node("MatMul", ["x", "w2"], ["b_out"], name="/layer/other/MatMul"),
             helper.make_node("MatMul", ["x", "w3"], ["kept"], name="/layer/value/MatMul")]
    shape = ["batch", "tokens"]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [*shape, 16])],
                              [helper.make_tensor_value_info(n, TensorProto.FLOAT, [*shape, None]) for n in ("a", "b_out", "kept")],
                              initializer=inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def run(path, x):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"input": x})


@pytest.fixture
def quantised(tmp_path):
    tiny_model(tmp_path / "fp32.onnx")
    count = quantise_per_token(tmp_path / "fp32.onnx", tmp_path / "int8.onnx", keep_fp32=lambda name: "/value/" in name)
    return count, tmp_path / "fp32.onnx", tmp_path / "int8.onnx"


def test_weight_matmuls_become_integer_products_except_the_kept_ones(quantised):
    (count, kept), _, int8 = quantised
    ops = [node.op_type for node in onnx.load(str(int8)).graph.node]
    assert count == 2 and kept == 1
    assert ops.count("MatMulIntegerToFloat") == 1 and ops.count("Split") == 1  # both weights in one product
    assert ops.count("MatMul") == 1  # the kept one
    assert ops.count("QuantizeLinear") == 1


def test_products_stay_within_the_quantisation_error(quantised):
    _, fp32, int8 = quantised
    x = rng.normal(size=(3, 5, 16)).astype(np.float32) * np.linspace(0.1, 4, 16, dtype=np.float32)
    for exact, approx, weight in zip(run(fp32, x), run(int8, x), (W_SHARED, W_OTHER, W_KEPT)):
        assert approx.shape == exact.shape
        tokens = np.maximum(x, 0).reshape(-1, 16)
        # half a step of each token and of each weight column, summed over the inner dimension
        bound = (np.ptp(tokens, axis=1, keepdims=True) / 254 / 2) @ np.abs(weight).sum(axis=0, keepdims=True) \
            + tokens.sum(axis=1, keepdims=True) * (np.abs(weight).max(axis=0) / 127 / 2)
        assert np.all(np.abs(approx - exact).reshape(-1, weight.shape[1]) <= bound + 1e-5)
        assert approx.dtype == np.float32
    assert np.array_equal(run(fp32, x)[2], run(int8, x)[2])  # the kept product is untouched


def test_a_token_does_not_depend_on_its_batch_mates(quantised):
    _, fp32, int8 = quantised
    x = rng.normal(size=(2, 4, 16)).astype(np.float32)
    louder = x.copy()
    louder[1] *= 50  # per-tensor scales would coarsen every token's steps
    louder[0, 1:] *= 50
    alone = run(int8, x)
    together = run(int8, louder)
    for a, b in zip(alone, together):
        assert np.allclose(a[0, 0], b[0, 0], atol=1e-6)
    assert not np.allclose(run(fp32, x)[0], alone[0], atol=1e-7)  # and it is really quantised


def test_int8_backend_refuses_a_cpu_whose_int8_products_saturate(tmp_path, monkeypatch):
    monkeypatch.setattr(onnx_backend, "integer_products_exact", lambda: False)
    backend = onnx_backend.OnnxMiniLMEmbedder(quantisation="int8", model_dir=tmp_path)
    with pytest.raises(RuntimeError, match="saturate on this CPU.*minilm-onnx"):
        backend.encode(["a text"])
    assert list(tmp_path.iterdir()) == []


def test_int8_export_stops_when_no_value_projection_is_found(tmp_path):
    tiny_model(tmp_path / "fp32.onnx")  # its kept MatMul is named /layer/value/, not /attention/self/value/
    with pytest.raises(RuntimeError, match="no MatMul named like '/attention/self/value/'"):
        onnx_backend._quantise(tmp_path / "fp32.onnx", tmp_path / "int8.onnx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fp32.onnx"]
