"""Packaging: what the code imports is declared, pins are split by purpose, a missing extra is E035."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest

from newsdesk.errors import ExtraNotInstalled
from newsdesk.extras import EXTRA_OF, require

from .conftest import ROOT

SRC = ROOT / "src" / "newsdesk"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Modules that come with a declared dependency and are imported directly (fastapi's starlette,
# scikit-learn's scipy); they need no line of their own.
TRANSITIVE = {"starlette": "fastapi", "scipy": "scikit-learn"}


def _name(requirement: str) -> str:
    """'psycopg[binary]>=3.2' → 'psycopg'; names compared the way PyPI does (case, - _ .)."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0]).lower()


def _imported_modules() -> set[str]:
    """Top-level third-party modules imported anywhere in the package (lazily or not)."""
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "newsdesk"}


def _distribution(module: str) -> str:
    dists = packages_distributions().get(module)
    assert dists, f"{module} is imported but not installed in the test environment"
    return _name(dists[0])


def _pins(filename: str) -> set[str]:
    lines = (ROOT / filename).read_text(encoding="utf-8").splitlines()
    return {_name(line) for line in lines if line.strip() and not line.startswith("#")}


def test_every_imported_module_is_declared():
    default = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = {extra: {_name(r) for r in reqs} for extra, reqs in PYPROJECT["project"]["optional-dependencies"].items()}
    for module in _imported_modules():
        if module in TRANSITIVE:
            assert _name(TRANSITIVE[module]) in default, module
            continue
        dist = _distribution(module)
        if module in EXTRA_OF:
            assert dist in extras[EXTRA_OF[module]], f"{module} ({dist}) missing from extra {EXTRA_OF[module]}"
            assert dist not in default, f"{dist} is optional: it belongs to an extra, not the default install"
        else:
            assert dist in default, f"{module} ({dist}) is imported by default commands but not declared"


def test_pins_are_split_by_purpose():
    runtime = _pins("requirements.txt")
    assert {_name(r) for r in PYPROJECT["project"]["dependencies"]} <= runtime
    # test tooling, build-only and optional packages stay out of the runtime pins
    assert not runtime & (_pins("requirements-test.txt") | _pins("requirements-build.txt"))
    assert not runtime & (_pins("requirements-postgres.txt") | _pins("requirements-bench.txt"))
    for extra, filename in [("postgres", "requirements-postgres.txt"), ("bench", "requirements-bench.txt"),
                            ("ray", "requirements-ray.txt"), ("test", "requirements-test.txt"),
                            ("pandas", "requirements-pandas.txt")]:
        declared = {_name(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]}
        assert declared <= _pins(filename), extra
    # rapidfuzz is kept; libraries that duplicate it are not pinned, nor imported
    every = set().union(*(_pins(p.name) for p in ROOT.glob("requirements*.txt")))
    assert "thefuzz" not in every and "fuzzywuzzy" not in every
    assert "thefuzz" not in _imported_modules()


def test_require_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the bench extra were not installed
    with pytest.raises(ExtraNotInstalled) as raised:
        require("matplotlib", "--plot")
    assert raised.value.code == "E035"
    assert "pip install 'newsdesk[bench]'" in raised.value.message and "--plot" in raised.value.message


def test_missing_extra_is_a_numbered_error_not_a_traceback():
    """A PostgreSQL store without psycopg: E035 with the install line, exit 2, no traceback."""
    program = ("import sys; sys.modules['psycopg'] = None; sys.argv = ['newsdesk', 'failures', '--db', "
               "'postgresql://reader:secret@127.0.0.1:1/none']; from newsdesk.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "E035" in result.stderr and "pip install 'newsdesk[postgres]'" in result.stderr
    assert "Traceback" not in result.stderr and "secret" not in result.stderr
