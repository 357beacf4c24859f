"""The house's size rules: no file of workflows over 500 lines, no function over 60 lines in the
apps where things happen (ruff's C901 keeps each under complexity 15)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
# The apps whose functions are held to the length rule.
SHORT_FUNCTION_APPS = ("workflows", "requisitions", "careers")


def _python_files(app: str):
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int]]:
    """(name, lines) of every function or method in `source` longer than `limit` lines."""
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_the_length_rule_finds_a_long_function():
    body = "\n".join(f"    x{n} = {n}" for n in range(60))
    assert long_functions(f"def short():\n    pass\n\ndef long():\n{body}\n") == [("long", 61)]


def test_no_file_of_workflows_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in _python_files("workflows")
        if (lines := len(path.read_text().splitlines())) > MAX_FILE_LINES
    }
    assert too_long == {}


def test_no_function_where_things_happen_is_over_60_lines():
    too_long = {
        f"{path.relative_to(ROOT)}:{name}": lines
        for app in SHORT_FUNCTION_APPS
        for path in _python_files(app)
        for name, lines in long_functions(path.read_text())
    }
    assert too_long == {}
