"""Prioritised screening: rank_unscreened learns from the decisions so far on clustered vectors."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litevidence.review.rank import rank_unscreened

CLUSTERS = ("energy", "water", "policy")
PER_CLUSTER = 8


def clustered(seed: int = 0) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Three tight clusters of unit vectors in 32 dimensions, rows shuffled; keys do not give the cluster away."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(CLUSTERS), 32))
    rows = [(name, centre + 0.3 * rng.normal(size=32)) for name, centre in zip(CLUSTERS, centres) for _ in range(PER_CLUSTER)]
    rows = [rows[i] for i in rng.permutation(len(rows))]
    keys = [f"paper{i:02d}" for i in range(len(rows))]
    vectors = np.array([v / np.linalg.norm(v) for _, v in rows], dtype=np.float32)
    return vectors, keys, {k: name for k, (name, _) in zip(keys, rows)}


def members(cluster: dict[str, str], name: str) -> list[str]:
    return [k for k, c in cluster.items() if c == name]


def test_papers_like_the_included_ones_come_first():
    vectors, keys, cluster = clustered()
    energy, water = members(cluster, "energy"), members(cluster, "water")
    decisions = {energy[0]: True, water[0]: False}
    ranked = rank_unscreened(vectors, keys, decisions)
    assert set(ranked[:PER_CLUSTER - 1]) == set(energy[1:])


def test_exclusions_push_their_cluster_back():
    vectors, keys, cluster = clustered(1)
    energy, water, policy = (members(cluster, c) for c in CLUSTERS)
    decisions = {energy[0]: True, policy[0]: True, **{k: False for k in water[:3]}}
    ranked = rank_unscreened(vectors, keys, decisions)
    assert set(ranked[-(PER_CLUSTER - 3):]) == set(water[3:])


def test_one_inclusion_and_no_exclusion_is_enough_to_rank():
    vectors, keys, cluster = clustered(2)
    policy = members(cluster, "policy")
    ranked = rank_unscreened(vectors, keys, {policy[0]: True})
    assert set(ranked[:PER_CLUSTER - 1]) == set(policy[1:])


def test_exclusions_only_put_papers_unlike_them_first():
    vectors, keys, cluster = clustered(3)
    water = members(cluster, "water")
    ranked = rank_unscreened(vectors, keys, {water[0]: False, water[1]: False})
    assert set(ranked[-(PER_CLUSTER - 2):]) == set(water[2:])


def test_without_decisions_typical_papers_come_first_and_an_outlier_last():
    rng = np.random.default_rng(4)
    centre = rng.normal(size=16)
    vectors = np.vstack([centre + 0.2 * rng.normal(size=(9, 16)), -centre])
    keys = ["outlier" if i == 9 else f"typical{i}" for i in range(10)]
    ranked = rank_unscreened(vectors, keys, {})
    assert sorted(ranked) == sorted(keys)
    assert ranked[-1] == "outlier"


def test_the_order_is_deterministic_and_ties_go_by_key():
    vectors, keys, cluster = clustered(5)
    energy, water = members(cluster, "energy"), members(cluster, "water")
    vectors = np.vstack([vectors, vectors[keys.index(energy[1])]])
    keys = keys + ["a-copy"]
    decisions = {energy[0]: True, water[0]: False}
    first = rank_unscreened(vectors, keys, decisions)
    assert first == rank_unscreened(vectors.copy(), list(keys), dict(decisions))
    twins = sorted([energy[1], "a-copy"])
    assert first.index(twins[1]) == first.index(twins[0]) + 1
    assert rank_unscreened(vectors, keys, {}) == rank_unscreened(vectors, keys, {})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([None, True, False]), min_size=3 * PER_CLUSTER, max_size=3 * PER_CLUSTER),
       st.booleans())
def test_every_undecided_key_is_returned_once_and_no_decided_one(choices, stray):
    vectors, keys, _ = clustered(6)
    decisions = {k: c for k, c in zip(keys, choices) if c is not None}
    if stray:
        decisions["no-longer-in-the-corpus"] = True
    ranked = rank_unscreened(vectors, keys, decisions)
    assert len(ranked) == len(set(ranked))
    assert set(ranked) == {k for k in keys if k not in decisions}


def test_bad_input_is_refused():
    vectors, keys, _ = clustered()
    with pytest.raises(ValueError, match="one row for each"):
        rank_unscreened(vectors[:-1], keys, {})
    with pytest.raises(ValueError, match="not unique"):
        rank_unscreened(vectors, keys[:-1] + keys[:1], {})
