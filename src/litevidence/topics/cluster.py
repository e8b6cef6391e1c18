"""Clustering of paper vectors with k chosen from the data by silhouette."""
from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

from ..registry import Registry

Clusterer = KMeans | MiniBatchKMeans

CLUSTERERS: Registry[Clusterer] = Registry("clusterer")
CLUSTERERS.register("kmeans")(lambda k, random_state: KMeans(n_clusters=k, n_init=10, random_state=random_state))
CLUSTERERS.register("minibatch-kmeans")(
    lambda k, random_state: MiniBatchKMeans(n_clusters=k, n_init=3, batch_size=4096, random_state=random_state))

SILHOUETTE_SAMPLE = 3000
"""Silhouette is scored on at most this many papers, so choosing k stays linear in corpus size."""


def choose_k(vectors: np.ndarray, k_min: int = 2, k_max: int = 16, method: str = "kmeans",
             random_state: int = 0) -> tuple[int, dict[int, float]]:
    """The k in [k_min, k_max] with the best cosine silhouette, and every k's score."""
    n = len(vectors)
    k_max = min(k_max, n - 1)
    if k_max < k_min:
        return 1, {}
    scores = {}
    for k in range(k_min, k_max + 1):
        labels = CLUSTERERS.create(method, k=k, random_state=random_state).fit_predict(vectors)
        if len(set(labels)) < 2:
            continue
        scores[k] = float(silhouette_score(vectors, labels, metric="cosine",
                                           sample_size=min(n, SILHOUETTE_SAMPLE), random_state=random_state))
    if not scores:
        return 1, {}
    best = max(scores.values())
    return min(k for k, s in scores.items() if s == best), scores


def cluster(vectors: np.ndarray, k: int, method: str = "kmeans", random_state: int = 0) -> np.ndarray:
    """Cluster numbers renumbered by size (largest 0), ties by first member, so output is stable."""
    if k <= 1 or len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    raw = CLUSTERERS.create(method, k=k, random_state=random_state).fit_predict(vectors)
    order = sorted(set(raw.tolist()), key=lambda c: (-(raw == c).sum(), int(np.argmax(raw == c))))
    remap = {c: i for i, c in enumerate(order)}
    return np.array([remap[c] for c in raw.tolist()], dtype=int)
