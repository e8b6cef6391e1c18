"""The prepacked bf16 BERT (issue 16): same outputs as transformers' own modules, or a refusal that changes nothing."""
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from litevidence.embed import onednn  # noqa: E402

pytestmark = pytest.mark.skipif(not onednn.available(), reason="this torch has no oneDNN prepacked linear operators")


def _tiny_bert(act="gelu"):
    config = transformers.BertConfig(vocab_size=100, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=128, hidden_act=act)
    torch.manual_seed(0)
    return transformers.BertModel(config).eval().to(torch.bfloat16)


def test_prepacked_bert_computes_what_transformers_computes():
    model = _tiny_bert()
    ids = torch.randint(0, 100, (3, 17))
    mask = torch.ones_like(ids)
    mask[2, 9:] = 0  # a padded text
    with torch.inference_mode():
        before = model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
        onednn.prepack_bert(model, batch_rows=64)
        after = model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
    assert isinstance(model.encoder.layer[0].output, onednn.ResidualOutput)
    assert isinstance(model.encoder.layer[1].attention.self.value, onednn.PackedLinear)
    cosine = torch.nn.functional.cosine_similarity(before, after, dim=-1)
    assert cosine.min() > 0.999  # bfloat16 rounding apart (the fused sums round once, not twice)
    assert (after[2, :9] - before[2, :9]).abs().max() < 0.1


def test_a_model_other_than_exact_gelu_bert_is_refused_untouched():
    model = _tiny_bert(act="relu")
    with pytest.raises(ValueError, match="exact GELU"):
        onednn.prepack_bert(model, batch_rows=64)
    assert isinstance(model.encoder.layer[0].intermediate.dense, torch.nn.Linear)
