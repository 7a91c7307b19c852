import os

TOOLS = os.path.join(os.path.dirname(__file__), "..")
DATA = os.path.join(TOOLS, "..", "..", "shared", "data")
HAVE_DATA = os.path.isdir(os.path.join(DATA, "kmou-ner", "raw"))
