"""Prioritised screening simulated on labelled data: litevidence's ranker against ASReview's models.

usage: python benchmarks/screening.py [--seeds 10] [--asreview-python PATH]

Each curator topic of the default corpus (the ``topic`` field of corpus/papers.bib) is in turn the
inclusion criterion. The pool is every corpus paper (embedding text as the pipeline makes it) plus
the real arXiv abstracts of ../shared/claims-dev/real_abstracts.jsonl (read from there, never
copied), less those that are a corpus paper again (same arXiv id or title); those abstracts count as
excluded for every topic. Each simulated review starts from one inclusion and one exclusion drawn
at random (per seed and topic), then screens one paper at a time, the model retrained after each
decision, until every included paper is found. Printed per topic and averaged over topics, as
medians over the seeds: recall after screening 5, 10, 25 and 50% of the papers left after the two
prior decisions, and WSS@95 (the share of those papers not screened when 95% of the relevant ones
are found, less 5%).

Rankers: ``litevidence.review.rank_unscreened`` on the MiniLM vectors (the default backend) and on
the tfidf backend, both embedded here from the same texts; ASReview's default model (ELAS u4:
bigram TF-IDF, linear SVM, balanced 9.8) and its naive Bayes model (ELAS u3: TF-IDF, multinomial
naive Bayes, balanced 1.2, the default of ASReview 1), run by asreview's own ``Simulate`` on the
same texts, labels and priors. asreview 3 requires pandas < 3 and the project runs on pandas 3, so
asreview runs in its own virtualenv (``~/.cache/litevidence/asreview``, made with pip on first use,
or ``--asreview-python``), in a child process of this run. Where it cannot be installed or run, the
script says so and shows this file's re-implementation of the two models instead (the same
scikit-learn estimators, parameters, balancing and maximum-probability query); where it runs, the
script also says how often the re-implementation screens in exactly asreview's order.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
REAL_ABSTRACTS = ROOT.parent / "shared" / "claims-dev" / "real_abstracts.jsonl"
ASREVIEW_VENV = Path.home() / ".cache" / "litevidence" / "asreview"
ASREVIEW_REQUIREMENT = "asreview>=3,<4"
ASREVIEW_MODELS = {"elas_u4": "asreview u4 (default)", "elas_u3": "asreview u3 (NB)"}
SHARES = (0.05, 0.10, 0.25, 0.50)
METRICS = [f"recall@{int(s * 100)}%" for s in SHARES] + ["WSS@95"]


def load_pool() -> tuple[list[str], list[str], list[str], str]:
    """Keys, texts and topics ('' for the real abstracts) of the pool, and a line on where they came from."""
    from litevidence.corpus import read_corpus
    from litevidence.embed import paper_texts

    papers, _ = read_corpus(ROOT / "corpus")
    keys, texts, topics = list(papers["key"]), paper_texts(papers), list(papers["topic"])
    if not REAL_ABSTRACTS.exists():
        return keys, texts, topics, f"{len(keys)} corpus papers ({REAL_ABSTRACTS} is absent: no real abstracts)"
    arxiv_ids = set(papers["arxiv_id"]) - {""}
    titles = {_title_words(t) for t in papers["title"]}
    records = [json.loads(line) for line in REAL_ABSTRACTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    fresh = [r for r in records if r["id"].removeprefix("arxiv:") not in arxiv_ids and _title_words(r["title"]) not in titles]
    keys += [r["id"] for r in fresh]
    texts += [f"{r['title']}. {r['text']}" for r in fresh]
    topics += [""] * len(fresh)
    return keys, texts, topics, (f"{len(papers)} corpus papers + {len(fresh)} real abstracts from {REAL_ABSTRACTS.name} "
                                 f"({len(records) - len(fresh)} more are corpus papers again and are left out)")


def _title_words(title: str) -> str:
    """A title lower-cased with runs of non-word characters as one space, to find the same work twice."""
    return re.sub(r"\W+", " ", title.lower()).strip()


def embed(texts: list[str], backend: str) -> np.ndarray:
    """The pool's vectors from one litevidence embedding backend, as the pipeline computes them."""
    from litevidence.embed import BACKENDS, embed_texts

    return embed_texts(texts, BACKENDS.create(backend))[0]


def draw_priors(labels: np.ndarray, seed: int, topic_index: int) -> list[int]:
    """One included and one excluded paper at random, the same for every model of a (seed, topic)."""
    rng = np.random.default_rng([seed, topic_index])
    return [int(rng.choice(np.flatnonzero(labels))), int(rng.choice(np.flatnonzero(~labels)))]


