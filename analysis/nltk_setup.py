"""Offline NLTK data written by this project, registered when ``analysis`` is imported.

NLTK and TextBlob look for downloaded resources (``punkt_tab`` for sentence splitting,
``stopwords``) and fail without them. Nothing here downloads anything. Instead the project
ships its own small resources, built from two word lists it authors:

* ``resources/abbreviations.txt`` -> Punkt parameters in
  ``resources/nltk_data/tokenizers/punkt_tab/english/``;
* ``resources/stopwords.txt`` -> ``resources/nltk_data/corpora/stopwords/english``.

:func:`register` appends that folder to ``nltk.data.path``: a user's own NLTK data, if any,
is found first and keeps working; where it is missing, ours fills the gap, so
``nltk.sent_tokenize`` and ``TextBlob(text).sentences`` work offline.

After editing a word list, rebuild the files with ``python -m analysis nltk-data``.
"""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import nltk
from nltk.tokenize.punkt import PunktParameters, save_punkt_params

from .config import NLTK_DATA_DIR, RESOURCES_DIR

PUNKT_DIR = NLTK_DATA_DIR / "tokenizers" / "punkt_tab" / "english"
STOPWORDS_FILE = NLTK_DATA_DIR / "corpora" / "stopwords" / "english"

# Words that, capitalised after an abbreviation or an ellipsis, start a new sentence
# ("... in the U.S. The president said" splits after "U.S."). Punkt's own trained
# models learn such a list; ours is written by hand.
SENTENCE_STARTERS = """
the a an this that these those it its he she they we i you his her their our there here
but and yet so however meanwhile still also then now when while although though if as
in on at after before during since for from by with according last earlier later
many most some several both each all no none one two three
""".split()


def read_word_list(path: Path) -> list[str]:
    """Lines of a word-list file, without comments, blank lines or duplicates (order kept)."""
    words: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word and word not in words:
            words.append(word)
    return words


class _Zeros(dict):
    """Orthographic context that answers 0 for unseen words without storing them (Punkt's
    default ``defaultdict`` would grow with every word type the splitter ever sees)."""

    def __missing__(self, key):
        return 0


@lru_cache(maxsize=1)
def punkt_parameters() -> PunktParameters:
    """Punkt parameters from the project's abbreviation list (cached)."""
    params = PunktParameters()
    params.ortho_context = _Zeros()
    abbrevs = set(read_word_list(RESOURCES_DIR / "abbreviations.txt"))
    # Single letters are initials ("J. K. Rowling", "George W. Bush"), not sentence ends.
    abbrevs.update("abcdefghijklmnopqrstuvwxyz")
    params.abbrev_types = abbrevs
    params.sent_starters = set(SENTENCE_STARTERS)
    return params


def register() -> None:
    """Make the project's NLTK data findable (appended: a user's own data comes first)."""
    folder = str(NLTK_DATA_DIR)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)


def build(target: Path = NLTK_DATA_DIR) -> Path:
    """Write the Punkt tab files and the stop-word list below ``target``; return ``target``.

    NLTK only writes inside folders on ``nltk.data.path``, into a private staging folder;
    the files are written there and copied into place.
    """
    target = Path(target)
    punkt_dir = target / "tokenizers" / "punkt_tab" / "english"
    stop_file = target / "corpora" / "stopwords" / "english"
    with tempfile.TemporaryDirectory() as tmp:
        nltk.data.path.insert(0, tmp)
        try:
            staged = Path(save_punkt_params(punkt_parameters(), dir=str(Path(tmp) / "punkt")))
        finally:
            nltk.data.path.remove(tmp)
        punkt_dir.mkdir(parents=True, exist_ok=True)
        for f in sorted(staged.iterdir()):
            # sets are written in hash order: sort the lines so the files are reproducible
            lines = sorted(line for line in f.read_text(encoding="utf-8").splitlines() if line)
            (punkt_dir / f.name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    stop_file.parent.mkdir(parents=True, exist_ok=True)
    stop_file.write_text("\n".join(read_word_list(RESOURCES_DIR / "stopwords.txt")) + "\n",
                         encoding="utf-8")
    return target

