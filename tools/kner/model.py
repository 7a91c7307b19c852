"""KoBERT-CRF architecture in plain torch: BERT encoder -> dropout -> linear emissions -> CRF.

Parameter names follow Hugging Face's BertModel under `bert.` and the reference project
(eagle705/pytorch-bert-crf-ner: `position_wise_ff`, `crf`), so a reference checkpoint's
state dict loads into `BertCRF` unchanged (see convert_kobert.py). The CRF follows
kmkurn/pytorch-crf: `start_transitions`, `end_transitions`, `transitions[from, to]`.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int
    hidden_size: int = 256
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    max_position_embeddings: int = 512
    type_vocab_size: int = 1
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    layer_norm_eps: float = 1e-12
    # pre-LN (LayerNorm before each sublayer, one more at the end) trains stably from scratch without
    # a long warm-up; post-LN is BERT's and KoBERT's layout (converted checkpoints keep it)
    pre_layer_norm: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


class BertEmbeddings(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids, token_type_ids):
        # shape: (batch, seq)
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions) + self.token_type_embeddings(token_type_ids)
        return self.dropout(self.LayerNorm(x))  # shape: (batch, seq, hidden)


class BertSelfAttention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.head_dim = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)
        # fused attention (torch >= 2.0's scaled_dot_product_attention) for GPU training only
        # (use_fast_attention); ONNX export and the CPU tools use the plain formula below, which is
        # what the browser's graph holds
        self.fast = False

    def forward(self, x, mask_bias):
        b, n, _ = x.shape

        def split(t):  # (batch, seq, hidden) -> (batch, heads, seq, head_dim)
            return t.view(b, n, self.heads, self.head_dim).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        if self.fast:
            ctx = nn.functional.scaled_dot_product_attention(
                q, k, v, attn_mask=None if mask_bias is None else mask_bias.to(q.dtype),
                dropout_p=self.dropout.p if self.training else 0.0)
            return ctx.transpose(1, 2).reshape(b, n, -1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim)
        if mask_bias is not None:
            scores = scores + mask_bias  # (batch, heads, seq, seq)
        ctx = self.dropout(scores.softmax(-1)) @ v  # (batch, heads, seq, head_dim)
        return ctx.transpose(1, 2).reshape(b, n, -1)


def use_fast_attention(model: nn.Module, on: bool) -> None:
    """Switch every attention layer of `model` to the fused kernel (on) or the exported formula."""
    for m in model.modules():
        if isinstance(m, BertSelfAttention):
            m.fast = on


class BertSelfOutput(nn.Module):
    """dense -> dropout -> + residual, then LayerNorm (post-LN); in pre-LN the LayerNorm is applied
    to this sublayer's input instead (`pre_norm`), and the residual sum is left as it is."""

    def __init__(self, c: BertConfig, in_size: int, norm_size: int):
        super().__init__()
        self.pre = c.pre_layer_norm
        self.dense = nn.Linear(in_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(norm_size if self.pre else c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def pre_norm(self, x):
        return self.LayerNorm(x) if self.pre else x

    def forward(self, h, residual):
        out = self.dropout(self.dense(h)) + residual
        return out if self.pre else self.LayerNorm(out)  # post-LN, as BERT


class BertAttention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c, c.hidden_size, c.hidden_size)

    def forward(self, x, mask_bias):
        return self.output(self.self(self.output.pre_norm(x), mask_bias), x)


class BertIntermediate(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, x):
        return nn.functional.gelu(self.dense(x))  # exact (erf) GELU, as BERT


class BertLayer(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertSelfOutput(c, c.intermediate_size, c.hidden_size)

    def forward(self, x, mask_bias):
        a = self.attention(x, mask_bias)
        return self.output(self.intermediate(self.output.pre_norm(a)), a)


class BertEncoder(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c.num_hidden_layers)])
        # pre-LN leaves the residual stream unnormalised: one LayerNorm after the last layer
        self.final_norm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps) if c.pre_layer_norm else None

    def forward(self, x, mask_bias):
        for layer in self.layer:
            x = layer(x, mask_bias)
        return x if self.final_norm is None else self.final_norm(x)


