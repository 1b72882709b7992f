"""No module of the project uses a private name of another package: the next release of Dagster,
dagster-dbt, dbt, GX or the standard library may change or remove any of them without a word.

Private means a module or attribute whose name starts with an underscore, reached from another
package: ``from dagster._core.x import y``, ``import dagster._utils``, ``from x import _y``, or
``module._name`` on a module imported from elsewhere; nor (outside the tests) assigns to an
attribute of another package's module. The project's own modules (``orchestration``,
``sources``, ``bench``, ``dashboard``, ``tests``) may use their own underscores.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCANNED = ("orchestration", "sources", "bench", "dashboard", "tests")
OWN = {*SCANNED, "conftest"}
# Documented public despite the underscore: https://docs.python.org/3/library/os.html#os._exit
DOCUMENTED = {"os._exit"}
# Meant to be set by programs: https://docs.python.org/3/library/sys.html#sys.argv
SETTABLE = {"sys.argv"}


def _private(dotted: str) -> bool:
    parts = dotted.split(".")
    return any(part.startswith("_") and not (part.startswith("__") and part.endswith("__")) for part in parts)


def _is_own(module: str) -> bool:
    return module.split(".")[0] in OWN


def private_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    found: list[str] = []
    foreign_modules: dict[str, str] = {}  # local name -> module it names, for modules of other packages
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_own(alias.name):
                    continue
                if _private(alias.name):
                    found.append(f"{where}:{node.lineno}: import {alias.name}")
                local = alias.asname or alias.name.split(".")[0]
                foreign_modules[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _is_own(node.module):
                continue
            if _private(node.module):
                found.append(f"{where}:{node.lineno}: from {node.module} import ...")
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
                else:
                    foreign_modules.setdefault(alias.asname or alias.name, f"{node.module}.{alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in foreign_modules
            and _private(node.attr)
            and f"{foreign_modules[node.value.id]}.{node.attr}" not in DOCUMENTED
        ):
            found.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr} ({foreign_modules[node.value.id]})")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            # Replacing an attribute of another package's module (a monkeypatch in production code).
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in foreign_modules
                    and f"{target.value.id}.{target.attr}" not in SETTABLE
                    and where.parts[0] != "tests"
                ):
                    found.append(f"{where}:{node.lineno}: replaces {target.value.id}.{target.attr}")
    return found


def test_the_scanner_finds_each_kind_of_private_use(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import dagster._core.storage\n"
        "from dagster._core.log_manager import get_log_record_metadata\n"
        "from concurrent.futures.process import _ExceptionWithTraceback\n"
        "import concurrent.futures as cf\n"
        "cf._base\n"
        "from orchestration.checks import gx_runner\n"
        "gx_runner._current\n"  # the project's own: allowed
        "import dagster_dbt.core.dbt_cli_invocation as invocation\n"
        "invocation.subprocess = None\n"
    )
    found = private_uses(sample)
    assert sorted(int(line.split(": ", 1)[0].rsplit(":", 1)[1]) for line in found) == [1, 2, 3, 5, 9], found


def test_no_module_uses_a_private_name_of_another_package() -> None:
    found = [
        use
        for folder in SCANNED
        for path in sorted((REPO / folder).rglob("*.py"))
        if ".venv" not in path.parts
        for use in private_uses(path)
    ]
    assert not found, "private names of other packages:\n" + "\n".join(found)
