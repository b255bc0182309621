"""Where things are. Every path the package and the notebooks use comes from here.

Relative paths given by a user (a notebook parameter, a command-line argument) are resolved
against the current directory first and then against the project root, so notebooks that run
from ``notebooks/`` and commands that run from the checkout find the same files.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
NLTK_DATA_DIR = RESOURCES_DIR / "nltk_data"

DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
LEXICON_DIR = DATA_DIR / "lexicons"
GOLD_DIR = DATA_DIR / "gold"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

# Benchmark data made by others lives beside the project, never inside it.
SHARED_DIR = Path(os.environ.get("MEDIA_ANALYSIS_SHARED", PROJECT_ROOT.parent / "shared"))
EVAL_DIR = SHARED_DIR / "eval"
CORPORA_DIR = SHARED_DIR / "corpora"


def project_path(path: str | os.PathLike) -> Path:
    """Resolve ``path``: absolute as given, else relative to the current directory if it
    exists there, else relative to the project root."""
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    return PROJECT_ROOT / p
