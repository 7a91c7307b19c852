import itertools

import torch

from kner.model import CRF


def path_score(crf, e, path):
    s = crf.start_transitions[path[0]] + e[0, path[0]]
    for i in range(1, len(path)):
        s = s + crf.transitions[path[i - 1], path[i]] + e[i, path[i]]
    return s + crf.end_transitions[path[-1]]


def test_viterbi_normalizer_and_marginals_equal_brute_force_over_every_path():
    torch.manual_seed(0)
    crf = CRF(3)
    emissions = torch.randn(3, 5, 3)
    lengths = [5, 3, 1]
    mask = torch.tensor([[1] * n + [0] * (5 - n) for n in lengths])
    decoded = crf.decode(emissions, mask)
    marginals = crf.marginals(emissions, mask)
    logz = crf._normalizer(emissions, mask.float())
    for k, n in enumerate(lengths):
        paths = list(itertools.product(range(3), repeat=n))
        scores = torch.stack([path_score(crf, emissions[k], p) for p in paths])
        assert list(paths[int(scores.argmax())]) == decoded[k]
        z = torch.logsumexp(scores, 0)
        assert torch.allclose(z, logz[k], atol=1e-5)
        expected = torch.zeros(n, 3)
        for p, prob in zip(paths, (scores - z).exp()):
            for i, t in enumerate(p):
                expected[i, t] += prob
        assert torch.allclose(marginals[k, :n], expected, atol=1e-5)


def test_negative_log_likelihood_is_log_partition_minus_path_score():
    torch.manual_seed(1)
    crf = CRF(4)
    emissions = torch.randn(1, 4, 4)
    tags = torch.tensor([[0, 2, 2, 1]])
    mask = torch.ones(1, 4, dtype=torch.long)
    nll = crf.neg_log_likelihood(emissions, tags, mask)
    paths = list(itertools.product(range(4), repeat=4))
    z = torch.logsumexp(torch.stack([path_score(crf, emissions[0], p) for p in paths]), 0)
    assert torch.allclose(nll, z - path_score(crf, emissions[0], [0, 2, 2, 1]), atol=1e-5)


def test_bio_constrained_decoding_never_gives_i_after_o_or_another_type():
    from kner.model import bio_constrained

    labels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
    torch.manual_seed(3)
    crf = bio_constrained(CRF(5), labels)
    emissions = torch.randn(8, 12, 5) * 3
    emissions[:, :, 2] += 2  # push I-PER everywhere
    for path in crf.decode(emissions, torch.ones(8, 12, dtype=torch.long)):
        tags = [labels[t] for t in path]
        assert not tags[0].startswith("I-")
        for prev, cur in zip(tags, tags[1:]):
            if cur.startswith("I-"):
                assert prev[2:] == cur[2:] and prev != "O"


def test_path_score_with_padding_matches_a_per_position_sum():
    # _score gathers every position at once; padded positions (mask 0) add nothing, and the end
    # transition is taken from each sequence's last real tag
    torch.manual_seed(0)
    crf = CRF(7)
    with torch.no_grad():
        for p in (crf.transitions, crf.start_transitions, crf.end_transitions):
            p.normal_()
    lengths = [9, 3, 1, 6, 8]
    emissions = torch.randn(len(lengths), 9, 7)
    tags = torch.randint(0, 7, (len(lengths), 9))
    mask = torch.zeros(len(lengths), 9)
    for i, n in enumerate(lengths):
        mask[i, :n] = 1
    expected = torch.stack([path_score(crf, emissions[i, :n], tags[i, :n].tolist()) for i, n in enumerate(lengths)])
    assert torch.allclose(crf._score(emissions, tags, mask), expected, atol=1e-5)
