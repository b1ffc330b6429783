"""No import circle between the project's modules, counting imports inside functions.

import-linter (make lint) checks the floors between apps; this checks every pair of
modules, also within one app: a circle dodged by importing inside a function (services ↔
tasks, services ↔ emails) is still one subject split in two files that need each other.
The graph is read from the source with ``ast``: every ``import`` and ``from … import``
anywhere in a module, resolved to the deepest module of the project it names."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ["oslo_procurement", "suppliers", "criteria", "contracts", "followup"]


def _modules(root, apps):
    modules = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def import_graph(root=ROOT, apps=APPS):
    """``{module: {modules it imports}}`` over every module of the apps."""
    modules = _modules(root, apps)

    def deepest(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(deepest(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module
                for alias in node.names:
                    # ``from package import submodule`` imports the submodule.
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in modules else deepest(source))
        graph[name] = targets - {None, name}
    return graph


def cycles(graph):
    """The strongly connected components with more than one module (Tarjan's algorithm,
    iterative), each as a sorted list."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    assert len(graph) > 300  # every module of the apps was read
    assert cycles(graph) == []


def test_the_check_sees_a_circle_through_an_import_inside_a_function(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tasks.py").write_text("from . import services\n\ndef send(pk):\n    services.send(pk)\n")
    (package / "services.py").write_text("def order():\n    from .tasks import send\n\n    send.delay(1)\n")
    (package / "queue.py").write_text("import shop.tasks\n")
    graph = import_graph(tmp_path, ["shop"])
    assert graph["shop.services"] == {"shop.tasks"} and graph["shop.queue"] == {"shop.tasks"}
    assert cycles(graph) == [["shop.services", "shop.tasks"]]
