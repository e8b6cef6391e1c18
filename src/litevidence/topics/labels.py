"""Readable cluster labels from each cluster's most distinctive terms (class-based TF-IDF)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

_RESEARCH_WORDS = {
    "paper", "papers", "work", "study", "studies", "propose", "proposed", "proposes", "approach", "method",
    "methods", "results", "result", "show", "shows", "shown", "using", "used", "uses", "use", "based",
    "new", "reports", "report", "reported", "estimates", "estimated", "estimate", "compared", "finds",
    "section", "table", "abstract", "figure", "secondary", "summary", "seen", "work", "about", "figures",
    "headline", "number", "numbers", "gives", "given", "describes", "introduces", "presents", "argues",
    "authors", "preprint", "arxiv", "et", "al", "per", "cent", "times", "like", "large", "language",
    "model", "models", "ai", "summaries", "appendix", "facts", "row", "caveat", "verified",
}
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | _RESEARCH_WORDS)


def distinctive_terms(texts: Sequence[str], clusters: np.ndarray, n_terms: int = 8) -> dict[int, list[str]]:
    """Top terms per cluster by class-based TF-IDF: frequent in the cluster, rare in the corpus,
    and found in few other clusters (the last factor keeps corpus-wide words such as 'energy' out).
    Papers without a single word (titles such as '???') give clusters without terms."""
    ids = sorted(set(clusters.tolist()))
    docs = [" ".join(t for t, c in zip(texts, clusters) if c == i) for i in ids]
    vectorizer = CountVectorizer(stop_words=STOP_WORDS, ngram_range=(1, 2), token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9-]+\b",
                                 lowercase=True)
    try:
        counts = vectorizer.fit_transform(docs).toarray().astype(float)
    except ValueError as e:
        if "empty vocabulary" not in str(e):
            raise
        return {cid: [] for cid in ids}  # no paper has a word to label with: every label says so
    terms = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    avg_words = counts.sum() / len(ids)
    rarity = np.log1p(avg_words / np.maximum(counts.sum(axis=0), 1))
    spread = np.log1p(len(ids) / np.maximum((counts > 0).sum(axis=0), 1))
    scores = tf * rarity * spread
    out = {}
    for row, cid in enumerate(ids):
        order = sorted(range(len(terms)), key=lambda j: (-scores[row, j], terms[j]))
        out[cid] = _dedupe([terms[j] for j in order if counts[row, j] > 0], n_terms)
    return out


def label_from_terms(terms: Sequence[str], n: int = 3) -> str:
    """A short label such as 'carbon · scheduling · grid' from the leading terms."""
    return " · ".join(terms[:n]) if terms else "(no distinctive terms)"


def unique_labels(terms: dict[int, list[str]], n: int = 3) -> dict[int, str]:
    """A label per cluster (``label_from_terms``); clusters that would share one get more of their
    terms until they differ, and, if their terms run out, their cluster number."""
    width = {c: n for c in terms}
    while True:
        labels = {c: label_from_terms(t, width[c]) for c, t in terms.items()}
        shared = {c for c in labels if list(labels.values()).count(labels[c]) > 1}
        growable = {c for c in shared if width[c] < len(terms[c])}
        if not growable:
            return {c: f"{label} (#{c})" if c in shared else label for c, label in labels.items()}
        for c in growable:
            width[c] += 1


def _dedupe(terms: list[str], n: int) -> list[str]:
    """Keep terms whose words are not all in an earlier kept term (drops 'carbon' after 'carbon aware')."""
    kept: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(k.split()) or set(k.split()) <= words for k in kept):
            continue
        kept.append(term)
        if len(kept) == n:
            break
    return kept
