"""kner/quantize.py: the ORT dynamic-quantization pattern, written with the onnx package alone,
checked against the fp32 model on onnxruntime-node (the real runtime the app's CLI uses)."""
import json
import os
import shutil
import subprocess

import numpy as np
import onnx
import pytest
import torch
from onnx import TensorProto, helper

from conftest import TOOLS
from kner.export import export_onnx
from make_tiny_bundle import build_tiny
from kner.quantize import quantize_file, quantize_model, quantize_weight

ROOT = os.path.abspath(os.path.join(TOOLS, ".."))
HAVE_ORT_NODE = shutil.which("node") is not None and os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node"))


@pytest.fixture(scope="module")
def tiny_onnx(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("tiny") / "model.onnx")
    model, _ = build_tiny()
    export_onnx(model, path, with_token_types=False)
    return path


def test_weights_round_trip_within_half_a_step_per_column_and_per_tensor():
    rng = np.random.default_rng(0)
    weight = (rng.standard_normal((64, 48)) * np.linspace(0.01, 3, 48)).astype(np.float32)
    for per_column in (True, False):
        quantized, scale = quantize_weight(weight, per_column)
        # reduced range: pair sums of uint8 x int8 products fit in int16 on CPUs without VNNI
        assert quantized.dtype == np.int8 and np.abs(quantized).max() == 63
        assert scale.shape == ((48,) if per_column else ())
        assert np.all(np.abs(quantized * scale - weight) <= scale / 2 + 1e-7)


def test_every_constant_weight_matmul_becomes_matmulinteger_and_activation_matmuls_stay_float(tiny_onnx):
    model = onnx.load(tiny_onnx)
    constant = {init.name for init in model.graph.initializer}
    weight_matmuls = [n for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in constant]
    activation_matmuls = [n for n in model.graph.node if n.op_type == "MatMul" and n.input[1] not in constant]
    assert len(weight_matmuls) == 2 * 6 + 1  # 2 layers x (q, k, v, out, ffn in, ffn out) + the emission head
    quantized, rewritten = quantize_model(model)
    ops = [n.op_type for n in quantized.graph.node]
    assert rewritten == len(weight_matmuls)
    assert ops.count("MatMulInteger") == rewritten and ops.count("DynamicQuantizeLinear") == rewritten
    assert ops.count("MatMul") == len(activation_matmuls)
    float_weights = {init.name for init in quantized.graph.initializer if init.data_type == TensorProto.FLOAT and len(init.dims) == 2}
    assert not [n.name for n in quantized.graph.node if n.op_type == "MatMul" and n.input[1] in float_weights]
    int8 = [init for init in quantized.graph.initializer if init.data_type == TensorProto.INT8 and len(init.dims) == 2]
    assert len(int8) == rewritten


