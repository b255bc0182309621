import shutil
import warnings
from pathlib import Path

import pytest

from analysis import config


@pytest.fixture
def seed_path():
    return config.RAW_DIR / "seed_belarus.txt"


def eval_file(*parts):
    """A path under the shared benchmark data, or skip the test when it is not there."""
    path = config.EVAL_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"benchmark data not present: {path.name} (looked in ../shared/eval)")
    return path


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture(scope="session")
def hostile_reports(tmp_path_factory):
    """The reports of every notebook on the hostile corpus (``corpus_shapes.HOSTILE``, in a
    folder whose name carries markup too), built once for the checks on the exported HTML
    and for the browser tests. Returns the report folder."""
    from analysis.report import build_reports
    from corpus_shapes import write_shape

    root = tmp_path_factory.mktemp("hostile")
    corpus = write_shape("hostile", root / 'news<img src=x onerror="alert(1)">')
    out = root / "reports"
    build_reports(corpus, out, log=lambda *a, **k: None)
    return out


# Chromium for the browser tests: Debian's package, driven by Playwright (`make browsers`).
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'; run `make browsers`)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed (run `make browsers`)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()