class BertModel(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.config = c
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        # additive mask: 0 where attended, -10000 on padding, as BERT. shape: (batch, 1, 1, seq)
        # attention_mask None: no padding (packed pretraining rows), which lets a flash kernel run
        mask_bias = None if attention_mask is None else (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        return self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)


class CRF(nn.Module):
    """Linear-chain CRF, batch first, kmkurn/pytorch-crf semantics (transitions[from, to])."""

    def __init__(self, num_tags: int):
        super().__init__()
        self.num_tags = num_tags
        self.start_transitions = nn.Parameter(torch.empty(num_tags).uniform_(-0.1, 0.1))
        self.end_transitions = nn.Parameter(torch.empty(num_tags).uniform_(-0.1, 0.1))
        self.transitions = nn.Parameter(torch.empty(num_tags, num_tags).uniform_(-0.1, 0.1))

    def neg_log_likelihood(self, emissions, tags, mask):
        """Sum over the batch of -log p(tags | emissions). mask[:, 0] must be all ones."""
        mask = mask.to(emissions.dtype)
        return (self._normalizer(emissions, mask) - self._score(emissions, tags, mask)).sum()

    def _score(self, emissions, tags, mask):
        # emissions: (batch, seq, tags); tags, mask: (batch, seq)
        # one gather for every position (no loop: a GPU step launches a handful of kernels, not 6 per position)
        b, n, _ = emissions.shape
        ar = torch.arange(b, device=emissions.device)
        emit = emissions.gather(2, tags.unsqueeze(2)).squeeze(2)  # (batch, seq)
        score = self.start_transitions[tags[:, 0]] + emit[:, 0]
        if n > 1:
            steps = self.transitions[tags[:, :-1], tags[:, 1:]] + emit[:, 1:]
            score = score + (steps * mask[:, 1:]).sum(1)
        last = tags[ar, mask.long().sum(1) - 1]
        return score + self.end_transitions[last]

    def _forward_alphas(self, emissions, mask):
        """log alpha per position. shape: (seq, batch, tags)"""
        alpha = self.start_transitions + emissions[:, 0]  # (batch, tags)
        alphas = [alpha]
        for i in range(1, emissions.shape[1]):
            # in score space a sum over previous tags is a log-sum-exp. (batch, from, to)
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.transitions + emissions[:, i].unsqueeze(1), dim=1)
            alpha = torch.where(mask[:, i].unsqueeze(1) > 0, nxt, alpha)
            alphas.append(alpha)
        return torch.stack(alphas)

    def _normalizer(self, emissions, mask):
        return torch.logsumexp(self._forward_alphas(emissions, mask)[-1] + self.end_transitions, dim=1)

    @torch.no_grad()
    def marginals(self, emissions, mask):
        """p(tag at position i | emissions). shape: (batch, seq, tags); zeros where mask is 0."""
        mask = mask.to(emissions.dtype)
        b, n, t = emissions.shape
        alphas = self._forward_alphas(emissions, mask)  # (seq, batch, tags)
        beta = self.end_transitions.expand(b, t)
        betas = [beta]
        for i in range(n - 1, 0, -1):
            prev = torch.logsumexp(self.transitions + (emissions[:, i] + beta).unsqueeze(1), dim=2)
            # positions past the end keep beta = end_transitions so the last real one sees it
            beta = torch.where(mask[:, i].unsqueeze(1) > 0, prev, beta)
            betas.append(beta)
        betas = torch.stack(betas[::-1])  # (seq, batch, tags)
        logz = torch.logsumexp(alphas[-1] + self.end_transitions, dim=1)  # (batch,)
        m = (alphas + betas - logz[None, :, None]).exp().transpose(0, 1)
        return m * mask.unsqueeze(2)

    @torch.no_grad()
    def decode(self, emissions, mask) -> list[list[int]]:
        """Viterbi best path per sequence, lengths from mask."""
        mask = mask.to(emissions.dtype)
        b, n, t = emissions.shape
        score = self.start_transitions + emissions[:, 0]
        history = []
        for i in range(1, n):
            best, idx = (score.unsqueeze(2) + self.transitions).max(dim=1)  # (batch, to)
            nxt = best + emissions[:, i]
            score = torch.where(mask[:, i].unsqueeze(1) > 0, nxt, score)
            history.append(idx)
        score = score + self.end_transitions
        lengths = mask.long().sum(1)
        paths = []
        for k in range(b):
            last = int(score[k].argmax())
            path = [last]
            for hist in reversed(history[: int(lengths[k]) - 1]):
                last = int(hist[k][last])
                path.append(last)
            paths.append(path[::-1])
        return paths