def test_a_model_without_constant_weights_is_refused_with_a_message(tmp_path):
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["y"])], "g",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 3]), helper.make_tensor_value_info("b", TensorProto.FLOAT, [3, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
    )
    src = str(tmp_path / "plain.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), src)
    with pytest.raises(ValueError, match="expected at least one MatMul with a constant 2-D float weight, got none"):
        quantize_file(src, str(tmp_path / "out.onnx"))


NODE_COMPARE = """
import { createRequire } from 'node:module';
const ort = createRequire(process.argv[1] + '/')('onnxruntime-node');
const [, root, fp32, int8, vocab] = process.argv;
const B = 3, S = 40, V = Number(vocab);
const ids = new BigInt64Array(B * S).map((_, i) => BigInt(5 + ((i * 7919) % (V - 5))));
for (let b = 0; b < B; b++) { ids[b * S] = 2n; ids[b * S + S - 1] = 3n; }
const mask = new BigInt64Array(B * S).fill(1n);
const feeds = { input_ids: new ort.Tensor('int64', ids, [B, S]), attention_mask: new ort.Tensor('int64', mask, [B, S]) };
const out = {};
for (const [name, path] of [['fp32', fp32], ['int8', int8]]) {
  const session = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'all' });
  out[name] = Array.from((await session.run(feeds)).logits.data);
}
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(not HAVE_ORT_NODE, reason="node_modules/onnxruntime-node is absent (npm ci)")
@pytest.mark.parametrize("per_column", [True, False])
def test_int8_logits_follow_the_fp32_model_on_onnxruntime_node(tiny_onnx, tmp_path, per_column):
    int8 = str(tmp_path / "model_quantized.onnx")
    quantize_file(tiny_onnx, int8, per_column=per_column)
    model, tok = build_tiny()
    res = subprocess.run(["node", "--input-type=module", "-e", NODE_COMPARE, ROOT, tiny_onnx, int8, str(len(tok.vocab))],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    logits = {k: np.array(v, dtype=np.float32).reshape(-1, 21) for k, v in json.loads(res.stdout).items()}
    # the fp32 file itself matches torch, so the comparison below measures quantization alone
    ids = torch.tensor([[5 + ((i * 7919) % (len(tok.vocab) - 5)) for i in range(b * 40, b * 40 + 40)] for b in range(3)])
    ids[:, 0], ids[:, -1] = 2, 3
    with torch.no_grad():
        reference = model.emissions(ids, torch.ones_like(ids)).reshape(-1, 21).numpy()
    assert np.abs(logits["fp32"] - reference).max() < 1e-3
    spread = np.abs(logits["fp32"]).max()
    error = np.abs(logits["int8"] - logits["fp32"]).max()
    assert 0 < error < 0.05 * spread, (error, spread)
    agreement = (logits["int8"].argmax(1) == logits["fp32"].argmax(1)).mean()
    assert agreement >= 0.9, agreement


NODE_RUN_MATMUL = """
import { createRequire } from 'node:module';
const ort = createRequire(process.argv[1] + '/')('onnxruntime-node');
const [, root, path, rows, cols, data] = process.argv;
const x = new Float32Array(JSON.parse(data));
const session = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'all' });
const out = await session.run({ x: new ort.Tensor('float32', x, [Number(rows), Number(cols)]) });
console.log(JSON.stringify(Array.from(out.y.data)));
"""


def _dynamic_quantize(x: np.ndarray) -> tuple[np.ndarray, float, int]:
    """ONNX DynamicQuantizeLinear, exactly: uint8 codes, scale and zero point of x's range (0 included)."""
    lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
    scale = np.float32((hi - lo) / 255.0)
    zero = int(np.clip(np.rint(-lo / scale), 0, 255))
    return np.clip(np.rint(x / scale) + zero, 0, 255).astype(np.int64), float(scale), zero


