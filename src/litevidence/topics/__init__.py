"""Topics: vectors → clusters with readable labels and a 2-D map (schemas ``TOPICS``, ``CLUSTERS``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import CLUSTERS, TOPICS
from .cluster import CLUSTERERS, choose_k, cluster
from .labels import distinctive_terms, unique_labels
from .projection import project_2d

__all__ = ["CLUSTERERS", "KMEANS_LIMIT", "fit_topics"]


KMEANS_LIMIT = 20_000
"""Above this many papers clustering uses mini-batch k-means, whose cost grows linearly and slowly."""


def fit_topics(keys: list[str], texts: list[str], vectors: np.ndarray, k: int | None = None,
               method: str | None = None, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster papers and label the clusters; returns (topics per paper, clusters).

    ``k`` None chooses k by silhouette; ``method`` None picks k-means, or mini-batch k-means above
    ``KMEANS_LIMIT`` papers. The same inputs and seed give the same tables.
    """
    method = method or ("kmeans" if len(keys) <= KMEANS_LIMIT else "minibatch-kmeans")
    if len(keys) == 0:
        return TOPICS.empty(), CLUSTERS.empty()
    if k is None:
        _, _, labels = choose_k(vectors, method=method, random_state=random_state)
    else:
        labels = cluster(vectors, k, method=method, random_state=random_state)
    terms = distinctive_terms(texts, labels)
    names = unique_labels(terms)
    coords = project_2d(vectors, random_state=random_state)
    centrality = np.zeros(len(keys))
    for c in set(labels.tolist()):
        members = labels == c
        centre = vectors[members].mean(axis=0)
        centre /= max(np.linalg.norm(centre), 1e-12)
        centrality[members] = vectors[members] @ centre
    topics = pd.DataFrame({
        "key": keys, "cluster": labels, "label": [names[c] for c in labels],
        "x": coords[:, 0].round(6), "y": coords[:, 1].round(6), "centrality": centrality.round(6),
    })
    clusters = pd.DataFrame({
        "cluster": sorted(names), "label": [names[c] for c in sorted(names)],
        "size": [int((labels == c).sum()) for c in sorted(names)],
        "terms": ["; ".join(terms[c]) for c in sorted(names)],
    })
    return TOPICS.conform(topics), CLUSTERS.conform(clusters)
