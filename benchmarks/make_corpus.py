"""Write a synthetic but realistic corpus of N papers: BibTeX with abstracts that state quantities.

usage: python benchmarks/make_corpus.py N OUT_DIR [--seed S]
Abstracts vary in length (2-9 sentences) and topic, and mix resource claims (energy, emissions,
water, cost, device time, relative changes, PUE, carbon intensity) with distractors (parameter
counts, accuracy, years). Deterministic for a given seed. Writes OUT_DIR/corpus/papers.bib.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = {
    "training-footprint": ["training", "pretraining", "carbon footprint", "GPU clusters", "emissions accounting"],
    "inference-footprint": ["inference", "serving", "queries", "chat assistants", "latency"],
    "efficiency-methods": ["quantisation", "distillation", "pruning", "sparsity", "mixture of experts"],
    "hardware-datacentre": ["accelerators", "datacentre cooling", "power delivery", "TPUs", "liquid cooling"],
    "carbon-aware-scheduling": ["carbon-aware scheduling", "grid intensity", "load shifting", "regions", "renewables"],
    "water": ["water footprint", "evaporative cooling", "water usage effectiveness", "drought", "freshwater"],
    "economics-cost": ["cloud pricing", "total cost of ownership", "API fees", "capital cost", "spot instances"],
    "policy-reporting": ["reporting standards", "regulation", "disclosure", "transparency", "audits"],
}
SURNAMES = ["Okafor", "Lindqvist", "Tanaka", "Moreau", "Silva", "Kowalski", "Haddad", "Nguyen", "Fischer", "Rossi",
            "Osei", "Petrov", "Kaur", "Jensen", "Alvarez", "Chen", "Novak", "Ibrahim", "Costa", "Brennan"]
MODELS = ["Aster-7B", "Borealis", "Cobalt-13B", "Delta-LM", "Ember-70B", "Fjord", "Garnet-2", "Helix-34B"]


CLAIMS = [
    lambda r, m, t: f"Training {m} used {r.randint(10, 9000):,} MWh of electricity.",
    lambda r, m, t: f"We estimate emissions of about {r.uniform(1, 900):.1f} tCO2e for {m}.",
    lambda r, m, t: f"Serving {m} needs {r.uniform(0.1, 9):.2f} Wh per query on A100 GPUs.",
    lambda r, m, t: f"Our {t} method cuts energy by {r.randint(5, 80)}% at equal accuracy.",
    lambda r, m, t: f"The cluster consumed {r.randint(1, 900):,} thousand litres of water in a year.",
    lambda r, m, t: f"A full run cost ${r.uniform(0.1, 12):.1f} million and took {r.randint(1, 900):,}k GPU hours.",
    lambda r, m, t: f"The facility reports a PUE of 1.{r.randint(5, 60):02d} and a grid intensity of {r.randint(20, 700)} gCO2e/kWh.",
    lambda r, m, t: f"Relative to the baseline, {m} is {r.randint(2, 12)}x more energy efficient.",
    lambda r, m, t: f"Power draw peaked at {r.randint(200, 700)} W per GPU during {t}.",
]
"""Sentence templates that state a resource quantity: (rng, model, topic word) → sentence."""


def claim_sentence(rng: random.Random, topic: str) -> str:
    return rng.choice(CLAIMS)(rng, rng.choice(MODELS), topic)


def distractor(rng: random.Random) -> str:
    return rng.choice([
        f"The model has {rng.randint(1, 400)}B parameters and reaches {rng.uniform(50, 95):.1f}% accuracy.",
        f"We release code and data collected in {rng.randint(2015, 2025)}.",
        f"Results on {rng.randint(3, 40)} benchmarks are reported in Table {rng.randint(1, 9)}.",
        "We discuss limitations and directions for future work.",
    ])


def paper(rng: random.Random, i: int) -> str:
    topic = rng.choice(sorted(TOPICS))
    words = TOPICS[topic]
    year = rng.randint(2018, 2026)
    author = rng.choice(SURNAMES)
    title = f"{rng.choice(['On', 'Towards', 'Measuring', 'Reducing', 'Understanding'])} {rng.choice(words).title()} for {rng.choice(MODELS)} ({i})"
    sentences = [f"This paper studies {rng.choice(words)} and {rng.choice(words)} in large language models."]
    sentences += [claim_sentence(rng, rng.choice(words)) if rng.random() < 0.6 else distractor(rng)
                  for _ in range(rng.randint(1, 8))]
    abstract = " ".join(sentences).replace("%", "\\%").replace("$", "\\$")
    key = f"{author.lower()}{year}p{i:06d}"
    return (f"@article{{{key},\n  title = {{{title}}},\n  author = {{{author}, A. and {rng.choice(SURNAMES)}, B.}},\n"
            f"  year = {{{year}}},\n  journal = {{Synthetic Journal of Sustainable Computing}},\n"
            f"  keywords = {{{topic}, {', '.join(rng.sample(words, 3))}}},\n  abstract = {{{abstract}}}\n}}\n")


def write_corpus(n: int, out: Path, seed: int = 0) -> Path:
    rng = random.Random(seed)
    target = Path(out) / "corpus" / "papers.bib"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(paper(rng, i) for i in range(n)), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_corpus(args.n, args.out, args.seed))


if __name__ == "__main__":
    main()