@pytest.mark.skipif(not HAVE_ORT_NODE, reason="node_modules/onnxruntime-node is absent (npm ci)")
def test_int8_matmul_is_exact_where_16_bit_pair_sums_would_saturate(tmp_path):
    # The worst case for CPUs without VNNI: activation codes at 255 next to weight codes at the
    # maximum, so each pair of products is as large as the weight range allows. The int8 graph must
    # equal the same integer arithmetic done exactly here, on any CPU.
    k, n = 64, 8
    weight = np.where(np.arange(k * n).reshape(k, n) % 3 == 0, -1.0, 1.0).astype(np.float32)
    x = np.full((2, k), 1.0, dtype=np.float32)
    x[1, ::2] = -0.25  # a zero point inside the range: codes from 0 to 255
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, n])],
        [onnx.numpy_helper.from_array(weight, "w")],
    )
    src, dst = str(tmp_path / "matmul.onnx"), str(tmp_path / "matmul_int8.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), src)
    quantize_file(src, dst)
    res = subprocess.run(["node", "--input-type=module", "-e", NODE_RUN_MATMUL, ROOT, dst, "2", str(k),
                          json.dumps(x.ravel().tolist())], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    got = np.array(json.loads(res.stdout), dtype=np.float64).reshape(2, n)
    w_q, w_scale = quantize_weight(weight, per_column=True)
    codes, scale, zero = _dynamic_quantize(x)  # one scale for the whole tensor, as the operator has
    expected = ((codes - zero) @ w_q.astype(np.int64)) * (scale * w_scale.astype(np.float64))
    assert np.abs(got - expected).max() <= 1e-4 * np.abs(expected).max(), (got, expected)


@pytest.mark.skipif(not HAVE_ORT_NODE, reason="node_modules/onnxruntime-node is absent (npm ci)")
def test_a_pre_ln_encoder_exports_and_quantizes_like_the_post_ln_one(tmp_path):
    # kner.mlm pretrains pre-LN encoders: their ONNX graph must match torch on onnxruntime-node too
    from kner.model import BertConfig, BertCRF
    from kner.corpus import LABELS
    _, tok = build_tiny()
    torch.manual_seed(7)
    model = BertCRF(BertConfig(vocab_size=len(tok.vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                               intermediate_size=64, max_position_embeddings=64, pre_layer_norm=True), len(LABELS))
    with torch.no_grad():
        model.position_wise_ff.weight.mul_(60)
    model.eval()
    # the reference before the export: torch 1.13's exporter leaves the module giving other outputs
    # afterwards (its state dict unchanged), while the exported graph matches the module as it was
    ids = torch.tensor([[5 + ((i * 7919) % (len(tok.vocab) - 5)) for i in range(b * 40, b * 40 + 40)] for b in range(3)])
    ids[:, 0], ids[:, -1] = 2, 3
    with torch.no_grad():
        reference = model.emissions(ids, torch.ones_like(ids)).reshape(-1, 21).numpy()
    fp32, int8 = str(tmp_path / "model.onnx"), str(tmp_path / "model_quantized.onnx")
    export_onnx(model, fp32, with_token_types=False)
    quantize_file(fp32, int8)
    res = subprocess.run(["node", "--input-type=module", "-e", NODE_COMPARE, ROOT, fp32, int8, str(len(tok.vocab))],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    logits = {k: np.array(v, dtype=np.float32).reshape(-1, 21) for k, v in json.loads(res.stdout).items()}
    assert np.abs(logits["fp32"] - reference).max() < 1e-3
    assert np.abs(logits["int8"] - logits["fp32"]).max() < 0.05 * np.abs(logits["fp32"]).max()


NODE_ROWS_ALONE = """
import { createRequire } from 'node:module';
const ort = createRequire(process.argv[1] + '/')('onnxruntime-node');
const [, root, path, vocab] = process.argv;
const B = 3, S = 40, V = Number(vocab);
const ids = new BigInt64Array(B * S).map((_, i) => BigInt(5 + ((i * 7919) % (V - 5))));
for (let b = 0; b < B; b++) { ids[b * S] = 2n; ids[b * S + S - 1] = 3n; }
const session = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'all' });
const run = async (rows) => Array.from((await session.run({
  input_ids: new ort.Tensor('int64', rows, [rows.length / S, S]),
  attention_mask: new ort.Tensor('int64', new BigInt64Array(rows.length).fill(1n), [rows.length / S, S]),
})).logits.data);
const together = await run(ids);
const alone = [];
for (let b = 0; b < B; b++) alone.push(...(await run(ids.slice(b * S, (b + 1) * S))));
console.log(JSON.stringify({ together, alone }));
"""


def _tiny_calibration(tok, count=40):
    from kner.calibrate import calibration_rows
    rng = np.random.default_rng(3)
    syllables = [t for t in tok.vocab if len(t) == 1 and "가" <= t <= "힣"]
    texts = ["".join(rng.choice(syllables, size=int(rng.integers(5, 60)))) for _ in range(count)]
    return calibration_rows(tok, texts, 64)


def test_static_scales_give_one_quantizelinear_per_activation_and_no_dynamic_op(tiny_onnx):
    from kner.calibrate import linear_input_ranges, ranges_by_weight
    model, tok = build_tiny()
    onnx_model = onnx.load(tiny_onnx)
    ranges = ranges_by_weight(onnx_model, model, linear_input_ranges(model, _tiny_calibration(tok)))
    assert len(ranges) == 2 * 6 + 1
    assert all(lo < 0 < hi for lo, hi in ranges.values())
    quantized, rewritten = quantize_model(onnx_model, activation_ranges=ranges)
    ops = [n.op_type for n in quantized.graph.node]
    assert rewritten == 13 and "DynamicQuantizeLinear" not in ops and "MatMulInteger" not in ops
    # q, k and v read one activation: 2 layers x (attention in, attention out, ffn in, ffn out) + the head
    assert ops.count("QuantizeLinear") == 2 * 4 + 1
    assert ops.count("DequantizeLinear") == ops.count("QuantizeLinear") + rewritten
    with pytest.raises(ValueError, match="expected an activation range for the input of MatMul"):
        quantize_model(onnx_model, activation_ranges={})


@pytest.mark.skipif(not HAVE_ORT_NODE, reason="node_modules/onnxruntime-node is absent (npm ci)")
def test_static_int8_follows_fp32_and_each_row_gives_what_it_gives_alone(tiny_onnx, tmp_path):
    from kner.calibrate import calibrate_file
    model, tok = build_tiny()
    static, dynamic = str(tmp_path / "static.onnx"), str(tmp_path / "dynamic.onnx")
    assert calibrate_file(model, _tiny_calibration(tok), tiny_onnx, static) == 13
    quantize_file(tiny_onnx, dynamic)
    res = subprocess.run(["node", "--input-type=module", "-e", NODE_COMPARE, ROOT, tiny_onnx, static, str(len(tok.vocab))],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    logits = {k: np.array(v, dtype=np.float32).reshape(-1, 21) for k, v in json.loads(res.stdout).items()}
    assert np.abs(logits["int8"] - logits["fp32"]).max() < 0.05 * np.abs(logits["fp32"]).max()
    assert (logits["int8"].argmax(1) == logits["fp32"].argmax(1)).mean() >= 0.9
    rows = {}
    for name, path in [("static", static), ("dynamic", dynamic)]:
        res = subprocess.run(["node", "--input-type=module", "-e", NODE_ROWS_ALONE, ROOT, path, str(len(tok.vocab))],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        rows[name] = json.loads(res.stdout)
    # static scales: a row's logits are the same, bit for bit, whatever else shares its call
    assert rows["static"]["together"] == rows["static"]["alone"]
    # the control: with a scale per call they are not (the test can tell the two apart)
    assert rows["dynamic"]["together"] != rows["dynamic"]["alone"]


def test_linears_with_equal_weights_share_an_initializer_and_its_range_covers_both():
    """A grown encoder (kner.grow) has a copied layer: before fine-tuning its Linears equal the original's."""
    from onnx import numpy_helper
    from kner.calibrate import ranges_by_weight
    torch.manual_seed(0)
    first, copy, other = torch.nn.Linear(4, 3), torch.nn.Linear(4, 3), torch.nn.Linear(4, 3)
    copy.load_state_dict(first.state_dict())
    w = numpy_helper.from_array(first.weight.detach().numpy().T.copy(), "W")
    graph = helper.make_graph([helper.make_node("MatMul", ["x", "W"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1, 3])], [w])
    onnx_model = helper.make_model(graph)
    ranges = {first: (-1.0, 2.0), copy: (-3.0, 1.0), other: (-9.0, 9.0)}
    assert ranges_by_weight(onnx_model, None, ranges) == {"W": (-3.0, 2.0)}
    with pytest.raises(ValueError, match="found none"):
        ranges_by_weight(onnx_model, None, {other: (-1.0, 1.0)})