def litevidence_order(vectors: np.ndarray, keys: list[str], labels: np.ndarray, priors: list[int]) -> list[int]:
    """Rows in the order rank_unscreened has them screened, one at a time, until all included are found."""
    from litevidence.review.rank import rank_unscreened

    index = {k: i for i, k in enumerate(keys)}
    decisions = {keys[i]: bool(labels[i]) for i in priors}
    order: list[int] = []
    while sum(decisions.values()) < labels.sum():
        row = index[rank_unscreened(vectors, keys, decisions)[0]]
        decisions[keys[row]] = bool(labels[row])
        order.append(row)
    return order


def asreview_like_order(features, labels: np.ndarray, priors: list[int], model: str) -> list[int]:
    """ASReview's simulation loop with ELAS u4 or u3 rebuilt from scikit-learn (features: its TF-IDF matrix)."""
    classifier, ratio = (LinearSVC(C=0.11), 9.8) if model == "elas_u4" else (MultinomialNB(alpha=3.822), 1.2)
    labelled, order = list(priors), []
    while labels[labelled].sum() < labels.sum():
        y = labels[labelled].astype(int)
        weight = np.where(y == 1, 1.0, y.sum() / (ratio * (y == 0).sum()))
        classifier.fit(features[labelled], y, sample_weight=weight * len(y) / weight.sum())
        pool = np.setdiff1d(np.arange(len(labels)), labelled)
        scores = classifier.decision_function(features[pool]) if model == "elas_u4" else classifier.predict_proba(features[pool])[:, 1]
        row = int(pool[np.argsort(-scores, kind="stable")[0]])
        labelled.append(row)
        order.append(row)
    return order


def tfidf_features(texts: list[str], model: str):
    """ASReview's TF-IDF for ELAS u4 (words and bigrams, sublinear, max_df 0.95) or u3 (English stop words)."""
    if model == "elas_u4":
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_df=0.95)
    else:
        vectorizer = TfidfVectorizer(stop_words="english")
    return vectorizer.fit_transform(texts)


def asreview_worker() -> None:
    """Child-process side: run asreview's Simulate on the JSON job from stdin, print the screening orders."""
    import pandas as pd
    import asreview
    from asreview import ActiveLearningCycle, Simulate
    from asreview.models.models import get_ai_config

    job = json.load(sys.stdin)
    frame = pd.DataFrame({"title": [""] * len(job["texts"]), "abstract": job["texts"]})
    orders: dict[str, list[list[int]]] = {}
    for model in job["models"]:
        orders[model] = []
        for run in job["runs"]:
            simulation = Simulate(frame, np.array(run["labels"]), ActiveLearningCycle.from_meta(get_ai_config(model)["value"]),
                                  print_progress=False)
            simulation.label(run["priors"])
            simulation.review()
            # Simulate exposes its labelling log, priors first, only as _results (or written to SQL)
            orders[model].append([int(r) for r in simulation._results["record_id"]][len(run["priors"]):])
    json.dump({"version": asreview.__version__, "default": get_ai_config()["name"], "orders": orders}, sys.stdout)


def find_asreview(python: str | None) -> tuple[str | None, str]:
    """An interpreter that can import asreview 3 (installing one into ASREVIEW_VENV if needed), or None and why."""
    if python:
        return python, f"asreview from --asreview-python {python}"
    venv_python = ASREVIEW_VENV / "bin" / "python"
    if not venv_python.exists():
        print(f"installing {ASREVIEW_REQUIREMENT} into {ASREVIEW_VENV} (asreview 3 needs pandas < 3, the project pandas 3) ...",
              file=sys.stderr)
        made = subprocess.run([sys.executable, "-m", "venv", str(ASREVIEW_VENV)], capture_output=True, text=True)
        if made.returncode == 0:
            made = subprocess.run([str(venv_python), "-m", "pip", "install", "-q", ASREVIEW_REQUIREMENT],
                                  capture_output=True, text=True)
        if made.returncode != 0:
            return None, f"asreview could not be installed into {ASREVIEW_VENV}: {_last_line(made.stderr)}"
    return str(venv_python), f"asreview from the virtualenv {ASREVIEW_VENV}"


def run_asreview(python: str, texts: list[str], runs: list[dict], models: list[str]) -> dict:
    """Run asreview_worker in ``python`` (cwd a scratch folder: asreview leaves a cache file there)."""
    job = json.dumps({"texts": texts, "runs": runs, "models": models})
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run([python, str(Path(__file__).resolve()), "--asreview-worker"], input=job,
                              capture_output=True, text=True, cwd=scratch)
    if done.returncode != 0:
        raise RuntimeError(_last_line(done.stderr))
    return json.loads(done.stdout)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def measures(order: list[int], labels: np.ndarray, priors: list[int]) -> dict[str, float]:
    """Recall at each share of SHARES and WSS@95, over the papers left after the priors."""
    n = len(labels) - len(priors)
    relevant = labels.sum() - labels[priors].sum()
    found = np.zeros(n)
    found[:len(order)] = labels[order]
    recall = np.cumsum(found) / relevant
    result = {name: float(recall[int(np.ceil(share * n)) - 1]) for name, share in zip(METRICS, SHARES)}
    screened_at_95 = int(np.argmax(recall >= 0.95)) + 1
    result["WSS@95"] = (n - screened_at_95) / n - 0.05
    return result


