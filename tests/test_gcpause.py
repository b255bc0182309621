"""The cyclic collector is paused inside the entity layer's batch calls and left as found."""
import gc

import pandas as pd
import pytest

from analysis import entities, tone
from analysis.gcpause import gc_paused


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_state_inside_and_after(collector, enabled_before):
    gc.enable() if enabled_before else gc.disable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner block does not turn it back on
            pass
        assert not gc.isenabled()
    assert gc.isenabled() is enabled_before


@pytest.mark.parametrize("enabled_before", [True, False])
def test_restored_after_an_error(collector, enabled_before):
    gc.enable() if enabled_before else gc.disable()

    @gc_paused()
    def fails():
        assert not gc.isenabled()
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        fails()
    assert gc.isenabled() is enabled_before


@pytest.mark.parametrize("func", [entities.find_actors, entities.actor_table,
                                  tone.score_targets, tone.article_tone])
def test_entry_points_keep_name_and_doc(func):
    inner = func.__wrapped__
    assert (func.__name__, func.__doc__) == (inner.__name__, inner.__doc__)


def test_score_targets_runs_paused_and_scores_the_same(collector):
    seen = []
    real = tone._feature_table

    def spy(*args, **kw):
        seen.append(gc.isenabled())
        return real(*args, **kw)

    df = pd.DataFrame({"text": ["I like Peter but I don't like Robert."],
                       "start": [7], "end": [12]})
    gc.enable()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tone, "_feature_table", spy)
        paused = tone.score_targets(df)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    plain = tone.score_targets.__wrapped__(df)
    pd.testing.assert_frame_equal(paused, plain)
    assert paused["target_label"].tolist() == ["positive"]
