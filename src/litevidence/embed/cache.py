"""Vectors cached on disk by (backend, model, content hash), so a rerun embeds only new texts."""
from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .._io import atomic_write_bytes, sha256_text


class VectorCache:
    """One ``.npz`` file per (backend, model) holding text hashes and their vectors."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, backend: str, model_id: str) -> Path:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)[:80]
        return self.folder / f"{backend}__{safe}__{sha256_text(model_id)[:12]}.npz"

    def load(self, backend: str, model_id: str) -> dict[str, np.ndarray]:
        path = self.path(backend, model_id)
        if not path.exists():
            return {}
        try:
            with np.load(path, allow_pickle=False) as data:
                return dict(zip(data["hashes"].tolist(), data["vectors"]))
        except (OSError, ValueError, KeyError):
            return {}

    def save(self, backend: str, model_id: str, vectors: dict[str, np.ndarray]) -> None:
        hashes = sorted(vectors)
        buffer = io.BytesIO()
        matrix = np.stack([vectors[h] for h in hashes]) if hashes else np.zeros((0, 0), np.float32)
        np.savez(buffer, hashes=np.array(hashes, dtype="U64"), vectors=matrix.astype(np.float32))
        atomic_write_bytes(self.path(backend, model_id), buffer.getvalue())

    def embed(self, backend: str, model_id: str, texts: Sequence[str],
              encode: Callable[[list[str]], np.ndarray]) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` in order, encoding only those not cached; returns (matrix, n encoded).

        Entries for texts no longer present are dropped, so the cache holds the current corpus.
        """
        hashes = [sha256_text(t) for t in texts]
        cached = self.load(backend, model_id)
        todo = sorted({h: t for h, t in zip(hashes, texts) if h not in cached}.items())
        if todo:
            fresh = encode([t for _, t in todo])
            cached.update({h: v for (h, _), v in zip(todo, fresh)})
        current = {h: cached[h] for h in hashes}
        if todo or len(current) != len(cached):
            self.save(backend, model_id, current)
        if not hashes:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.stack([current[h] for h in hashes]), len(todo)
