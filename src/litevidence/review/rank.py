"""Prioritised screening: unscreened papers ordered by how likely they are to be included.

The model is a logistic regression on the pipeline's embedding vectors (centred on the corpus mean
and L2-normalised), trained on the decisions so far with the still unscreened papers as weak
exclusions (each weighs ``UNSCREENED_WEIGHT`` of a decided exclusion; the two classes weigh the
same in total). In most reviews nearly every paper is excluded, so the unscreened pool is a good
stand-in for "not relevant" while decisions are few (Cormack and Grossman's continuous active
learning trains on unreviewed documents taken as non-relevant the same way), and one inclusion alone
trains a model. ``benchmarks/screening.py`` measures it against ASReview's TF-IDF models.

Cold start, with no inclusion yet: without any decision, the papers most typical of the corpus come
first (cosine to the corpus's mean vector); with exclusions only, the papers least like them. Ties
are broken by key, so the order never depends on anything but the inputs.
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

__all__ = ["rank_unscreened"]

C = 10.0
UNSCREENED_WEIGHT = 0.3


def rank_unscreened(vectors: np.ndarray, keys: list[str], decisions: dict[str, bool]) -> list[str]:
    """The keys without a decision, most likely to be included first, learned from ``decisions``.

    Parameters
    ----------
    vectors
        The papers' embedding vectors, one row per key (as ``litevidence.embed`` makes them).
    keys
        The papers' keys, unique, in the order of the rows.
    decisions
        Screening decisions so far: True includes, False excludes. Keys not in ``keys`` (papers no
        longer in the corpus) are ignored.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != len(keys):
        raise ValueError(f"vectors of shape {vectors.shape} do not have one row for each of the {len(keys)} keys")
    if len(set(keys)) != len(keys):
        raise ValueError("keys are not unique")
    undecided = np.array([i for i, k in enumerate(keys) if k not in decisions], dtype=int)
    included = np.array([i for i, k in enumerate(keys) if k in decisions and decisions[k]], dtype=int)
    excluded = np.array([i for i, k in enumerate(keys) if k in decisions and not decisions[k]], dtype=int)
    if not len(undecided):
        return []
    centred = _normalise(vectors - vectors.mean(axis=0))
    if len(included):
        scores = _fit_scores(centred, included, excluded, undecided)
    elif len(excluded):
        scores = -(centred[undecided] @ centred[excluded].mean(axis=0))
    else:
        unit = _normalise(vectors)
        scores = unit[undecided] @ unit.mean(axis=0)
    # rounded so that a matrix product's last-bit noise cannot part papers with the same vector
    order = np.lexsort((np.array([keys[i] for i in undecided]), -np.round(scores, 10)))
    return [keys[i] for i in undecided[order]]


def _fit_scores(x: np.ndarray, included: np.ndarray, excluded: np.ndarray, undecided: np.ndarray) -> np.ndarray:
    """Decision values for the undecided rows: inclusions against exclusions and the weighted unscreened pool."""
    rows = np.concatenate([included, excluded, undecided])
    target = np.zeros(len(rows), dtype=int)
    target[:len(included)] = 1
    weight = np.concatenate([np.ones(len(included) + len(excluded)), np.full(len(undecided), UNSCREENED_WEIGHT)])
    weight[:len(included)] = weight[len(included):].sum() / len(included)
    model = LogisticRegression(C=C, solver="liblinear", random_state=0)
    model.fit(x[rows], target, sample_weight=weight)
    return model.decision_function(x[undecided])


def _normalise(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), so that dot products are cosines."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms == 0, 1, norms)
