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
