"""The layout is the architecture (DESIGN.md, Architecture): the project package holds configuration,
each app one part of the domain or one way in, and imports point one way. These tests read the source
with ``ast`` (every import, at module level or inside a function) so a change that bends the layout
fails here, not in a reviewer's head."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]

# What each app may import from: the apps below it in DESIGN.md's direction
# contributors ← articles ← bulletin ← {distribution, infowork} ← {formats, reader, desk} ← config.
BELOW = {
    "contributors": set(),
    "articles": {"contributors"},
    "bulletin": {"contributors", "articles"},
    "distribution": {"contributors", "articles", "bulletin"},
    "infowork": {"contributors", "articles", "bulletin"},
    "formats": {"contributors", "articles", "bulletin", "distribution", "infowork"},
    # The reader links the downloads the exporters declare; the exporters know nothing of the reader.
    "reader": {"contributors", "articles", "bulletin", "distribution", "infowork", "formats"},
    "desk": {"contributors", "articles", "bulletin", "distribution", "infowork", "formats"},
    "config": {
        "contributors",
        "articles",
        "bulletin",
        "distribution",
        "infowork",
        "formats",
        "reader",
        "desk",
    },
}
MAX_LINES = 600


def _modules():
    for app in BELOW:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The dotted names of everything ``path`` imports (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            # ``from reader import cache`` imports the module reader.cache
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_it_keeps_imports_pointing_down():
    wrong = []
    for app, path in _modules():
        for imported in _imports(path):
            target = imported.split(".")[0]
            if target in BELOW and target != app and target not in BELOW[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert wrong == [], "\n".join(wrong)


def test_it_has_no_import_circle_between_modules():
    names = {_module_name(path): path for _app, path in _modules()}
    graph = {
        name: {imported for imported in _imports(path) if imported in names and imported != name}
        for name, path in names.items()
    }
    # A package's __init__ importing its own submodules is how a package re-exports; not a circle.
    for name in graph:
        graph[name] = {
            target for target in graph[name] if not (target.startswith(name + ".") and name in names)
        }
    circles = []
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" → ".join(trail[trail.index(target) :] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == [], "\n".join(circles)


def test_it_keeps_modules_short():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for _app, path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == [], "\n".join(long)


def test_the_project_package_has_no_models():
    assert list(apps.get_app_config("config").get_models()) == []
    assert not (ROOT / "config" / "models.py").exists()


@pytest.mark.parametrize("label", ["bulletin", "reader", "formats", "desk", "infowork", "config"])
def test_each_part_is_an_app_of_its_own(label):
    assert apps.get_app_config(label).path == str(ROOT / label)
