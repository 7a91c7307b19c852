"""Dynamic int8 quantization of an ONNX model with the `onnx` package alone (Debian has no Python
onnxruntime, so no `quantize_dynamic`).

Every MatMul whose second input is a constant 2-D weight W (K x N) becomes the pattern ONNX Runtime's
own dynamic quantizer writes, which its graph optimizer fuses into one DynamicQuantizeMatMul kernel
(the form that runs faster in onnxruntime-web and -node):

    x_q, x_scale, x_zero = DynamicQuantizeLinear(x)          # uint8 activations, scale per call
    y_int = MatMulInteger(x_q, W_q, x_zero, W_zero)          # W_q int8 in [-63, 63], symmetric: W_zero = 0
    y     = Cast(y_int, float) * (x_scale * W_scale)         # W_scale per column (N,) or per tensor

MatMuls between two activations (attention scores, context) stay float.

Static activation scales (`activation_ranges`, from kner.calibrate): each activation's range is
measured once on calibration text and written into the graph, in the QDQ form that ONNX Runtime's
optimizer fuses into QuantizeLinear + MatMulIntegerToFloat:

    x_q = QuantizeLinear(x, x_scale, x_zero)                  # constants: one range per tensor
    y   = MatMul(DequantizeLinear(x_q), DequantizeLinear(W_q, W_scale, 0))

With a scale per call (dynamic), a row's logits depend on the other rows of the call (their
values widen the one range); with static scales each row's logits are a function of that row
alone, so windows of different texts can share a call and still give what each gives alone
(the pipeline's batchAcrossGroups). Measured on the shipped model: the same F1 as dynamic.

Weights use 7 bits of the int8 range ([-63, 63], "reduced range"), so the int8 model gives the same
results on every CPU: on x86 CPUs with AVX2 but without VNNI, ONNX Runtime's uint8 x int8 kernel
sums pairs of products in 16 bits (vpmaddubsw), which saturates once 2 * 255 * |w| > 32767, i.e. for
|w| > 64. With |w| <= 63 a pair sum is at most 32,130. Full-range weights were exact on VNNI machines
and off by up to a fifth of the logit spread on the others. Per-column scales keep the lost bit's
precision small (each column uses its own 63 steps).

Usage (from tools/): /usr/bin/python3 -m kner.quantize SRC.onnx DST.onnx [--per-tensor]
                    /usr/bin/python3 -m kner.quantize --bundle DIR [--per-tensor]
           (writes DIR/onnx/model_quantized.onnx and, where config.json lists its files' digests
            (ner.files), stamps them anew; naming the file in config.json is a separate decision:
            check entity F1 with `npm run eval -- --model DIR` first)
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# reduced range: the largest weight code whose uint8 x int8 pair sums fit in int16 (see above)
WEIGHT_MAX = 63.0


def quantize_weight(weight: np.ndarray, per_column: bool) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8: W ~= W_q * scale, W_q in [-63, 63]. shape: weight (K, N) -> (K, N) int8, scale (N,) or ()."""
    absmax = np.abs(weight).max(axis=0) if per_column else np.array(np.abs(weight).max())
    scale = np.where(absmax > 0, absmax / WEIGHT_MAX, 1.0).astype(np.float32)
    quantized = np.clip(np.rint(weight / scale), -WEIGHT_MAX, WEIGHT_MAX).astype(np.int8)
    return quantized, scale


def activation_quantization(lo: float, hi: float) -> tuple[np.float32, np.uint8]:
    """uint8 scale and zero point of a range (0 kept inside, as DynamicQuantizeLinear does)."""
    lo, hi = min(0.0, float(lo)), max(0.0, float(hi))
    if hi - lo <= 0:
        return np.float32(1.0), np.uint8(0)
    scale = np.float32((hi - lo) / 255.0)
    return scale, np.uint8(np.clip(np.rint(-lo / scale), 0, 255))