def print_tables(results: dict[str, dict[str, list[dict[str, float]]]], topics: list[str], sizes: dict[str, int]) -> None:
    """One table per measure: topics by models, medians over seeds, and the mean over topics."""
    models = list(results)
    width = max(len(m) for m in models) + 2
    for metric in METRICS:
        print(f"\n{metric} (median over seeds)")
        print(f"{'topic':<26}{'incl':>5}" + "".join(f"{m:>{width}}" for m in models))
        means = {m: [] for m in models}
        for topic in topics:
            row = f"{topic:<26}{sizes[topic]:>5}"
            for m in models:
                value = float(np.median([run[metric] for run in results[m][topic]]))
                means[m].append(value)
                row += f"{value:>{width}.3f}"
            print(row)
        print(f"{'mean over topics':<31}" + "".join(f"{np.mean(means[m]):>{width}.3f}" for m in models))
    print("\nsummary: mean over topics of the medians over seeds")
    print(f"{'model':<{width}}" + "".join(f"{metric:>14}" for metric in METRICS))
    for m in models:
        row = [np.mean([np.median([run[metric] for run in results[m][t]]) for t in topics]) for metric in METRICS]
        print(f"{m:<{width}}" + "".join(f"{value:>14.3f}" for value in row))


def main() -> None:
    """Simulate every (topic, seed) review with every model and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="simulated reviews per topic, each with other priors")
    parser.add_argument("--asreview-python", help="an interpreter with asreview 3 installed (default: its own virtualenv)")
    parser.add_argument("--asreview-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.asreview_worker:
        asreview_worker()
        return
    from litevidence.embed import default_backend

    keys, texts, topic_of, source = load_pool()
    topics = sorted(set(topic_of) - {""})
    sizes = {t: topic_of.count(t) for t in topics}
    backends = [default_backend(), "tfidf"]
    vectors = {b: embed(texts, b) for b in backends}
    print(f"pool: {len(keys)} papers: {source}")
    print(f"inclusion criterion: one curator topic at a time ({len(topics)}); priors: 1 inclusion + 1 exclusion at random; "
          f"{args.seeds} seeds; one decision per step, the model retrained after each")
    tasks = [(t, s) for t in topics for s in range(args.seeds)]
    labels = {t: np.array([x == t for x in topic_of]) for t in topics}
    priors = {(t, s): draw_priors(labels[t], s, topics.index(t)) for t, s in tasks}

    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    for backend in backends:
        started = time.perf_counter()
        name = f"ours {backend}"
        results[name] = {t: [] for t in topics}
        for t, s in tasks:
            order = litevidence_order(vectors[backend], keys, labels[t], priors[t, s])
            results[name][t].append(measures(order, labels[t], priors[t, s]))
        print(f"{name}: {time.perf_counter() - started:.0f} s")

    rebuilt: dict[str, list[list[int]]] = {}
    for model in ASREVIEW_MODELS:
        features = tfidf_features(texts, model)
        rebuilt[model] = [asreview_like_order(features, labels[t], priors[t, s], model) for t, s in tasks]

    python, how = find_asreview(args.asreview_python)
    real = None
    if python:
        started = time.perf_counter()
        runs = [{"labels": labels[t].astype(int).tolist(), "priors": priors[t, s]} for t, s in tasks]
        try:
            real = run_asreview(python, texts, runs, list(ASREVIEW_MODELS))
            print(f"{how}: asreview {real['version']} (its default model: {real['default']}), "
                  f"{time.perf_counter() - started:.0f} s")
        except (RuntimeError, json.JSONDecodeError, OSError) as e:
            how = f"asreview could not be run ({e})"
    if real is None:
        print(f"{how}: the columns below are this file's re-implementation of ASReview's models, not asreview itself")
    for model, label in ASREVIEW_MODELS.items():
        orders = real["orders"][model] if real else rebuilt[model]
        results[label] = {t: [] for t in topics}
        for (t, s), order in zip(tasks, orders):
            results[label][t].append(measures(order, labels[t], priors[t, s]))
        if real:
            same = sum(a == b for a, b in zip(real["orders"][model], rebuilt[model]))
            print(f"re-implementation of {model} screens in asreview's exact order in {same} of {len(tasks)} runs")

    print_tables(results, topics, sizes)


if __name__ == "__main__":
    main()
