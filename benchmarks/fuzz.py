"""Fuzzing the extractor: crashes, contract violations and the worst time per input.

usage: python benchmarks/fuzz.py [--n 100000] [--seed 0]

Inputs are generated from a fixed seed, a mix of: random unicode; adversarial numbers (1e400,
10^999, 3.2 x 10^-999, hex hashes such as 04e714, 500-digit numbers); soups of numbers, units,
cue words, LaTeX and HTML fragments; long unbroken lines (up to 10 KB); and one claim repeated.
Each input runs through ``extract_claims`` in both modes. A crash is any exception; a contract
violation is an output row that breaks the extract contract (the checks of the maintainers'
../shared/tools/check_extract_output.py: quote == text[start:end], allowed metric, direction,
phase, qualifier and canonical unit, numbers that are finite and JSON-serialisable). Inputs are timed
with the garbage collector paused (it runs between inputs, untimed), so an input's time is its own; its
first time counts, since what a new document costs the first time (pint asked about unit-like tokens not
seen before, in all-quantities mode) is real. Then each of ``SHAPES`` is timed at 2 KB and 20 KB:
time per 10 KB that grows with the length means work worse than linear (the ratio target 1.5).
Targets (the hostile-input issue): 0 crashes, 0 violations, worst time ≤ 50 ms per 10 KB of input.
"""
from __future__ import annotations

import argparse
import gc
import json
import math
import random
import sys
import time
import traceback

from litevidence.claims import extract_claims

METRICS = {"energy", "power", "emissions", "water", "cost", "compute_time", "relative_change", "share",
           "carbon_intensity", "pue", "other"}
DIRECTIONS = {None, "reduction", "increase"}
PHASES = {None, "training", "inference", "lifecycle"}
QUALIFIERS = {None, "approx", "up_to", "at_least", "more_than", "less_than"}
CANONICAL = {None, "kWh", "W", "kgCO2e", "L", "USD", "accelerator-hours", "%", "gCO2e/kWh"}
NUMBERS = ["1e400", "10^999", "10^-999", "3.2 x 10^999", "3.2 × 10^-400", "04e714", "1.8e308", "9" * 500, "0.0",
           "-0", "1,000,000,000,000", "1 000 000", "½", "٣", "１２", "1e-400", "2.5e+9999", "1{,}287", "$19.4$",
           "$5.4 \\times 10^{-5}$", "0x1F", "1/0", "NaN", "inf", "12/40/300", "2-5-9", "7 to 12", "1,4", "3.", ".5"]
UNITS = ["kWh", "MWh", "KwH", "Watts", "µJ", "uJ", "{\\mu}J", "$\\mu$W", "fJ/op", "tCO2e", "tCO$_2$e", "CO<sub>2</sub>e",
         "kg", "L", "m³", "USD", "$", "€", "%", "\\%", "x", "×", "times", "fold", "GPU-hours", "GPU days", "TPUv3-days",
         "gCO2e/kWh", "PUE", "million metric tons CO2e", "per query", "/token", "hours on 8 GPUs", "A100s"]
WORDS = ["energy", "reduction", "less", "more", "of total electricity", "faster", "accuracy", "up to", "about", "by",
         "respectively", "and", ",", ";", "(", ")", "[", "]", "<sub>", "</sup>", "\\text{", "}", "$", "\\", "\n\n", ".",
         "half of the", "two orders of magnitude", "tripled", "1/7th", "training", "inference", "Fig. 3", "et al.,"]


