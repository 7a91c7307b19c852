"""tools/make_tiny_two_bundle.py: the two-tag-set bundle layout (docs/bundle-format.md, "Tag sets")."""
import json
import os
import sys

import onnx

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from make_tiny_two_bundle import KLUE_LABELS, write_two  # noqa: E402
from kner.corpus import LABELS  # noqa: E402
from kner.export import file_digests  # noqa: E402


def test_two_outputs_two_crfs_and_digests_of_both(tmp_path):
    out = str(tmp_path / "two")
    write_two(out)
    ner = json.load(open(os.path.join(out, "config.json")))["ner"]
    assert [t["name"] for t in ner["tag_sets"]] == ["kmou", "klue"]
    assert ner["labels"] == LABELS and ner["crf"] == "crf.json" and ner["default_tag_set"] == "kmou"
    assert [t["output"] for t in ner["tag_sets"]] == ["logits", "logits_klue"]
    model = onnx.load(os.path.join(out, "onnx", "model.onnx"))
    assert [o.name for o in model.graph.output] == ["logits", "logits_klue"]
    assert model.graph.output[1].type.tensor_type.shape.dim[2].dim_value == len(KLUE_LABELS)
    assert json.load(open(os.path.join(out, "crf-klue.json")))["labels"] == KLUE_LABELS
    # every tag set's crf file is in ner.files
    assert {"crf.json", "crf-klue.json"} <= set(ner["files"])
    assert file_digests(out, {**ner, "tag_sets": []}).keys() == ner["files"].keys() - {"crf-klue.json"}
