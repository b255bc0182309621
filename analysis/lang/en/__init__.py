"""The English pack: the recogniser of person, organisation and place names (a CRF model
trained in this project, see :mod:`analysis.lang.en.ner`)."""
from __future__ import annotations

from .. import LanguagePack


class EnglishPack(LanguagePack):
    code = "en"
    name = "English"

    def entity_recogniser(self):
        from .ner import load_recogniser

        return load_recogniser()


PACK = EnglishPack()
