"""tools/kner's imports run one way: no module imports, at any depth and from any function, a module
that imports it back (issue 28: one module owns each step)."""
import ast
import os

KNER = os.path.join(os.path.dirname(__file__), "..", "kner")


def kner_imports() -> dict[str, set[str]]:
    graph = {}
    for name in sorted(os.listdir(KNER)):
        if not name.endswith(".py") or name == "__init__.py":
            continue
        tree = ast.parse(open(os.path.join(KNER, name), encoding="utf-8").read())
        deps = set()
        for node in ast.walk(tree):  # module level and inside functions alike
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:  # from . import train
                    deps.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kner."):
                deps.add(node.module.split(".")[1])
        graph[name[:-3]] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "open":
                found.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_cycle_finder_finds_a_circle_of_three():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_kner_modules_import_one_way():
    graph = kner_imports()
    assert {"train", "export", "calibrate", "quantize", "joint"} <= set(graph)
    assert cycles(graph) == []
