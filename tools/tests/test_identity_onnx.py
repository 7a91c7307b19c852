"""src/runtime/identity-model.ts holds what tools/make_identity_onnx.py makes."""
import base64
import os
import re
import sys

import onnx

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from make_identity_onnx import identity_model_bytes  # noqa: E402

TS = os.path.join(os.path.dirname(__file__), "..", "..", "src", "runtime", "identity-model.ts")


def test_the_app_ships_the_model_this_tool_makes():
    with open(TS, encoding="utf-8") as f:
        shipped = re.search(r"IDENTITY_MODEL_BASE64 = '([A-Za-z0-9+/=]+)'", f.read()).group(1)
    assert base64.b64decode(shipped) == identity_model_bytes()
    model = onnx.load_from_string(base64.b64decode(shipped))
    assert [node.op_type for node in model.graph.node] == ["Identity"]
