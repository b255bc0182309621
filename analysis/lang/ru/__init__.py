"""The Russian pack: sentences and tokens (razdel), lemmas (pymorphy3), names (the slovnet
news model from natasha), sentiment (a linear model over lemmas and word vectors fitted on
RuSentNE-2023), quotes and reported speech in Russian conventions, and frame cues matched by
lemma.

Every part works on plain text and returns the shapes of the English analyses, offsets into
the text it was given. The parts live in small modules beside this file, each with its known
blind spots: :mod:`.segment`, :mod:`.morph`, :mod:`.ner`, :mod:`.actors`, :mod:`.sentiment`,
:mod:`.quotes`, :mod:`.frames`; the word lists and the fitted sentiment model are data files
beside them (``reporting.yml``, ``sentiment_seed.csv``, ``sentiment_model.csv``,
``sentiment_vectors.csv``) and in ``data/lexicons/frames_ru.yml``.
"""
from __future__ import annotations

from .. import LanguagePack


class RussianPack(LanguagePack):
    code = "ru"
    name = "Russian"

    # -- sentences, tokens, lemmas --------------------------------------------------------
    def split_sentences(self, paragraph_text: str) -> list[tuple[int, int]]:
        """``[(start, end), ...]`` of the sentences of one paragraph (razdel)."""
        from .segment import split_sentences

        return split_sentences(paragraph_text)

    def tokens(self, text: str) -> list[tuple[int, int, str]]:
        """``[(start, end, word), ...]``."""
        from .segment import tokens

        return tokens(text)

    def lemmas(self, text: str) -> list[tuple[int, int, str, str]]:
        """``[(start, end, word, lemma), ...]`` (pymorphy3, cached per word form)."""
        from .morph import lemmas

        return lemmas(text)

    # -- names and actors -------------------------------------------------------------------
    def entity_recogniser(self):
        """:class:`.ner.RussianRecogniser` (``find``, ``find_many``), loaded once."""
        from .ner import load_recogniser

        return load_recogniser()

    def normal_form(self, text: str, start: int, end: int, type: str | None = None) -> str:
        """The name ``text[start:end]`` in the nominative ("Марии Захаровой" -> "Мария
        Захарова")."""
        from .ner import normal_form

        return normal_form(text, start, end, type)

    def actor_key(self, name: str, type: str) -> str:
        """A key shared by every inflected form of a name (see :func:`.actors.actor_key`)."""
        from .actors import actor_key

        return actor_key(name, type)

    def resolve_actor(self, name: str, type: str, codebook=None) -> str | None:
        """The codebook actor id of a Russian name (matched by lemma on ``aliases_ru``), or
        ``None``. ``codebook`` defaults to ``data/lexicons/actors.yml``."""
        from .actors import resolve

        return resolve(name, type, _keys(codebook))

    # -- sentiment ----------------------------------------------------------------------------
    def score_sentence(self, text: str) -> tuple[float, str]:
        """``(score in [-1, 1], label)`` of a sentence."""
        from .sentiment import score_sentence

        return score_sentence(text)

    def score_target(self, text: str, start: int, end: int) -> tuple[float, str]:
        """``(score, label)`` of the tone toward ``text[start:end]``."""
        from .sentiment import score_target

        return score_target(text, start, end)

    def explain_sentence(self, text: str, *, target=None) -> list[tuple[int, int, str, str, float]]:
        """``[(start, end, word, lemma, share), ...]``; the shares sum to the score."""
        from .sentiment import explain_sentence

        return explain_sentence(text, target=target)

    # -- quotes and frames --------------------------------------------------------------------
    def find_quotes(self, text: str, *, paraphrase: bool = True):
        """The quotes table of one text (see :func:`.quotes.find_quotes` for the columns)."""
        from .quotes import find_quotes

        return find_quotes(text, paraphrase=paraphrase)

    def tag_frames(self, text: str, *, codebook=None) -> list[tuple[int, int, str, str]]:
        """``[(start, end, frame, cue), ...]`` with ``data/lexicons/frames_ru.yml``."""
        from .frames import tag_frames

        return tag_frames(text, codebook=codebook)

    def article_frames(self, frame_table, words, **kw):
        """Frames present per article (see :func:`.frames.article_frames`)."""
        from .frames import article_frames

        return article_frames(frame_table, words, **kw)

    # -- all analyses ---------------------------------------------------------------------------
    def analyse(self, articles, *, codebooks=None) -> dict:
        """The pipeline's tables for Russian ``articles`` (see :func:`.analyse.analyse_articles`)."""
        from .analyse import analyse_articles

        return analyse_articles(articles, self, codebooks=codebooks)


_KEYS: dict = {}


def _keys(codebook):
    from ...actors import load_actors
    from .actors import codebook_keys

    if codebook is not None:  # a codebook given: its keys (quick, the parses are cached)
        return codebook_keys(codebook)
    if "default" not in _KEYS:
        _KEYS["default"] = codebook_keys(load_actors())
    return _KEYS["default"]


PACK = RussianPack()
