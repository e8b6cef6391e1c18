"""A 2-D projection of paper vectors for the topic map (linear, so it scales and is deterministic)."""
from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA


def project_2d(vectors: np.ndarray, random_state: int = 0) -> np.ndarray:
    """PCA to two coordinates, each axis' sign fixed so the output does not flip between runs."""
    n = len(vectors)
    if n == 0:
        return np.zeros((0, 2))
    if n < 3:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    coords = PCA(n_components=2, random_state=random_state).fit_transform(vectors.astype(np.float64))
    signs = np.sign(coords[np.argmax(np.abs(coords), axis=0), [0, 1]])
    return coords * np.where(signs == 0, 1, signs)
