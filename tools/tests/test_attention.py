"""kner.attention: the summary that tells an encoder that reads its neighbours from one that does not."""
import math

import torch

from kner.attention import attention_summary
from kner.model import BertConfig, BertModel


def _bert():
    torch.manual_seed(0)
    return BertModel(BertConfig(vocab_size=40, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                                intermediate_size=32, max_position_embeddings=32)).eval()


def test_a_fresh_encoder_attends_almost_uniformly():
    ids = torch.randint(5, 40, (3, 32))
    summary = attention_summary(_bert(), ids)
    assert len(summary) == 2 and all(len(heads) == 2 for heads in summary)
    for heads in summary:
        for entropy, top, _ in heads:
            assert math.log(32) - 0.2 < entropy <= math.log(32) + 1e-6, entropy
            assert 1 / 32 <= top < 0.2


def test_a_head_made_to_look_at_the_token_before_is_reported_so():
    bert = _bert()
    n = 16
    with torch.no_grad():
        # positions only: the query of position i matches the key of position i - 1
        attn = bert.encoder.layer[0].attention.self
        for lin in (attn.query, attn.key):
            lin.weight.zero_()
            lin.bias.zero_()
        pos = torch.eye(16)[torch.arange(n)] * 4.0  # one-hot positions in the embeddings
        bert.embeddings.word_embeddings.weight.zero_()
        bert.embeddings.token_type_embeddings.weight.zero_()
        bert.embeddings.position_embeddings.weight[:n] = pos
        shift = torch.roll(torch.eye(16), shifts=1, dims=0)  # key(j) = e_{j+1}: matches query(i) = e_i when j = i - 1
        attn.query.weight.copy_(torch.eye(16) * 30)
        attn.key.weight.copy_(shift * 30)
    entropy, top, offset = attention_summary(bert, torch.zeros(2, n, dtype=torch.long) + 7)[0][0]
    assert offset == -1 and top > 0.4 and entropy < 2.0, (entropy, top, offset)