def quantize_model(model: onnx.ModelProto, per_column: bool = True,
                   activation_ranges: dict[str, tuple[float, float]] | None = None) -> tuple[onnx.ModelProto, int]:
    """The model with each constant-weight MatMul in the dynamic int8 pattern, or the static one where
    `activation_ranges` gives, per weight initializer name, the range of the MatMul's input; and how
    many were rewritten."""
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    # an initializer that is also a graph input can be overridden at run time: not a constant
    graph_inputs = {value.name for value in graph.input}
    consumers: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            consumers[name] = consumers.get(name, 0) + 1

    new_nodes: list[onnx.NodeProto] = []
    new_initializers: list[onnx.TensorProto] = []
    dropped: set[str] = set()
    # static: one QuantizeLinear per activation, shared by the MatMuls that read it (q, k, v)
    static_inputs: dict[str, tuple[str, tuple[float, float]]] = {}
    rewritten = 0
    for node in graph.node:
        weight_name = node.input[1] if node.op_type == "MatMul" and len(node.input) == 2 else None
        weight_init = initializers.get(weight_name) if weight_name else None
        if weight_init is None or weight_name in graph_inputs or len(weight_init.dims) != 2 \
                or weight_init.data_type != TensorProto.FLOAT:
            new_nodes.append(node)
            continue
        weight = numpy_helper.to_array(weight_init)
        quantized, scale = quantize_weight(weight, per_column)
        base = f"{node.name or weight_name}_int8".replace("/", "_")
        x_name, y_name = node.input[0], node.output[0]
        w_q, w_zero, w_scale = f"{weight_name}_quantized", f"{weight_name}_zero_point", f"{weight_name}_scale"
        if activation_ranges is not None:
            if weight_name not in activation_ranges:
                raise ValueError(f"expected an activation range for the input of MatMul {node.name or weight_name!r}, got none")
            new_nodes += _static_nodes(x_name, y_name, weight_name, w_q, w_zero, w_scale, scale.ndim,
                                       activation_ranges[weight_name], new_initializers, static_inputs)
        else:
            names = {k: f"{base}/{k}" for k in ["x_q", "x_scale", "x_zero", "scale", "y_int", "y_float"]}
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [x_name], [names["x_q"], names["x_scale"], names["x_zero"]],
                                 name=f"{base}/DynamicQuantizeLinear"),
                helper.make_node("Mul", [names["x_scale"], w_scale], [names["scale"]], name=f"{base}/ScaleMul"),
                helper.make_node("MatMulInteger", [names["x_q"], w_q, names["x_zero"], w_zero], [names["y_int"]],
                                 name=f"{base}/MatMulInteger"),
                helper.make_node("Cast", [names["y_int"]], [names["y_float"]], to=TensorProto.FLOAT, name=f"{base}/Cast"),
                helper.make_node("Mul", [names["y_float"], names["scale"]], [y_name], name=f"{base}/OutputMul"),
            ]
        if w_q not in {init.name for init in new_initializers}:  # a weight two MatMuls share is stored once
            new_initializers += [
                numpy_helper.from_array(quantized, w_q),
                numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), w_zero),
                numpy_helper.from_array(scale, w_scale),
            ]
        consumers[weight_name] -= 1
        if consumers[weight_name] == 0:
            dropped.add(weight_name)
        rewritten += 1

    out = onnx.ModelProto()
    out.CopyFrom(model)
    del out.graph.node[:]
    out.graph.node.extend(new_nodes)
    kept = [init for init in graph.initializer if init.name not in dropped]
    del out.graph.initializer[:]
    out.graph.initializer.extend(kept + new_initializers)
    # DynamicQuantizeLinear and MatMulInteger need opset >= 11, per-column DequantizeLinear 13 (the exports use 14)
    needed = 11 if activation_ranges is None else 13
    for opset in out.opset_import:
        if opset.domain in ("", "ai.onnx") and opset.version < needed:
            raise ValueError(f"expected an opset >= {needed} for the int8 pattern, got {opset.version}")
    onnx.checker.check_model(out)
    return out, rewritten


