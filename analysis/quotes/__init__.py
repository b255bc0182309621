"""Quotes, sources and stance: who is quoted, how, and with what distance.

* :func:`find_quotes` pairs quotation marks (curly and straight, double and single, across
  paragraph breaks, nested), reports unbalanced marks, finds the speaker and the reporting verb,
  and sorts each quotation into a ``kind``: ``direct`` speech, a ``partial`` quote (a fragment of
  someone's words inside reported speech), a ``scare`` quote (a short unattributed phrase the
  writer keeps at a distance), a ``term`` or name in quotation marks, a ``nested`` quotation
  inside another one, and ``paraphrase`` for indirect speech without quotation marks.
* :func:`find_stance` marks reporting verbs by class (neutral, distancing, accusing, ...) and
  hedges, boosters, distancers and vague sources, with spans.
* :func:`sourcing_summary` says per article who speaks and how much.

Word lists live in ``data/lexicons/reporting.yml``. The part-of-speech tagger is the one that
ships with TextBlob (Pattern's lexicon tagger), so nothing is downloaded.

The modules of this package, one subject each:

========================  ====================================================================
``lexicon``               the reporting word list (:func:`load_reporting`)
``marks``                 quotation marks and how they pair (:func:`pair_quotes`)
``tokens``                tokens, part-of-speech tags and the word classes of the rules
``attribution``           the cue and the speaker of a quotation; pronoun speakers
``link``                  speakers linked to the actors of the codebook or the entity layer
``speakers``              speakers as actors: descriptions ("a friend", "officials") become
                          actors of their article, pronoun speakers join the mentions
``find``                  :func:`find_quotes` and the kinds of quotation
``stance``                :func:`find_stance`
``summary``               :func:`sourcing_summary`, :func:`unsourced_claims`
``highlight``             :func:`highlight_quotes`, the reading view
========================  ====================================================================

Known blind spots: speakers are found from the words next to a reporting verb, not from a
parse, so long or unusual subjects can be cut short; pronouns are resolved only to the last
named speaker of the article; quotations without any attribution in their sentence take the
speaker of a quotation in the previous sentence or two, which is usually but not always right.
"""
from __future__ import annotations

from .attribution import (SPEAKER_TYPES, _Attribution, _Windows, _apposition_left,  # noqa: F401
                          _attributions, _choose_attribution, _counts_something, _cue_at,
                          _fill_attribution, _named_subjects, _np_left, _np_right,
                          _resolve_pronoun, _speaker_type, _subject)
from .find import KINDS, QUOTE_COLUMNS, STATUSES, find_quotes  # noqa: F401
from .highlight import highlight_quotes  # noqa: F401
from .lexicon import (DEFAULT_LEXICON, LexiconError, ReportingLexicon, load_reporting,  # noqa: F401
                      _trie_pattern)
from .link import _link_actor, _mentions_by_doc  # noqa: F401
from .marks import QuoteSpan, QuoteWarning, pair_quotes  # noqa: F401
from .stance import STANCE_COLUMNS, _stance_words, _tag_at, find_stance  # noqa: F401
from .summary import SUMMARY_COLUMNS, sourcing_summary, unsourced_claims  # noqa: F401
from .tokens import (_PRONOUNS, _TOKEN, _Tok, _quote_blocks, _tag_tokens, _tokens,  # noqa: F401
                     _word_tag)

__all__ = [
    "DEFAULT_LEXICON", "KINDS", "QUOTE_COLUMNS", "SPEAKER_TYPES", "STANCE_COLUMNS", "STATUSES",
    "SUMMARY_COLUMNS", "LexiconError", "QuoteSpan", "QuoteWarning", "ReportingLexicon",
    "find_quotes", "find_stance", "highlight_quotes", "load_reporting", "pair_quotes",
    "sourcing_summary", "unsourced_claims",
]
