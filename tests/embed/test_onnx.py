import numpy as np
import pytest

from litevidence.embed import BACKENDS, default_backend
from litevidence.embed import onnx as onnx_backend

TEXTS = ["Energy use of training large language models", "Water evaporated by datacentre cooling",
         "Carbon-aware scheduling of batch jobs", "A recipe for apple pie with cinnamon and a very long list "
         "of ingredients that makes this text much longer than the others in its batch"]


@pytest.mark.slow
def test_onnx_backends_export_once_and_match_fp32(tmp_path):
    reference = BACKENDS.create("minilm").encode(TEXTS)
    fp32 = BACKENDS.create("minilm-onnx", model_dir=tmp_path, batch_size=2)
    int8 = BACKENDS.create("minilm-onnx-int8", model_dir=tmp_path, batch_size=2)

    exact, quantised = fp32.encode(TEXTS), int8.encode(TEXTS)
    assert exact.shape == quantised.shape == (4, 384)
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1, atol=1e-5)
    assert (exact * reference).sum(axis=1).min() > 0.9999
    assert 0.998 < (quantised * reference).sum(axis=1).min() < 0.99999
    assert len({fp32.model_id, int8.model_id, BACKENDS.create("minilm").model_id}) == 3

    exported = sorted(tmp_path.glob("*.onnx"))
    assert len(exported) == 2
    assert exported[0].name.endswith("-fp32.onnx") and exported[1].name.endswith("-int8-pertoken.onnx")
    stamps = [p.stat().st_mtime_ns for p in exported]
    again = BACKENDS.create("minilm-onnx-int8", model_dir=tmp_path, batch_size=2).encode(TEXTS)
    assert np.array_equal(again, quantised)
    assert [p.stat().st_mtime_ns for p in exported] == stamps
    one_by_one = BACKENDS.create("minilm-onnx-int8", model_dir=tmp_path, batch_size=1).encode(TEXTS)
    assert np.allclose(one_by_one, quantised, atol=1e-6)  # per-token scales: batch-mates do not matter


@pytest.mark.slow
def test_a_failed_export_leaves_no_model_file(tmp_path, monkeypatch):
    import torch

    def broken(*args, **kwargs):
        raise RuntimeError("exporter crashed")

    monkeypatch.setattr(torch.onnx, "export", broken)
    with pytest.raises(RuntimeError, match="exporter crashed"):
        BACKENDS.create("minilm-onnx", model_dir=tmp_path).encode(TEXTS)
    assert list(tmp_path.iterdir()) == []


def test_model_cache_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LITEVIDENCE_MODEL_CACHE", str(tmp_path / "models"))
    assert onnx_backend.model_cache_dir() == tmp_path / "models"
    monkeypatch.delenv("LITEVIDENCE_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert onnx_backend.model_cache_dir() == tmp_path / "xdg" / "litevidence" / "onnx"
    with pytest.raises(ValueError, match="fp32, int8"):
        BACKENDS.create("minilm-onnx", quantisation="int4")


def test_default_backend_is_bf16_only_where_the_cpu_has_it(monkeypatch):
    monkeypatch.setattr("litevidence.embed.native_bf16", lambda: False)
    assert default_backend() == "minilm"
    monkeypatch.setattr("litevidence.embed.native_bf16", lambda: True)
    assert default_backend() == "minilm-bf16"


def test_bf16_is_read_from_the_cpu_flags_without_importing_torch(monkeypatch):
    from litevidence.embed import _cpu

    monkeypatch.setattr(_cpu, "cpu_flags", lambda: frozenset({"avx2", "amx_bf16"}))
    assert _cpu.native_bf16()
    monkeypatch.setattr(_cpu, "cpu_flags", lambda: frozenset({"avx2", "avx512f"}))
    assert not _cpu.native_bf16()