def generate(rng: random.Random) -> str:
    """One fuzz input."""
    kind = rng.random()
    if kind < 0.25:
        return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0, 0x2FFF), rng.randint(0, 0x10FFFF)]))
                       for _ in range(rng.randint(0, 300))).encode("utf-8", "replace").decode("utf-8", "replace")
    if kind < 0.75:
        parts = []
        for _ in range(rng.randint(1, 60)):
            pool = rng.choice((NUMBERS, UNITS, WORDS, NUMBERS))
            parts.append(rng.choice(pool))
        return rng.choice((" ", "", "  ")).join(parts)
    if kind < 0.9:
        claim = rng.choice(["1 kWh ", "5% ", "3x less energy ", "8 GPUs for 100 h ", "$5 million ", "PUE of 1.1 ",
                            "1e400 kWh ", "drew 5 W, 22% more "])
        return claim * rng.randint(1, 10_000 // len(claim))
    return "".join(rng.choice("0123456789 .,-–%x$eE^{}\\") for _ in range(rng.randint(0, 10_000)))


SHAPES = {
    "one long number": lambda n: "9" * n, "letters": lambda n: "a" * n, "a capital, then digits": lambda n: "Watts" + "9" * n,
    "a word of digits before 's": lambda n: "x" + "9" * n + "'s", "numbers, one per 2 chars": lambda n: "1 " * (n // 2),
    "grouped numbers": lambda n: "1,000," * (n // 6), "percentages": lambda n: "5% " * (n // 3),
    "accelerator time": lambda n: "8 GPU hours " * (n // 12), "LaTeX powers": lambda n: "$\\times 10^{" * (n // 12),
    "citations": lambda n: "[1]" * (n // 3), "ranges": lambda n: "from 1 to " * (n // 10),
    "respectively lists": lambda n: "1, 2 and 3 kWh respectively " * (n // 28), "claims": lambda n: "drew 5 W, 22% more " * (n // 19),
}
"""Adversarial shapes of text, each made to a length: the scaling check."""


def best_seconds(text: str, times: int = 3) -> float:
    """Best of ``times`` runs of both extraction modes on ``text``."""
    best = math.inf
    for _ in range(times):
        started = time.perf_counter()
        extract_claims(text)
        extract_claims(text, all_quantities=True)
        best = min(best, time.perf_counter() - started)
    return best


def violations(text: str, claims: list[dict]) -> list[str]:
    """What breaks the extract contract in the rows of one input (an empty list when nothing does)."""
    bad = []
    for c in claims:
        if not (isinstance(c["start"], int) and isinstance(c["end"], int)) or text[c["start"]:c["end"]] != c["quote"]:
            bad.append("quote != text[start:end]")
        if c["metric"] not in METRICS or c["direction"] not in DIRECTIONS or c["phase"] not in PHASES \
                or c.get("qualifier") not in QUALIFIERS:
            bad.append(f"value outside the contract: {c['metric']}, {c['direction']}, {c['phase']}, {c.get('qualifier')}")
        cu = c["canonical_unit"]
        if cu not in CANONICAL and not (isinstance(cu, str) and "/" in cu):
            bad.append(f"canonical_unit {cu!r}")
        for k in ("value", "value_high", "canonical_value", "canonical_value_high"):
            v = c[k]
            if v is not None and (not isinstance(v, (int, float)) or not math.isfinite(v)):
                bad.append(f"{k} {v!r} is not a finite number")
        try:
            json.dumps(c, allow_nan=False)
        except ValueError as e:
            bad.append(f"not JSON: {e}")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    crashes = broken = rows = 0
    worst = (0.0, "")
    worst_per_10kb: tuple[float, int, str] = (0.0, 0, "")
    best_seconds("a warm-up: 1 kWh, 5 W and 20 cm, 3x less, $5, 8 GPUs for 100 h", 1)  # first-use loading is not an input's time
    started = time.perf_counter()
    gc.disable()
    for i in range(args.n):
        text = generate(rng)
        t0 = time.perf_counter()
        try:
            claims = extract_claims(text) + extract_claims(text, all_quantities=True)
        except Exception:  # noqa: BLE001 - counting crashes is the point
            crashes += 1
            if crashes <= 5:
                print(f"crash on input {i} ({len(text)} chars): {text[:80]!r}\n{traceback.format_exc()}")
            continue
        seconds = time.perf_counter() - t0
        rows += len(claims)
        problems = violations(text, claims)
        if problems:
            broken += 1
            if broken <= 5:
                print(f"contract violation on input {i}: {problems[:3]} in {text[:80]!r}")
        if seconds > worst[0]:
            worst = (seconds, f"{len(text)} chars: {text[:40]!r}")
        if len(text) >= 1000 and seconds / len(text) * 10_000 > worst_per_10kb[0]:
            worst_per_10kb = (seconds / len(text) * 10_000, i, text)
        if (i + 1) % 1000 == 0:
            gc.collect()
        if (i + 1) % 20_000 == 0:
            print(f"... {i + 1:,} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    gc.enable()
    per_10kb, at, text = worst_per_10kb
    print(f"inputs: {args.n:,} (seed {args.seed}), rows written: {rows:,}, {time.perf_counter() - started:.0f} s in all")
    print(f"crashes: {crashes}  (target 0)")
    print(f"contract violations: {broken}  (target 0)")
    print(f"worst time for one input: {worst[0] * 1000:.1f} ms ({worst[1]})")
    print(f"worst time per 10 KB (inputs of 1 KB or more): {per_10kb * 1000:.1f} ms "
          f"(input {at}, {len(text):,} chars: {text[:40]!r}; again, now seen: {best_seconds(text) / max(len(text), 1) * 1e7:.1f} ms)"
          "  (target ≤ 50 ms)")
    print("\nscaling: ms per 10 KB at 2 KB and at 20 KB (best of 3), and their ratio (≤ 1.5: linear)")
    ratios = []
    for name, make in SHAPES.items():
        small, large = make(2000), make(20_000)
        a, b = (best_seconds(t) / len(t) * 10_000 * 1000 for t in (small, large))
        ratios.append(b / a)
        print(f"  {name:28s} {a:8.1f} {b:8.1f}   {b / a:.2f}")
    ok = crashes == 0 and broken == 0 and per_10kb <= 0.05 and max(ratios) <= 1.5
    print("targets " + ("met" if ok else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
