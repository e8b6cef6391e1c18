"""The bf16 BERT encoder with its matrix products prepacked for oneDNN: weights reordered once, GELU and the
residual additions fused into the products.

torch's ``nn.Linear`` in bfloat16 reorders each weight for oneDNN on every call and runs GELU and the residual
addition as separate passes over memory; on a 2-core CPU with AMX that was a third of a pass. The fused
products are the ones torch's own compiler emits for CPU inference (``mkldnn._linear_pointwise``). Only for
inference: dropout is left out.
"""
from __future__ import annotations

import torch

_LINEAR = getattr(torch.ops.mkldnn, "_linear_pointwise", None)
_REORDER = getattr(torch.ops.mkldnn, "_reorder_linear_weight", None)


def available() -> bool:
    """Whether this torch has oneDNN and its prepacked linear operators."""
    return torch.backends.mkldnn.is_available() and _LINEAR is not None and _REORDER is not None


class PackedLinear(torch.nn.Module):
    """``nn.Linear`` in bfloat16 with its weight reordered once, optionally followed by GELU (fused)."""

    def __init__(self, linear: torch.nn.Linear, batch_rows: int, gelu: bool = False) -> None:
        super().__init__()
        weight = linear.weight.detach().to(torch.bfloat16)
        self.out_features = weight.shape[0]
        self.weight = _REORDER(weight, batch_rows)
        self.bias = linear.bias.detach().to(torch.bfloat16)
        self.gelu = gelu

    def forward(self, x: torch.Tensor, add: torch.Tensor | None = None) -> torch.Tensor:
        """``linear(x)``, GELU'd when built so, or ``linear(x) + add`` with the sum done in the product."""
        flat = x.reshape(-1, x.shape[-1])
        if add is not None:
            y = _LINEAR.binary(flat, add.reshape(-1, add.shape[-1]), self.weight, self.bias, "add")
        elif self.gelu:
            y = _LINEAR(flat, self.weight, self.bias, "gelu", [], "none")  # "none": exact (erf) GELU, as BERT's
        else:
            y = _LINEAR(flat, self.weight, self.bias, "none", [], "")
        return y.reshape(*x.shape[:-1], self.out_features)


class ResidualOutput(torch.nn.Module):
    """BERT's self-output and output blocks: LayerNorm(dense(h) + input), the addition fused into the product."""

    def __init__(self, block: torch.nn.Module, batch_rows: int) -> None:
        super().__init__()
        self.dense = PackedLinear(block.dense, batch_rows)
        self.LayerNorm = block.LayerNorm

    def forward(self, hidden_states: torch.Tensor, input_tensor: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(hidden_states, add=input_tensor))


def prepack_bert(encoder: torch.nn.Module, batch_rows: int) -> None:
    """Replace, in place, every matrix product of a transformers ``BertModel`` in bfloat16 by its prepacked form.

    ``batch_rows`` is the typical number of rows (tokens) per product, a hint for oneDNN's weight layout.
    A model that is not BERT as expected (other layer names, an activation other than exact GELU) raises
    ValueError before anything is changed.
    """
    layers = list(encoder.encoder.layer)
    expected = [pair for layer in layers for pair in (
        (layer.attention.self, ("query", "key", "value")), (layer.attention.output, ("dense", "LayerNorm")),
        (layer.intermediate, ("dense",)), (layer.output, ("dense", "LayerNorm")))]
    if getattr(encoder.config, "hidden_act", None) != "gelu" or not all(
            isinstance(getattr(block, name, None), torch.nn.Module) for block, names in expected for name in names):
        raise ValueError("not a BERT encoder with exact GELU: its products cannot be prepacked")
    for layer in layers:
        attention = layer.attention.self
        for name in ("query", "key", "value"):
            setattr(attention, name, PackedLinear(getattr(attention, name), batch_rows))
        layer.attention.output = ResidualOutput(layer.attention.output, batch_rows)
        layer.intermediate.dense = PackedLinear(layer.intermediate.dense, batch_rows, gelu=True)
        layer.intermediate.intermediate_act_fn = torch.nn.Identity()
        layer.output = ResidualOutput(layer.output, batch_rows)
