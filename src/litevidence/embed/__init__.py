"""Embed: papers → vectors, through a registry of backends and an on-disk cache.

Importing this package imports no backend (no torch, scikit-learn or ONNX Runtime): the registry
holds import paths, so listing the backends is instant and a backend is loaded when created.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..registry import Registry
from ._cpu import native_bf16

if TYPE_CHECKING:
    import numpy as np

    from ..parallel import Mapper
    from .base import Embedder

__all__ = ["BACKENDS", "QUERY_BACKENDS", "Embedder", "VectorCache", "default_backend", "embed_texts", "paper_texts"]

BACKENDS: Registry["Embedder"] = Registry("embedding backend")
BACKENDS.register_lazy("minilm", "litevidence.embed.minilm:MiniLMEmbedder")
BACKENDS.register_lazy("minilm-bf16", "litevidence.embed.minilm:MiniLMEmbedder", dtype="bf16")
BACKENDS.register_lazy("minilm-onnx", "litevidence.embed.onnx:OnnxMiniLMEmbedder")
BACKENDS.register_lazy("minilm-onnx-int8", "litevidence.embed.onnx:OnnxMiniLMEmbedder", quantisation="int8")
BACKENDS.register_lazy("tfidf", "litevidence.embed.tfidf:TfidfEmbedder")

QUERY_BACKENDS = {"minilm": "minilm-onnx", "minilm-bf16": "minilm-onnx", "minilm-onnx": "minilm-onnx",
                  "minilm-onnx-int8": "minilm-onnx-int8"}
"""The backend that embeds a search query for vectors of each backend without loading torch: the
same model on ONNX Runtime (fp32 for MiniLM in fp32 or bf16: cosine to either above 0.9999). A
corpus-fitted backend (tfidf) has none: its query needs the fitted model."""

PROGRESS_SLICE = 512
"""Texts per slice when a progress bar is shown: a multiple of every backend's batch size, large
enough that slicing costs nothing measurable, small enough for the bar to move every few seconds."""

_LAZY = {"Embedder": ".base", "paper_texts": ".base", "VectorCache": ".cache"}


def __getattr__(name: str) -> Any:
    """``Embedder``, ``paper_texts`` and ``VectorCache``, imported (with NumPy) on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_backend() -> str:
    """minilm-bf16 where the CPU computes bfloat16 natively, else minilm (fp32).

    bf16 is the default because its fidelity to fp32 is measured (benchmarks/embedding.py: mean
    cosine 0.99996, top-10 neighbour overlap 0.997 on the default corpus) and it is the fastest
    backend that keeps cosine ≥ 0.999 and top-10 ≥ 0.98 (3.1x fp32 idle); without native bf16 it
    would be emulated and slower than fp32. minilm-onnx-int8 (top-10 overlap 0.977) is opt-in.
    """
    return "minilm-bf16" if native_bf16() else "minilm"


def embed_texts(texts: list[str], backend: "Embedder", cache_dir: Path | None = None, mapper: "Mapper | None" = None,
                partitions: int = 1, progress: bool = False) -> tuple["np.ndarray", int]:
    """Vectors for ``texts`` (see ``paper_texts``), in order, and how many were newly computed.

    With ``cache_dir``, vectors are reused by (backend, model, text hash). Texts to encode are cut
    into ``partitions`` chunks run through ``mapper`` (default: here; see ``litevidence.parallel``).
    With ``progress``, a bar shows papers embedded, rate and ETA (from ``_progress.PROGRESS_MIN``
    texts); the texts then go to the backend longest first in slices of whole batches, so that
    each batch holds the texts it would hold in one call.
    """
    import numpy as np

    from .._progress import PROGRESS_MIN, progress_bar
    from ..parallel import chunked, local_map
    from .cache import VectorCache

    mapper = mapper or local_map
    backend.fit(texts)

    def encode_all(todo: list[str]) -> np.ndarray:
        return np.vstack(mapper(backend.encode, chunked(todo, partitions)))

    def encode(todo: list[str]) -> np.ndarray:
        if not todo:
            return backend.encode([])
        step = PROGRESS_SLICE * partitions
        if not progress or len(todo) < PROGRESS_MIN or len(todo) <= step:
            return encode_all(todo)
        order = sorted(range(len(todo)), key=lambda i: -len(todo[i]))
        parts = []
        with progress_bar(len(todo), "papers", "[embed]") as bar:
            for start in range(0, len(order), step):
                parts.append(encode_all([todo[i] for i in order[start:start + step]]))
                bar.update(len(parts[-1]))
        out = np.empty((len(todo), parts[0].shape[1]), dtype=parts[0].dtype)
        out[order] = np.vstack(parts)
        return out

    if cache_dir is None:
        return encode(list(texts)), len(texts)
    return VectorCache(cache_dir).embed(backend.name, backend.model_id, texts, encode)
