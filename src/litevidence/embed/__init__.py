"""Embed: papers → vectors, through a registry of backends and an on-disk cache."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..parallel import Mapper, chunked, local_map
from ..registry import Registry
from .base import Embedder, paper_texts
from .cache import VectorCache
from .minilm import MiniLMEmbedder
from .tfidf import TfidfEmbedder

__all__ = ["BACKENDS", "Embedder", "VectorCache", "embed_texts", "paper_texts"]

BACKENDS: Registry[Embedder] = Registry("embedding backend")
BACKENDS.register("minilm")(MiniLMEmbedder)
BACKENDS.register("minilm-bf16")(lambda **kw: MiniLMEmbedder(dtype="bf16", **kw))
BACKENDS.register("tfidf")(TfidfEmbedder)


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
