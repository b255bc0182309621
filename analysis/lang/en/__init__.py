"""The English pack: the recogniser of person, organisation and place names (a CRF model
trained in this project, see :mod:`analysis.lang.en.ner`), with the type of a "person" set
right where its last word or an organisation noun beside it says otherwise
(:mod:`analysis.lang.en.name_types`)."""
from __future__ import annotations

from .. import LanguagePack


class EnglishPack(LanguagePack):
    code = "en"
    name = "English"

    def entity_recogniser(self):
        if self._recogniser is None:
            from .name_types import TypedRecogniser
            from .ner import load_recogniser

            self._recogniser = TypedRecogniser(load_recogniser())
        return self._recogniser

    _recogniser = None


PACK = EnglishPack()
