"""Prints the base64 of the smallest ONNX model (Identity, one float), kept in
src/runtime/identity-model.ts: the browser opens a session on it to initialise ONNX Runtime
while the real model downloads.

    /usr/bin/python3 tools/make_identity_onnx.py
"""
import base64

import onnx
from onnx import TensorProto, helper


def identity_model_bytes() -> bytes:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "warm", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=7, producer_name="kner")
    onnx.checker.check_model(model)
    return model.SerializeToString()


if __name__ == "__main__":
    print(base64.b64encode(identity_model_bytes()).decode())
