"""Embedding throughput per backend against the machine's measured limit, and fidelity to fp32.

usage: python benchmarks/embedding.py [--repeat 3]
Texts are the default corpus's embedding texts (title, abstract, keywords, summary) at their real
lengths. Prints texts/s per backend and its ratio to the fp32 default; mean cosine and top-10
neighbour overlap to fp32; the machine's matmul GFLOP/s (fp32 and bf16, all threads) and the
model's FLOPs per text, so the fraction of the physical limit each backend reaches.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from litevidence.corpus import read_corpus
from litevidence.embed import BACKENDS, paper_texts

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ("minilm", "minilm-bf16")


def matmul_gflops(dtype: torch.dtype, n: int = 2048, seconds: float = 2.0) -> float:
    a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
    torch.matmul(a, b)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        torch.matmul(a, b)
        done += 1
    return 2 * n ** 3 * done / (time.perf_counter() - started) / 1e9


def flops_per_text(model, texts: list[str]) -> tuple[float, float]:
    """Mean tokens per text (after truncation) and forward FLOPs per text: 2 per weight per token
    for the encoder's matrices plus 4·L·d per layer for attention scores and their use."""
    transformer = model[0].auto_model
    config = transformer.config
    weights = sum(p.numel() for name, p in transformer.named_parameters() if "embeddings" not in name and p.dim() == 2)
    lengths = [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]]
    per_text = [2 * weights * L + config.num_hidden_layers * 4 * L * L * config.hidden_size for L in lengths]
    return float(np.mean(lengths)), float(np.mean(per_text))


def top_k_overlap(a: np.ndarray, b: np.ndarray, k: int = 10) -> float:
    def neighbours(v):
        sims = v @ v.T
        np.fill_diagonal(sims, -np.inf)
        return np.argsort(-sims, axis=1)[:, :k]
    na, nb = neighbours(a), neighbours(b)
    return float(np.mean([len(set(x) & set(y)) / k for x, y in zip(na, nb)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the corpus per backend")
    args = parser.parse_args()
    texts = paper_texts(read_corpus(ROOT / "corpus")[0])
    rates, vectors = {}, {}
    for name in CANDIDATES:
        backend = BACKENDS.create(name)
        backend.encode(texts[:16])
        started = time.perf_counter()
        for _ in range(args.repeat):
            vectors[name] = backend.encode(texts)
        rates[name] = args.repeat * len(texts) / (time.perf_counter() - started)
    model = BACKENDS.create("minilm")._load()
    tokens, flops = flops_per_text(model, texts)
    limits = {"fp32": matmul_gflops(torch.float32), "bf16": matmul_gflops(torch.bfloat16)}
    print(f"{len(texts)} texts, mean {tokens:.0f} tokens, {flops / 1e9:.2f} GFLOP per text; torch threads {torch.get_num_threads()}")
    print(f"matmul limit: fp32 {limits['fp32']:.0f} GFLOP/s, bf16 {limits['bf16']:.0f} GFLOP/s "
          f"(= {limits['fp32'] * 1e9 / flops:.0f} and {limits['bf16'] * 1e9 / flops:.0f} texts/s)")
    print(f"{'backend':<14}{'texts/s':>9}{'vs fp32':>9}{'of limit':>10}{'cosine':>9}{'top-10':>8}")
    for name in CANDIDATES:
        dtype = "bf16" if name.endswith("bf16") else "fp32"
        cosine = float(np.mean(np.sum(vectors[name] * vectors["minilm"], axis=1)))
        print(f"{name:<14}{rates[name]:>9.1f}{rates[name] / rates['minilm']:>8.2f}x"
              f"{rates[name] * flops / 1e9 / limits[dtype]:>10.1%}{cosine:>9.5f}{top_k_overlap(vectors['minilm'], vectors[name]):>8.3f}")


if __name__ == "__main__":
    main()
