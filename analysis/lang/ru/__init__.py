"""The Russian pack (being built): see the module docstrings beside this file."""
from __future__ import annotations

from .. import LanguagePack


class RussianPack(LanguagePack):
    code = "ru"
    name = "Russian"


PACK = RussianPack()
