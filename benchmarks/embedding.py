"""Embedding throughput per backend against the machine's measured limit, and fidelity to fp32.

usage: python benchmarks/embedding.py [--repeat 5] [--sweep]
Texts are the default corpus's embedding texts (title, abstract, keywords, summary) at their real
lengths. Prints texts/s per backend (the median of ``--repeat`` passes, interleaved across
backends, at the backend's default batch size) and its ratio to the fp32 default; mean cosine and
top-10 neighbour overlap to fp32; the machine's matmul GFLOP/s (fp32, bf16 and int8, all threads)
and the model's FLOPs per text, so the fraction of the physical limit each backend reaches; then
the issue's targets, met or not.
``--sweep`` first times each backend at batch sizes 4 to 32 (how the defaults were chosen).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from litevidence.corpus import read_corpus
from litevidence.embed import BACKENDS, default_backend, paper_texts

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ("minilm", "minilm-bf16", "minilm-onnx", "minilm-onnx-int8")
TARGET_RATE, TARGET_COSINE = 75.0, 0.999
DEFAULT_COSINE, DEFAULT_TOP10 = 0.99, 0.90


def matmul_gflops(dtype: torch.dtype, n: int = 2048, seconds: float = 2.0) -> float:
    """Dense n×n matrix products per second, in GFLOP/s (int8: GOP/s through torch._int_mm)."""
    if dtype == torch.int8:
        a, b = (torch.randint(-128, 128, (n, n), dtype=torch.int8) for _ in range(2))
        product = torch._int_mm
    else:
        a, b = torch.randn(n, n).to(dtype), torch.randn(n, n).to(dtype)
        product = torch.matmul
    product(a, b)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        product(a, b)
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


def timed(backends: dict, texts: list[str], repeat: int) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """Median texts/s of each backend over ``repeat`` passes after a warm-up, and its vectors.

    Passes are interleaved (one pass of each backend per round), so that a slow spell of this
    shared machine falls on every backend rather than on whichever ran at the time.
    """
    for backend in backends.values():
        backend.encode(texts[:16])
    rates: dict[str, list[float]] = {name: [] for name in backends}
    vectors = {}
    for _ in range(repeat):
        for name, backend in backends.items():
            started = time.perf_counter()
            vectors[name] = backend.encode(texts)
            rates[name].append(len(texts) / (time.perf_counter() - started))
    return {name: float(np.median(r)) for name, r in rates.items()}, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus per backend")
    parser.add_argument("--sweep", action="store_true", help="time each backend at batch sizes 4, 8, 16, 32 first")
    args = parser.parse_args()
    texts = paper_texts(read_corpus(ROOT / "corpus")[0])
    if args.sweep:
        for name in CANDIDATES:
            sweep = timed({size: BACKENDS.create(name, batch_size=size) for size in (4, 8, 16, 32)}, texts, args.repeat)[0]
            print(f"batch sweep {name:<17}" + "".join(f"{size:>4}: {rate:5.1f}/s" for size, rate in sweep.items()))
    rates, vectors = timed({name: BACKENDS.create(name) for name in CANDIDATES}, texts, args.repeat)
    model = BACKENDS.create("minilm")._load()
    tokens, flops = flops_per_text(model, texts)
    limits = {name: matmul_gflops(dtype) for name, dtype in (("fp32", torch.float32), ("bf16", torch.bfloat16),
                                                              ("int8", torch.int8))}
    print(f"{len(texts)} texts, mean {tokens:.0f} tokens, {flops / 1e9:.2f} GFLOP per text; torch threads {torch.get_num_threads()}")
    print("matmul limit: " + ", ".join(f"{name} {gflops:.0f} GFLOP/s (= {gflops * 1e9 / flops:.0f} texts/s)"
                                       for name, gflops in limits.items()))
    print(f"{'backend':<18}{'batch':>6}{'texts/s':>9}{'vs fp32':>9}{'of limit':>10}{'cosine':>9}{'top-10':>8}")
    met = []
    for name in CANDIDATES:
        dtype = name.rsplit("-", 1)[-1] if name.endswith(("bf16", "int8")) else "fp32"
        cosine = float(np.mean(np.sum(vectors[name] * vectors["minilm"], axis=1)))
        top10 = top_k_overlap(vectors["minilm"], vectors[name])
        print(f"{name:<18}{BACKENDS.create(name).batch_size:>6}{rates[name]:>9.1f}{rates[name] / rates['minilm']:>8.2f}x"
              f"{rates[name] * flops / 1e9 / limits[dtype]:>10.1%}{cosine:>9.5f}{top10:>8.3f}"
              f"  {'may be default' if cosine >= DEFAULT_COSINE and top10 >= DEFAULT_TOP10 else 'not default-grade'}")
        if rates[name] >= TARGET_RATE and cosine >= TARGET_COSINE:
            met.append(name)
    print("(int8's fraction is of the int8 limit, though its value projections, 1/12 of the FLOPs, run in fp32)")
    print(f"target ≥{TARGET_RATE:.0f} texts/s at mean cosine ≥{TARGET_COSINE}: "
          + (f"met by {', '.join(met)}" if met else "not met"))
    print(f"default backend on this machine: {default_backend()}")


if __name__ == "__main__":
    main()
