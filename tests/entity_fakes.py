"""Throwaway recognisers for testing the entity layer without a trained model.

They fill the recogniser interface of :class:`analysis.lang.LanguagePack`
(``find(text)`` and ``find_many(texts)`` giving ``(start, end, type, confidence)``) and are
used only by the tests: the real recogniser is the English pack's.
"""
from __future__ import annotations

import re


class ListRecogniser:
    """Finds exactly the names it is given (whole words, the longest first): the test says
    what the recogniser "saw", so the resolver is tested on its own."""

    def __init__(self, names: dict[str, str], confidence: float = 0.9):
        self.names = names
        self.confidence = confidence
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])") if names else None

    def find(self, text: str):
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.names[m.group()], self.confidence)
                for m in self.pattern.finditer(text)]

    def find_many(self, texts):
        return [self.find(t) for t in texts]


_CAPS = re.compile(r"(?<![\w'])[A-Z][\w.&\-]*(?:\s+(?:(?:of|for|the|de|du|and)\s+)?"
                   r"[A-Z][\w.&\-]*)*")
_ORG = {"ministry", "party", "union", "council", "committee", "agency", "court", "bank",
        "university", "news", "times", "post", "association", "department", "commission",
        "congress", "senate", "parliament", "police", "army", "government", "inc", "corp"}
_SKIP = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "At", "But",
         "And", "This", "That", "His", "Her", "Mr.", "Mrs.", "Ms.", "President", "Monday",
         "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


class CapitalisedRecogniser:
    """A crude stand-in: runs of capitalised words, typed by their words (an organisation
    word, a first name known to ``gender_guesser``, else place). Only for tests and for a
    rough figure while no trained model exists."""

    def __init__(self):
        import gender_guesser.detector as gd

        self.detector = gd.Detector(case_sensitive=False)

    def find(self, text: str):
        out = []
        for m in _CAPS.finditer(text):
            s, e = m.span()
            words = m.group().split()
            while words and words[0] in _SKIP:
                s += len(words[0]) + (len(m.group()[len(words[0]):]) -
                                      len(m.group()[len(words[0]):].lstrip()))
                words = words[1:]
                s = m.start() + m.group().find(words[0]) if words else e
            if not words:
                continue
            while text[e - 1] in ".,":
                e -= 1
            if text[e - 2:e] in ("'s", "\u2019s"):
                e -= 2
            if e <= s:
                continue
            low = {w.lower().strip(".") for w in words}
            if low & _ORG:
                kind = "organisation"
            elif len(words) >= 2 and self.detector.get_gender(words[0]) != "unknown":
                kind = "person"
            elif len(words) == 1 and text[s:e].isupper():
                kind = "organisation"
            else:
                kind = "place" if len(words) == 1 else "person"
            out.append((s, e, kind, 0.5))
        return out

    def find_many(self, texts):
        return [self.find(t) for t in texts]