def _static_nodes(x_name: str, y_name: str, weight_name: str, w_q: str, w_zero: str, w_scale: str, scale_rank: int,
                  value_range: tuple[float, float], initializers: list[onnx.TensorProto],
                  static_inputs: dict[str, tuple[str, tuple[float, float]]]) -> list[onnx.NodeProto]:
    """x -> Q -> DQ (once per x, its scale and zero point added to initializers) and W_q -> DQ, then
    MatMul: the QDQ form ONNX Runtime fuses. The caller stores W_q, its zero point and scale."""
    nodes = []
    if x_name in static_inputs:
        x_dq, shared_range = static_inputs[x_name]
        if tuple(shared_range) != tuple(value_range):
            raise ValueError(f"expected one activation range for {x_name!r}, got {shared_range} and {value_range}")
    else:
        base = f"{x_name}_static".replace("/", "_").replace(":", "_")
        x_scale, x_zero = activation_quantization(*value_range)
        initializers += [numpy_helper.from_array(np.array(x_scale, dtype=np.float32), f"{base}/scale"),
                         numpy_helper.from_array(np.array(x_zero, dtype=np.uint8), f"{base}/zero")]
        x_dq = f"{base}/x_dq"
        nodes += [
            helper.make_node("QuantizeLinear", [x_name, f"{base}/scale", f"{base}/zero"], [f"{base}/x_q"], name=f"{base}/QuantizeLinear"),
            helper.make_node("DequantizeLinear", [f"{base}/x_q", f"{base}/scale", f"{base}/zero"], [x_dq], name=f"{base}/DequantizeLinear"),
        ]
        static_inputs[x_name] = (x_dq, value_range)
    w_dq = f"{weight_name}_dequantized"
    axis = {"axis": 1} if scale_rank == 1 else {}
    nodes += [
        helper.make_node("DequantizeLinear", [w_q, w_scale, w_zero], [w_dq], name=f"{weight_name}_int8/DequantizeLinear", **axis),
        helper.make_node("MatMul", [x_dq, w_dq], [y_name], name=f"{weight_name}_int8/MatMul"),
    ]
    return nodes


def quantize_file(src: str, dst: str, per_column: bool = True,
                  activation_ranges: dict[str, tuple[float, float]] | None = None) -> int:
    model = onnx.load(src)
    quantized, rewritten = quantize_model(model, per_column, activation_ranges)
    if rewritten == 0:
        raise ValueError(f"{src}: expected at least one MatMul with a constant 2-D float weight, got none")
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    onnx.save(quantized, dst)
    return rewritten


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", nargs="?", help="fp32 ONNX file")
    parser.add_argument("dst", nargs="?", help="int8 ONNX file to write")
    parser.add_argument("--bundle", help="a bundle folder: onnx/model.onnx -> onnx/model_quantized.onnx")
    parser.add_argument("--per-tensor", action="store_true", help="one weight scale per matrix (default: per column)")
    args = parser.parse_args(argv)
    if args.bundle:
        src, dst = os.path.join(args.bundle, "onnx", "model.onnx"), os.path.join(args.bundle, "onnx", "model_quantized.onnx")
    elif args.src and args.dst:
        src, dst = args.src, args.dst
    else:
        parser.error("expected SRC DST or --bundle DIR")
    if not os.path.exists(src):
        parser.error(f"no such file: {src}")
    rewritten = quantize_file(src, dst, per_column=not args.per_tensor)
    config_path = os.path.join(args.bundle or "", "config.json")
    if args.bundle and os.path.exists(config_path):
        import json

        from .digests import stamp

        with open(config_path, encoding="utf-8") as f:
            if "files" in json.load(f).get("ner", {}):
                stamp(args.bundle)  # the digests name the file just rewritten
    print(f"{dst}: {rewritten} MatMuls int8 ({'per tensor' if args.per_tensor else 'per column'}), "
          f"{os.path.getsize(src) / 2**20:.1f} MiB -> {os.path.getsize(dst) / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
