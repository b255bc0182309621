"""Helper package for the media-analysis notebooks.

Importing it registers the project's offline NLTK data (see :mod:`analysis.nltk_setup`),
so sentence splitting works without any download.
"""
from . import nltk_setup as _nltk_setup

_nltk_setup.register()

from .clean import clean_text, cleaning_changes  # noqa: E402
from .load import load_corpus, read_article  # noqa: E402
from .segment import split_sentences, split_paragraphs  # noqa: E402

# The analyses are imported on first use, so `import analysis` stays quick.
_LAZY = {
    "score_sentences": "sentiment", "score_text": "sentiment", "explain_sentence": "sentiment",
    "load_actors": "actors", "find_mentions": "actors", "suggest_actors": "actors",
    "score_targets": "tone", "actor_tone": "tone", "article_tone": "tone",
    "load_frames": "frames", "tag_frames": "frames", "frame_profile": "frames",
    "article_frames": "frames", "keyword_in_context": "frames",
    "find_quotes": "quotes", "find_stance": "quotes", "sourcing_summary": "quotes",
    "render_article": "highlight",
    "analyze_corpus": "pipeline",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


__all__ = [
    "clean_text",
    "cleaning_changes",
    "load_corpus",
    "read_article",
    "split_paragraphs",
    "split_sentences",
    *_LAZY,
]
__version__ = "0.1.0"