class BertCRF(nn.Module):
    """The reference KobertCRF: bert -> dropout -> position_wise_ff (emissions) -> crf."""

    def __init__(self, c: BertConfig, num_tags: int, dropout: float = 0.1):
        super().__init__()
        self.bert = BertModel(c)
        self.dropout = nn.Dropout(dropout)
        self.position_wise_ff = nn.Linear(c.hidden_size, num_tags)
        self.crf = CRF(num_tags)
        self.apply(init_weights)

    def emissions(self, input_ids, attention_mask, token_type_ids=None):
        return self.position_wise_ff(self.dropout(self.bert(input_ids, attention_mask, token_type_ids)))


class MLMHead(nn.Module):
    """BERT's masked-LM head (transform + LayerNorm + decoder tied to the word embeddings)."""

    def __init__(self, c: BertConfig, word_embeddings: nn.Embedding):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.word_embeddings = word_embeddings
        self.bias = nn.Parameter(torch.zeros(c.vocab_size))
        # its own layers only: self.apply would reach the tied word embeddings and wipe a trained encoder's
        # (kner.joint --mlm-weight builds this head beside a model that has learnt them)
        for m in (self.dense, self.LayerNorm):
            init_weights(m)

    def forward(self, h):
        # .float(): CPU autocast (torch 1.13) leaves layer_norm to its input's dtype, and bf16 input with
        # fp32 weights fails; on a GPU autocast runs layer_norm in fp32 anyway
        h = self.LayerNorm(nn.functional.gelu(self.dense(h)).float())
        return h @ self.word_embeddings.weight.T + self.bias


def encoder_weights(weights: dict) -> dict:
    """The encoder's part of a checkpoint's state dict (the `bert.` keys, prefix removed), floating-point
    tensors as fp32 (an fp16 file loads into an fp32 model): for BertModel.load_state_dict."""
    return {k[len("bert."):]: v.float() if v.is_floating_point() else v for k, v in weights.items() if k.startswith("bert.")}


def init_weights(m):
    """BERT's initialisation: normal(0, 0.02) weights, zero biases, LayerNorm at (1, 0)."""
    if isinstance(m, (nn.Linear, nn.Embedding)):
        m.weight.data.normal_(0.0, 0.02)
    if isinstance(m, nn.Linear) and m.bias is not None:
        m.bias.data.zero_()
    if isinstance(m, nn.LayerNorm):
        m.weight.data.fill_(1.0)
        m.bias.data.zero_()


class EmissionModel(nn.Module):
    """What goes into ONNX: ids (+mask, +token types) -> logits (one output per tag set of a kner.joint
    model), and with `with_hidden` the encoder's last hidden states as a last output (the features an
    on-device adaptation fits a new head on). The CRF stays in TypeScript."""

    def __init__(self, model: BertCRF, with_token_types: bool, with_hidden: bool = False):
        super().__init__()
        self.model = model
        self.with_token_types = with_token_types
        self.with_hidden = with_hidden

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        types = token_type_ids if self.with_token_types else None
        h = self.model.bert(input_ids, attention_mask, types)  # dropout is the identity at export (eval)
        heads = getattr(self.model, "heads", None)
        outs = [heads[name](h) for name in self.model.tag_sets] if heads is not None else [self.model.position_wise_ff(h)]
        if self.with_hidden:
            outs.append(h)
        return tuple(outs) if len(outs) > 1 else outs[0]


def bio_constrained(crf: CRF, labels: list[str]) -> CRF:
    """A copy of the CRF that cannot decode I-X at the start, after O, or after another type.

    The same rule as the TypeScript pipeline's default (src/core/crf/bio-constraints.ts), so the
    Python and the browser figures are computed the same way.
    """
    out = CRF(crf.num_tags)
    out.load_state_dict(crf.state_dict())

    def parse(label):
        return (label[0], label[2:]) if len(label) > 2 and label[0] in "BI" and label[1] == "-" else ("other", "")

    tags = [parse(l) for l in labels]
    with torch.no_grad():
        for to, (kind, typ) in enumerate(tags):
            if kind != "I":
                continue
            out.start_transitions[to] = float("-inf")
            for frm, (fkind, ftyp) in enumerate(tags):
                if fkind == "other" or ftyp != typ:
                    out.transitions[frm, to] = float("-inf")
    return out
