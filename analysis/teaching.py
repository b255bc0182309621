"""Student and teacher copies of the notebooks.

One source notebook holds both the exercises and their solutions (cells tagged
``solution``). The student copy empties each solution cell, leaving a placeholder; the
teacher copy keeps them. Both copies have their outputs cleared, so they open clean.

Command line (``make student``)::

    python -m analysis.teaching [NOTEBOOK_DIR] --student student --teacher teacher
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from .config import NOTEBOOK_DIR, PROJECT_ROOT

SOLUTION_TAG = "solution"
CODE_PLACEHOLDER = "# Your answer here"
MARKDOWN_PLACEHOLDER = "*Your answer here.*"


def is_solution(cell) -> bool:
    """True when the cell is tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def clear_outputs(nb):
    """A copy of ``nb`` with every output and execution count removed."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def make_student_copy(nb):
    """A copy of ``nb`` whose ``solution`` cells hold only a placeholder ("# Your answer here"
    in a code cell, "*Your answer here.*" in a Markdown cell); outputs cleared. The cells keep
    their tags, so the copy has the same shape as the source."""
    nb = clear_outputs(nb)
    for cell in nb.cells:
        if is_solution(cell):
            cell.source = CODE_PLACEHOLDER if cell.cell_type == "code" else MARKDOWN_PLACEHOLDER
            cell.pop("attachments", None)
    return nb


def make_teacher_copy(nb):
    """A copy of ``nb`` with the solutions kept; outputs cleared."""
    return clear_outputs(nb)


def write_teaching_copies(notebook_dir: str | Path = NOTEBOOK_DIR, *,
                          student: str | Path = PROJECT_ROOT / "student",
                          teacher: str | Path = PROJECT_ROOT / "teacher") -> list[Path]:
    """Write a student and a teacher copy of every numbered notebook in ``notebook_dir``.

    Returns the files written. Raises ``FileNotFoundError`` when there are no notebooks.
    """
    import nbformat

    sources = sorted(Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no numbered notebooks (NN_name.ipynb) in {notebook_dir}")
    written = []
    for folder, make in ((Path(student), make_student_copy), (Path(teacher), make_teacher_copy)):
        folder.mkdir(parents=True, exist_ok=True)
        for src in sources:
            nb = nbformat.read(str(src), as_version=4)
            target = folder / src.name
            nbformat.write(make(nb), str(target))
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.teaching",
                                     description="Write student copies (solutions emptied) and "
                                                 "teacher copies (solutions kept) of the notebooks.")
    parser.add_argument("notebooks", nargs="?", type=Path, default=NOTEBOOK_DIR,
                        help="folder of numbered notebooks (default: notebooks/)")
    parser.add_argument("--student", type=Path, default=PROJECT_ROOT / "student")
    parser.add_argument("--teacher", type=Path, default=PROJECT_ROOT / "teacher")
    args = parser.parse_args(argv)
    try:
        written = write_teaching_copies(args.notebooks, student=args.student, teacher=args.teacher)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n = len(written) // 2
    print(f"{n} notebooks -> {args.student}/ (solutions emptied), {args.teacher}/ (with solutions)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
