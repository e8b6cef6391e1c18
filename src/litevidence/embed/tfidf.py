"""A fast TF-IDF + truncated SVD backend for tests and quick looks; fitted on the corpus."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from .._io import sha256_text
from ..errors import LitevidenceError
from .base import l2_normalise


class TfidfEmbedder:
    """Latent semantic vectors: TF-IDF of words and bigrams reduced by SVD (fixed seed)."""

    name = "tfidf"

    def __init__(self, dim: int = 64, random_state: int = 0) -> None:
        self.dim = dim
        self.random_state = random_state
        self._vectorizer: TfidfVectorizer | None = None
        self._svd: TruncatedSVD | None = None
        self._fingerprint = "unfitted"

    @property
    def model_id(self) -> str:
        return f"tfidf-svd{self.dim}-seed{self.random_state}-corpus{self._fingerprint[:16]}"

    def fit(self, texts: Sequence[str]) -> "TfidfEmbedder":
        texts = list(texts)
        self._vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=1,
                                           sublinear_tf=True, dtype=np.float32)
        try:
            matrix = self._vectorizer.fit_transform(texts)
        except ValueError as e:
            if "empty vocabulary" not in str(e):
                raise
            raise LitevidenceError("the tfidf backend found no word in any paper (titles such as '???')",
                                   todo="give the papers titles or abstracts with words, or use --backend minilm") from None
        n_components = max(1, min(self.dim, matrix.shape[0] - 1, matrix.shape[1] - 1))
        self._svd = TruncatedSVD(n_components=n_components, random_state=self.random_state)
        self._svd.fit(matrix)
        self._fingerprint = sha256_text(*sorted(texts))
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._vectorizer is None or self._svd is None:
            raise RuntimeError("TfidfEmbedder.encode called before fit")
        if not texts:
            return np.zeros((0, self._svd.n_components), dtype=np.float32)
        return l2_normalise(self._svd.transform(self._vectorizer.transform(list(texts))))
