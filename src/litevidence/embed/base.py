"""The embedding backend protocol and the text a paper is embedded from."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, Sequence

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; ``fit`` sees the whole corpus first.

    ``model_id`` names the model and, for corpus-fitted backends, the corpus it was fitted on,
    so that cached vectors are reused only when they would be computed again the same way.
    """

    name: str

    @property
    def model_id(self) -> str: ...

    def fit(self, texts: Sequence[str]) -> "Embedder": ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def paper_texts(papers: "pd.DataFrame") -> list[str]:
    """The text each paper is embedded from: title, abstract, keywords and the curator's summary.

    The curator's topic (the first keyword) is left out, so that clusters come from the papers' content.
    """
    keywords = [", ".join(k.split(", ")[1:]) for k in papers["keywords"]]
    parts = zip(papers["title"], papers["abstract"], keywords, papers["annote"])
    return [". ".join(p for p in row if p) for row in parts]


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)
