import numpy as np
import pytest

from litevidence.corpus import read_corpus
from litevidence.embed import BACKENDS, VectorCache, embed_texts, paper_texts


def test_unknown_backend_lists_valid_names():
    with pytest.raises(KeyError, match="minilm, minilm-bf16, minilm-onnx, minilm-onnx-int8, tfidf"):
        BACKENDS.create("nope")


def test_cache_encodes_only_new_or_changed_texts(tmp_path):
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    cache = VectorCache(tmp_path)
    vectors, n = cache.embed("fake", "m1", ["a", "bb"], encode)
    assert n == 2 and vectors.shape == (2, 2)
    vectors, n = cache.embed("fake", "m1", ["a", "bb", "ccc"], encode)
    assert n == 1 and calls[-1] == ["ccc"] and vectors[2, 0] == 3
    _, n = cache.embed("fake", "m2", ["a"], encode)
    assert n == 1  # another model never reuses these vectors


def test_tfidf_vectors_are_normalised_and_cached(tiny_corpus, tmp_path):
    papers = read_corpus(tiny_corpus)[0]
    vectors, n = embed_texts(paper_texts(papers), BACKENDS.create("tfidf"), tmp_path)
    assert n == len(papers)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    again, n = embed_texts(paper_texts(papers), BACKENDS.create("tfidf"), tmp_path)
    assert n == 0 and np.array_equal(vectors, again)


@pytest.mark.slow
def test_real_minilm_model_loads_offline_and_ranks_by_meaning(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    backend = BACKENDS.create("minilm")
    v = backend.encode(["Energy use of training large language models",
                        "How much electricity does training an LLM consume?",
                        "A recipe for apple pie with cinnamon"])
    assert v.shape == (3, 384)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.3
    assert backend.model_id.startswith("sentence-transformers/all-MiniLM-L6-v2")


@pytest.mark.slow
def test_bf16_backend_stays_faithful_to_fp32_and_caches_apart(tmp_path):
    texts = ["Energy use of training large language models", "Water evaporated by datacentre cooling",
             "Carbon-aware scheduling of batch jobs"]
    fp32, bf16 = BACKENDS.create("minilm"), BACKENDS.create("minilm-bf16")
    cosine = (fp32.encode(texts) * bf16.encode(texts)).sum(axis=1)
    assert cosine.min() > 0.999
    assert fp32.model_id != bf16.model_id and bf16.name == "minilm-bf16"
    with pytest.raises(ValueError, match="fp32, bf16"):
        BACKENDS.create("minilm", dtype="fp16")


def test_with_progress_long_work_is_embedded_longest_first_in_slices_and_returned_in_order(tmp_path):
    """Issue 16: a bar needs slices; each slice is whole batches in the order the backend would sort them."""
    from litevidence.embed import PROGRESS_SLICE

    class Lengths:
        name, model_id = "lengths", "m"
        seen: list[list[str]] = []

        def fit(self, texts):
            return self

        def encode(self, texts):
            self.seen.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    texts = ["x" * (i % 97 + 1) + str(i) for i in range(PROGRESS_SLICE * 2 + 5)]
    backend = Lengths()
    plain, _ = embed_texts(texts, backend)
    assert len(backend.seen) == 1
    backend.seen.clear()
    sliced, n = embed_texts(texts, backend, tmp_path, progress=True)
    assert n == len(texts) and np.array_equal(plain, sliced)
    assert [len(s) for s in backend.seen] == [PROGRESS_SLICE, PROGRESS_SLICE, 5]
    lengths = [len(t) for s in backend.seen for t in s]
    assert lengths == sorted(lengths, reverse=True)
