"""Embed: papers → vectors, through a registry of backends and an on-disk cache."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..parallel import Mapper, chunked, local_map
from ..registry import Registry
from .base import Embedder, paper_texts
from .cache import VectorCache
from .minilm import MiniLMEmbedder, native_bf16
from .onnx import OnnxMiniLMEmbedder
from .tfidf import TfidfEmbedder

__all__ = ["BACKENDS", "Embedder", "VectorCache", "default_backend", "embed_texts", "paper_texts"]

BACKENDS: Registry[Embedder] = Registry("embedding backend")
BACKENDS.register("minilm")(MiniLMEmbedder)
BACKENDS.register("minilm-bf16")(lambda **kw: MiniLMEmbedder(dtype="bf16", **kw))
BACKENDS.register("minilm-onnx")(OnnxMiniLMEmbedder)
BACKENDS.register("minilm-onnx-int8")(lambda **kw: OnnxMiniLMEmbedder(quantisation="int8", **kw))
BACKENDS.register("tfidf")(TfidfEmbedder)


def default_backend() -> str:
    """minilm-bf16 where the CPU computes bfloat16 natively, else minilm (fp32).

    bf16 is the default because its fidelity to fp32 is measured (benchmarks/embedding.py: mean
    cosine 0.99996, top-10 neighbour overlap 0.995 on the default corpus) and it is 1.5-2x as fast;
    without native bf16 it would be emulated and slower than fp32. minilm-onnx-int8 is faster still
    (about 2x fp32) but further from fp32 (mean cosine 0.9995, top-10 overlap 0.98), so it is opt-in.
    """
    return "minilm-bf16" if native_bf16() else "minilm"


def embed_texts(texts: list[str], backend: Embedder, cache_dir: Path | None = None, mapper: Mapper = local_map,
                partitions: int = 1) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (see ``paper_texts``), in order, and how many were newly computed.

    With ``cache_dir``, vectors are reused by (backend, model, text hash). Texts to encode are cut
    into ``partitions`` chunks run through ``mapper`` (see ``litevidence.parallel``).
    """
    backend.fit(texts)

    def encode(todo: list[str]) -> np.ndarray:
        if not todo:
            return backend.encode([])
        return np.vstack(mapper(backend.encode, chunked(todo, partitions)))

    if cache_dir is None:
        return encode(list(texts)), len(texts)
    return VectorCache(cache_dir).embed(backend.name, backend.model_id, texts, encode)
