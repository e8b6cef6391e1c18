import numpy as np

from litevidence.topics import fit_topics
from litevidence.topics.cluster import choose_k, k_range


def _two_themes(n=10, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.normal([5, 0, 0], 0.3, (n, 3))
    b = rng.normal([0, 5, 0], 0.3, (n, 3))
    v = np.vstack([a, b]).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


TEXTS = ["carbon emissions of training runs"] * 10 + ["water cooling in datacentres"] * 10


def test_two_themes_give_two_labelled_clusters_deterministically():
    v = _two_themes()
    keys = [f"p{i:02d}" for i in range(20)]
    topics, clusters = fit_topics(keys, TEXTS, v, k=None)
    assert len(clusters) == 2 and sorted(clusters["size"]) == [10, 10]
    assert set(topics.groupby("cluster")["key"].min()) == {"p00", "p10"}
    labels = set(clusters["label"])
    assert any("carbon" in label for label in labels) and any("water" in label for label in labels)
    again, _ = fit_topics(keys, TEXTS, v, k=None)
    assert topics.equals(again)


def test_choose_k_finds_the_real_number_of_groups():
    rng = np.random.default_rng(1)
    centres = np.eye(5) * 10
    v = np.vstack([rng.normal(c, 0.2, (12, 5)) for c in centres])
    k, scores, labels = choose_k(v, k_min=2, k_max=8)
    assert k == 5 and scores[5] == max(scores.values())


def test_k_range_grows_with_corpus_size():
    assert k_range(6) == (2, 4)
    low, high = k_range(155)
    assert 5 <= low < high <= 20


def test_clusters_never_share_a_label():
    from litevidence.topics.labels import unique_labels

    terms = {0: ["water", "cooling", "drought", "towers"], 1: ["water", "cooling", "drought", "rivers"],
             2: ["carbon", "grid", "shifting"], 3: ["a", "b"], 4: ["a", "b"]}
    labels = unique_labels(terms)
    assert labels[0] == "water · cooling · drought · towers" and labels[1] == "water · cooling · drought · rivers"
    assert labels[2] == "carbon · grid · shifting"
    assert labels[3] == "a · b (#3)" and labels[4] == "a · b (#4)"
    assert len(set(labels.values())) == len(labels)


def test_issue13_9_papers_without_a_word_give_clusters_without_terms_not_a_crash():
    v = _two_themes(n=3)
    topics, clusters = fit_topics([f"p{i}" for i in range(6)], ["???", "1234", "!!", "-- 42 --", "", "3.14"], v, k=2)
    assert len(topics) == 6 and set(clusters["terms"]) == {""}
    assert all(label.startswith("(no distinctive terms)") for label in clusters["label"])
