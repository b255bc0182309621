import warnings

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
