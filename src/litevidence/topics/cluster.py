"""Clustering of paper vectors with k chosen from the data by silhouette."""
from __future__ import annotations

import math

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


MAX_K = 60
"""Most clusters a map shows; beyond that labels stop being readable."""
MAX_CANDIDATES = 10
"""At most this many values of k are tried, spread evenly over the range, so choosing k stays cheap."""


def k_range(n: int) -> tuple[int, int]:
    """Candidate cluster counts for ``n`` papers: about √n/2 to 1.5√n, at most ``MAX_K``.

    Silhouette alone favours two or three broad clusters on sentence embeddings; bounding k
    from below keeps the map at the granularity of a review's topics.
    """
    root = math.sqrt(max(n, 1))
    high = min(MAX_K, max(2, math.ceil(1.5 * root)))
    return min(max(2, math.floor(root / 2)), max(2, high // 2)), high


def choose_k(vectors: np.ndarray, k_min: int | None = None, k_max: int | None = None, method: str = "kmeans",
             random_state: int = 0) -> tuple[int, dict[int, float], np.ndarray]:
    """The k in [k_min, k_max] (default ``k_range``) with the best cosine silhouette, every k's score,
    and that k's cluster numbers (as ``cluster`` numbers them)."""
    n = len(vectors)
    default_min, default_max = k_range(n)
    k_min = default_min if k_min is None else k_min
    k_max = min(default_max if k_max is None else k_max, n - 1)
    one = np.zeros(n, dtype=int)
    if k_max < k_min:
        return 1, {}, one
    scores, labels = {}, {}
    for k in sorted(set(np.linspace(k_min, k_max, min(MAX_CANDIDATES, k_max - k_min + 1)).round().astype(int).tolist())):
        labels[k] = CLUSTERERS.create(method, k=k, random_state=random_state).fit_predict(vectors)
        if len(set(labels[k])) < 2:
            continue
        scores[k] = float(silhouette_score(vectors, labels[k], metric="cosine",
                                           sample_size=min(n, SILHOUETTE_SAMPLE), random_state=random_state))
    if not scores:
        return 1, {}, one
    best = max(scores.values())
    k = min(k for k, s in scores.items() if s == best)
    return k, scores, _by_size(labels[k])


def cluster(vectors: np.ndarray, k: int, method: str = "kmeans", random_state: int = 0) -> np.ndarray:
    """Cluster numbers for a given k, numbered by size (see ``_by_size``)."""
    if k <= 1 or len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    return _by_size(CLUSTERERS.create(method, k=k, random_state=random_state).fit_predict(vectors))


def _by_size(raw: np.ndarray) -> np.ndarray:
    """Renumber clusters by size (largest 0), ties by first member, so numbers do not depend on the clusterer's."""
    order = sorted(set(raw.tolist()), key=lambda c: (-(raw == c).sum(), int(np.argmax(raw == c))))
    remap = {c: i for i, c in enumerate(order)}
    return np.array([remap[c] for c in raw.tolist()], dtype=int)
