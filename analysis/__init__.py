"""Helper package for the media-analysis notebooks.

Importing it registers the project's offline NLTK data (see :mod:`analysis.nltk_setup`),
so sentence splitting works without any download.
"""
from . import nltk_setup as _nltk_setup

_nltk_setup.register()

from .clean import clean_text, cleaning_changes  # noqa: E402
from .load import load_corpus, read_article  # noqa: E402
from .segment import split_sentences, split_paragraphs  # noqa: E402

__all__ = [
    "clean_text",
    "cleaning_changes",
    "load_corpus",
    "read_article",
    "split_paragraphs",
    "split_sentences",
]
__version__ = "0.1.0"
