"""The app's modules lie in layers: each imports only modules below it (dates, search and dataversion
at the bottom, then caching, querysets, models, triggers, filters, and what is built on
them), so none imports another back, and none hides an import inside a function to dodge a
cycle."""

import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "incidents"
# The app's lower layers, bottom first (README.md's layout); everything else is built on them.
LAYERS = [
    "incidents.dates",
    "incidents.localise",
    "incidents.date_input",
    "incidents.search",
    "incidents.outlines",
    "incidents.dataversion",
    "incidents.caching",
    "incidents.querysets",
    "incidents.models",
    "incidents.tallies",
    "incidents.triggers",
    "incidents.found_words",
    "incidents.filter_fields",
    "incidents.filters",
]
# AppConfig.ready() is where Django lets an app reach its models' modules at start-up.
FUNCTION_LEVEL_IMPORTS_ALLOWED = {"incidents.apps"}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules():
    return {module_name(path): path for path in APP.rglob("*.py") if "migrations" not in path.parts}


def imported(node, module, is_package, modules):
    """The app's modules that an import statement in `module` brings in."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    if node.level:
        package = module.split(".")[: len(module.split(".")) - node.level + is_package]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    submodules = {f"{base}.{alias.name}" for alias in node.names} & modules.keys()
    return submodules or ({base} & modules.keys())


def imports_of(module, path, modules):
    """{imported module: True if any of its imports sits inside a function}."""
    tree = ast.parse(path.read_text())
    found = {}
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    inside = {id(n) for function in functions for n in ast.walk(function)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in imported(node, module, path.name == "__init__.py", modules):
                found[name] = found.get(name, False) or id(node) in inside
    return found


def test_each_lower_layer_imports_only_the_layers_below_it():
    modules = app_modules()
    for position, module in enumerate(LAYERS):
        assert set(imports_of(module, modules[module], modules)) <= set(LAYERS[:position]), module


def test_the_apps_modules_import_one_another_without_a_cycle():
    modules = app_modules()
    graph = {module: set(imports_of(module, path, modules)) - {module} for module, path in modules.items()}
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError, naming the cycle


def test_no_module_imports_the_app_inside_a_function():
    modules = app_modules()
    hidden = {
        (module, name)
        for module, path in modules.items()
        for name, in_function in imports_of(module, path, modules).items()
        if in_function and module not in FUNCTION_LEVEL_IMPORTS_ALLOWED
    }
    assert hidden == set()
