import os
import sys

TOOLS = os.path.join(os.path.dirname(__file__), "..")
sys.path.insert(0, TOOLS)
DATA = os.path.join(TOOLS, "..", "..", "shared", "data")
HAVE_DATA = os.path.isdir(os.path.join(DATA, "kmou-ner", "raw"))
