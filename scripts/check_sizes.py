"""Lists the modules over DESIGN.md's size (about 400 lines) and the functions over about 60 lines,
longest first, so a review can start with the worst. Migrations are left out; test modules may be
longer (a feature's tests read best together), so only their functions are counted with --tests.

    python scripts/check_sizes.py            # the report; exit status 0
    python scripts/check_sizes.py --strict   # exit status 1 when anything is listed (for CI)
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

SKIPPED_FOLDERS = {".venv", "node_modules", "migrations", ".git", "static", "staticfiles", "var"}


def python_files(root: Path, *, tests: bool) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.py")):
        parts = set(path.relative_to(root).parts)
        if parts & SKIPPED_FOLDERS or ("tests" in parts and not tests):
            continue
        files.append(path)
    return files


def oversized(root: Path, *, module_limit: int, function_limit: int, tests: bool) -> list[tuple[int, str]]:
    """(lines, description) of each module and function over its limit."""
    found = []
    for path in python_files(root, tests=tests):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root)
        lines = len(text.splitlines())
        if lines > module_limit and "tests" not in name.parts:
            found.append((lines, f"module    {name}"))
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > function_limit:
                    found.append((length, f"function  {name}:{node.lineno} {node.name}"))
    return sorted(found, key=lambda item: (-item[0], item[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=400, help="longest module, in lines (400)")
    parser.add_argument("--functions", type=int, default=60, help="longest function, in lines (60)")
    parser.add_argument("--tests", action="store_true", help="count the test functions too")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is over")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    found = oversized(root, module_limit=args.modules, function_limit=args.functions, tests=args.tests)
    for lines, what in found:
        print(f"{lines:5d}  {what}")
    if not found:
        print(f"No module over {args.modules} lines and no function over {args.functions}.")
    return 1 if found and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
