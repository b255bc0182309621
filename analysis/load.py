"""Loading articles into the articles table, one row per input document.

Nothing is dropped: a document that cannot be analysed stays in the table with a ``status``
other than ``ok`` and a ``message`` that names the file and the problem, and a warning is
issued as it is read.
"""
from __future__ import annotations

import codecs
import csv
import json
import os
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import yaml

from .clean import clean_text
from .config import project_path

ARTICLE_COLUMNS = [
    "doc_id", "source_path", "title", "outlet", "published", "url", "language",
    "raw_text", "text", "status", "message", "encoding", "encoding_reason",
]
"""Columns every articles table has, in this order; extra metadata columns follow."""

STATUSES = {
    "ok": "read and cleaned; analysed",
    "empty": "no text (empty file, white space only, or a row without text)",
    "error": "could not be read (binary file, undecodable bytes, broken row)",
    "unsupported": "a file type the loader does not read",
    "skipped": "not read: a link that leads out of the corpus folder, or to a folder",
}
"""Every value the ``status`` column can take."""

MAX_CHARS = 2_000_000
"""The longest article (in characters, as decoded) that is analysed; a longer one is kept as
an ``error`` row. :func:`load_corpus`, :func:`analysis.pipeline.analyze_corpus` and the command
line all use this limit."""
MAX_FRONT_MATTER_CHARS = 64_000
"""The longest YAML front-matter block that is read."""
MAX_JSON_DEPTH = 100
"""The deepest nesting of arrays and objects read in a JSON line."""
OUTPUT_MARKER = ".media-analysis-output"
"""A file that marks a folder this project wrote (reports, tables): the loader never reads
such a folder as part of a corpus."""
ENCODING_ENV = "MEDIA_ANALYSIS_ENCODING"
"""When set, the encoding every file is read with unless one is given (reports set it for
the notebooks they run when ``--encoding`` is given)."""

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES
TEXT_COLUMN_NAMES = ("text", "body", "content", "document", "article")
ID_COLUMN_NAMES = ("doc_id", "id")
METADATA_KEYS = ("title", "outlet", "published", "url", "language")

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_PREFERRED = ["utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250",
              "iso8859_2", "mac_roman"]
# the single-byte encodings tried when a text is not UTF-8, most widely used first
LEGACY_ENCODINGS = ("cp1252", "latin-1", "iso8859-15", "cp1250", "iso8859-2", "cp1251",
                    "koi8-r", "iso8859-5", "mac_cyrillic")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\n")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


class LoadWarning(UserWarning):
    """A document could not be read normally; the articles table says why."""


# ---------------------------------------------------------------------------------------------
# bytes -> str


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. See :func:`detect_encoding`."""
    text, used, _reason = detect_encoding(data, encoding=encoding)
    return text, used


def detect_encoding(data: bytes, *, encoding: str | None = None) -> tuple[str, str, str]:
    """Decode ``data``; return ``(text, encoding, reason)``.

    ``encoding`` forces one (a byte that does not fit it raises ``ValueError``). Otherwise a
    byte-order mark decides first, then strict UTF-8; a text that is neither is decoded with
    each single-byte encoding of :data:`LEGACY_ENCODINGS` and the one whose text reads most
    like prose is chosen (see :func:`_plausibility`: words in one script with ordinary
    capitals, common words of the languages those encodings are used for, no stray symbols or
    control characters). This decides short texts, where a statistical detector guesses; a
    text that reads badly in all of them goes to charset-normalizer. ``reason`` says in words
    why the encoding was chosen. Raises ``ValueError`` for binary data (a known file signature,
    NUL bytes, or no plausible text encoding): bytes are never silently dropped.
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"binary data: looks like {what}, not text")
    if encoding is not None:
        name = codecs.lookup(encoding).name
        try:
            return data.decode(name), name, "given"
        except UnicodeDecodeError as exc:
            raise ValueError(f"cannot be decoded as {encoding}: byte 0x{data[exc.start]:02x} at "
                             f"position {exc.start} does not fit it") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name), name, "byte-order mark"
    try:
        return data.decode("utf-8"), "utf-8", "valid UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ValueError("binary data: contains NUL bytes and no UTF-16 byte-order mark")
    # the lines with a byte outside ASCII are where the encodings differ (at most ~100 kB)
    sample = bytearray()
    for line in data.split(b"\n"):
        if not line.isascii():
            sample += line + b"\n"
            if len(sample) > 100_000:
                break
    scored = []
    for rank, name in enumerate(LEGACY_ENCODINGS):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score, facts = _plausibility(text)
        scored.append((score - rank / 100, rank, name, text, facts))
    best_score, rank, name, chosen, facts = max(scored)
    text = data.decode(name)
    if best_score + rank / 100 < 0:
        found = _charset_normalizer(data)
        if found is not None:
            return found
    if name == "cp1252" and not re.search(rb"[\x80-\x9f]", data):
        name = "latin-1"  # the two agree on these bytes; Latin-1 is the narrower claim
    others = sum(1 for *_, t, _f in scored if t != chosen)
    reason = (f"not UTF-8; of {len(scored)} single-byte encodings tried ({others} giving another "
              f"text), {name} reads best: {facts}")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise ValueError("binary data: decodes only to control characters")
    return text, name, reason


def _charset_normalizer(data: bytes) -> tuple[str, str, str] | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = min(tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED
               else len(_PREFERRED))
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise ValueError("binary data: decodes only to control characters")
    return text, best.encoding, ("not UTF-8, and no single-byte encoding reads as prose; "
                                 f"{best.encoding} detected by charset-normalizer")


_COMMON_WORDS = {
    "Latin": frozenset("""
        the and of to in a is was for on that with said he she it at by as from are be has have
        not were will this but they his her an or we their its who which after
        le la les de des et un une est en du que qui pour dans pas sur au avec ce il elle sont
        été plus par ne se à où ça déjà très
        der die das und ist nicht mit von zu den ein eine auf für sich dem des im es auch wird
        über für würde daß dass
        el los las por con del no lo para su al como más sí año también
        não em um os da do dos das com é são à também
        je se na za ve že od pro jak jsou nie się jest że do już są
        """.split()),
    "Cyrillic": frozenset("""
        и в не на что с по из за о к от для это как а но он она они его её уже был была были
        также года году при то же все так бы ли или до после их мы вы я ещё
        і та що з у як це від він вона є
        """.split()),
}
_ALLOWED_SYMBOLS = set("€£¥$°©®™№§¶•·×÷±µ%")
_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœąęěůőű" "аеёиоуыэюяіїєў")


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "Latin"
    if 0x400 <= code < 0x530:
        return "Cyrillic"
    return "other"


def _plausibility(text: str) -> tuple[float, str]:
    """How much ``text`` reads like prose: ``(score, facts in words)``.

    Each common word (of the script it is written in) adds 1. Taken off: 3 for each odd word
    (one that mixes scripts, ``cafй``; has a capital after a small letter, ``пРОТЕСТЫ``; or is
    made of accented Latin letters only, ``Ïðîòåñòû``: Russian read as cp1252; or has three
    letters or more, not all capitals, and no vowel, ``штхђ``), 2 for each
    stray symbol (``¤``, ``¦``) and each word in another script than most (a lone ``Ђ`` where a
    euro sign was meant), 10 for each control character."""
    common = odd = 0
    scripts: dict = {}
    for word in _WORD.findall(text):
        if word.isascii():  # the same in every encoding tried
            scripts["Latin"] = scripts.get("Latin", 0) + 1
            common += word.lower() in _COMMON_WORDS["Latin"]
            continue
        kinds = {_script(ch) for ch in word}
        if len(kinds) > 1:
            odd += 1
            continue
        kind = kinds.pop()
        scripts[kind] = scripts.get(kind, 0) + 1
        if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])) or (
                kind == "Latin" and len(word) > 1 and not any(ch.isascii() for ch in word)) or (
                len(word) > 2 and not word.isupper() and not _VOWELS.intersection(word.lower())):
            odd += 1  # "пРОТЕСТЫ"; "Ïðîòåñòû" (Western words are never all accents); "штхђ"
        elif word.lower() in _COMMON_WORDS.get(kind, ()):
            common += 1
    strays = controls = 0
    for ch in _NON_ASCII.findall(text):
        if ch in _ALLOWED_SYMBOLS:
            continue
        cat = unicodedata.category(ch)
        if cat[0] == "C":
            controls += 1
        elif cat[0] == "S":
            strays += 1
    main = max(scripts, key=scripts.get) if scripts else "no"
    # a word in the other script among many in the main one (a lone "Ђ" for a euro sign)
    minority = sum(n for k, n in scripts.items() if k != main) if scripts.get(main, 0) > 3 else 0
    score = common - 3 * odd - 2 * strays - 2 * minority - 10 * controls
    facts = (f"{main} letters, {common} common words, {odd} odd words, "
             f"{strays + controls} stray characters")
    return score, facts


class FrontMatterRefused(ValueError):
    """Front matter that is not read at all (anchors and aliases, or nested too deeply): the
    document becomes an ``error`` row."""


class _PlainLoader(yaml.SafeLoader):
    """YAML's safe loader without anchors and aliases (``&a`` / ``*a``): an alias repeats a
    value, and aliases of aliases make a few hundred bytes into gigabytes ("billion laughs")."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FrontMatterRefused(
                f"front matter uses a YAML anchor or alias ('&' / '*', line {event.start_mark.line + 1}), "
                "which is not read: aliases can make a small file expand to gigabytes")
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """Split a leading YAML block delimited by ``---`` lines from the body.

    Returns ``(metadata, body, problem)``; ``problem`` says why a block that looked like front
    matter was not used (the whole text is then kept as the body). The block is read without
    anchors and aliases, and only up to :data:`MAX_FRONT_MATTER_CHARS` characters; such a
    block raises :class:`FrontMatterRefused` (the document is not analysed); a longer one is
    not taken for front matter.
    """
    if not text.startswith("---"):
        return {}, text, None
    head = text[: MAX_FRONT_MATTER_CHARS + 8]
    m = _FRONT_MATTER.match(head)
    if not m:
        if len(text) > len(head) and _FRONT_MATTER_OPEN.match(head):
            return {}, text, (f"starts like front matter but no '---' line closes it within "
                              f"{MAX_FRONT_MATTER_CHARS:,} characters; kept as text")
        return {}, text, None
    block = m.group(1) or ""
    if _json_depth(block) > MAX_JSON_DEPTH:  # (flow collections: [[[...]]] and {{{...}}})
        raise FrontMatterRefused(f"front matter nested more than {MAX_JSON_DEPTH} deep; not read")
    try:
        meta = yaml.load(block, Loader=_PlainLoader) or {}
    except RecursionError:
        raise FrontMatterRefused("front matter nested too deeply; not read") from None
    except yaml.YAMLError as exc:
        return {}, text, f"front matter is not valid YAML ({exc.__class__.__name__}); kept as text"
    if not isinstance(meta, dict):
        return {}, text, "front matter is not a key: value mapping; kept as text"
    return meta, text[m.end():], None


def html_to_text(markup: str) -> tuple[dict, str]:
    """Visible article text and metadata from an HTML page.

    Scripts, styles, navigation, headers, footers, asides and forms are dropped. When the page
    has an ``<article>`` (or ``<main>``) element, only it is read. Block elements become
    paragraphs. Metadata comes from ``<title>``, ``og:`` and ``article:`` meta tags.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    meta: dict = {}

    def content(**attrs):
        tag = soup.find("meta", attrs=attrs)
        return tag.get("content", "").strip() if tag and tag.get("content") else None

    title = content(property="og:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    if title:
        meta["title"] = title
    for key, attrs in {
        "outlet": {"property": "og:site_name"},
        "published": {"property": "article:published_time"},
        "url": {"property": "og:url"},
    }.items():
        value = content(**attrs)
        if value:
            meta[key] = value
    html_tag = soup.find("html")
    if html_tag and html_tag.get("lang"):
        meta["language"] = html_tag["lang"].split("-")[0].lower()
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "header", "footer",
                     "aside", "form", "button", "iframe", "head"]):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = root.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
                            "figcaption", "td"])
    for br in root.find_all("br"):
        br.replace_with(" ")
    paragraphs = [" ".join(b.get_text("").split()) for b in blocks
                  if not b.find_parent(["p", "li", "blockquote"])]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        paragraphs = [root.get_text("\n", strip=True)]
    return meta, "\n\n".join(paragraphs)


# ---------------------------------------------------------------------------------------------
# records


def _slug(s: str) -> str:
    return _SLUG.sub("-", str(s)).strip("-") or "doc"


def _record(doc_id, source_path, raw_text="", *, meta=None, status="ok", message="",
            encoding=None, encoding_reason=None) -> dict:
    meta = dict(meta or {})
    rec = {k: None for k in ARTICLE_COLUMNS}
    for key, value in meta.items():
        key = str(key)
        if key in ("doc_id", "id", "text", "raw_text", "source_path", "status", "message",
                   "encoding", "encoding_reason"):
            continue
        rec[key] = None if value is None else (value if isinstance(value, (int, float, bool)) else str(value))
    rec.update(doc_id=str(doc_id), source_path=str(source_path), raw_text=raw_text, text="",
               status=status, message=message, encoding=encoding,
               encoding_reason=encoding_reason)
    return rec


def _too_long(name: str, size: int, max_chars: int, unit: str = "characters") -> str:
    return (f"{name}: {size:,} {unit}, more than the limit of {max_chars:,} characters "
            "(max_chars); split the document or raise the limit")


def finish_record(rec: dict, *, max_chars: int = MAX_CHARS) -> dict:
    """Clean the text of a record, set the ``empty`` status where nothing is left and detect
    the language when it was not given. :func:`read_article` does this unless ``clean=False``.

    A text longer than ``max_chars`` characters is not cleaned: the record becomes ``error``."""
    if rec["status"] != "ok":
        rec["text"] = ""
        return rec
    raw = rec["raw_text"] or ""
    name = Path(str(rec["source_path"]).split(":")[0]).name
    if len(raw) > max_chars:
        rec.update(status="error", text="",
                   message=_join(rec["message"], _too_long(name, len(raw), max_chars)))
        return rec
    rec["text"] = clean_text(raw)
    if not rec["text"].strip():
        rec["status"] = "empty"
        rec["message"] = _join(rec["message"], f"{name}: no text: the document is empty or white space only")
    if rec.get("language") is None and rec["status"] == "ok":
        from .language import detect_language

        rec["language"] = detect_language(rec["text"])
    return rec


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def check_encoding(encoding: str | None) -> str | None:
    """The encoding to force (given, or from :data:`ENCODING_ENV`) under its codec name;
    None: detect. Raises ``ValueError`` for a name Python does not know."""
    encoding = encoding or os.environ.get(ENCODING_ENV) or None
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r} (try utf-8, cp1252, latin-1, cp1251, "
                         "koi8-r)") from None


def read_article(path: str | Path, *, clean: bool = True, source_name: str | None = None,
                 encoding: str | None = None, max_chars: int = MAX_CHARS) -> list[dict]:
    """Read one file into article records (a list: tables hold several articles).

    Never raises for bad content: problems become records with a non-``ok`` status. Raises
    ``FileNotFoundError`` only when ``path`` does not exist. With ``clean=False`` the text is
    decoded but not cleaned yet: :func:`finish_record` does that later (a pipeline can clean in
    its worker processes). ``source_name`` is what the ``source_path`` column shows (default:
    ``path`` as given). ``encoding`` forces one (default: detected, see
    :func:`detect_encoding`); texts longer than ``max_chars`` become ``error`` records.
    """
    return list(_iter_article(path, clean=clean, source_name=source_name,
                              encoding=check_encoding(encoding), max_chars=max_chars))


def _iter_article(path: str | Path, *, clean: bool, source_name: str | None,
                  encoding: str | None = None, max_chars: int = MAX_CHARS) -> Iterator[dict]:
    """:func:`read_article` one record at a time: a table's rows are read as they are
    needed (the file itself is read and decoded here, before the first record)."""
    records = _read_file(Path(path), encoding=encoding, max_chars=max_chars)
    return (_finish_article(rec, path, clean, source_name, max_chars) for rec in records)


def _finish_article(rec: dict, path, clean: bool, source_name: str | None, max_chars: int) -> dict:
    if clean:
        rec = finish_record(rec, max_chars=max_chars)
    if source_name is not None:
        rec["source_path"] = rec["source_path"].replace(str(path), source_name, 1)
    return rec


def _read_file(path: Path, *, encoding: str | None = None,
               max_chars: int = MAX_CHARS) -> Iterable[dict]:
    suffix = path.suffix.lower()
    stem_id = _slug(path.stem)
    if suffix not in SUPPORTED_SUFFIXES:
        return [_record(stem_id, path, status="unsupported",
                        message=f"{path.name}: file type '{suffix or '(none)'}' is not supported; "
                                f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")]
    if suffix not in TABLE_SUFFIXES:
        size = path.stat().st_size
        if size > 4 * max_chars:  # more characters than the limit in any encoding: not read
            return [_record(stem_id, path, status="error",
                            message=_too_long(path.name, size, max_chars, "bytes"))]
    data = path.read_bytes()
    if not data.strip():
        return [_record(stem_id, path, "", encoding=None)]
    try:
        text, used, reason = detect_encoding(data, encoding=encoding)
    except ValueError as exc:
        return [_record(stem_id, path, status="error", message=f"{path.name}: {exc}")]
    note = "" if reason in ("valid UTF-8", "byte-order mark", "given") else \
        f"{path.name}: decoded as {used} ({reason})"
    if suffix in TABLE_SUFFIXES:
        return _read_table(path, text, used, note, reason, max_chars)
    meta: dict = {}
    problem = None
    if suffix in HTML_SUFFIXES:
        meta, body = html_to_text(text)
    else:
        try:
            meta, body, problem = split_front_matter(text)
        except FrontMatterRefused as exc:
            return [_record(stem_id, path, status="error", message=_join(note, f"{path.name}: {exc}"),
                            encoding=used, encoding_reason=reason)]
        if problem:
            problem = f"{path.name}: {problem}"
        title = meta.get("title")
        if title is None or (isinstance(title, str) and not title.strip()):
            from .parts import headline_line  # a first line that reads as a headline

            line = headline_line(body)
            if line is not None:
                meta["title"] = clean_text(line).strip()
    doc_id = _slug(meta.get("doc_id") or meta.get("id") or path.stem)
    return [_record(doc_id, path, body, meta=meta, message=_join(note, problem),
                    encoding=used, encoding_reason=reason)]


_TABLE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _read_table(path: Path, text: str, encoding: str, note: str, reason: str,
                max_chars: int = MAX_CHARS) -> Iterator[dict]:
    """The records of a CSV/TSV file (read row by row) or a JSON-lines file."""
    if csv.field_size_limit() <= max_chars:  # (the csv module's default is 131,072 characters)
        csv.field_size_limit(max_chars + 1)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = list(_json_rows(text))
        keys = {k.lower(): k for _, r, _ in rows if r for k in r}
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        # the lines one at a time, as io.StringIO(text, newline="") gives them, without the
        # copy of the whole text (four bytes a character) that StringIO would keep all along
        lines = (m.group() for m in _TABLE_LINE.finditer(text))
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            yield _record(_slug(path.stem), path, "", encoding=encoding, message=note,
                          encoding_reason=reason)
            return
        rows = _csv_rows(reader, header)
        keys = {k.lower(): k for k in dict.fromkeys(header)}  # (the keys of every row)
    text_key = next((keys[n] for n in TEXT_COLUMN_NAMES if n in keys), None)
    id_key = next((keys[n] for n in ID_COLUMN_NAMES if n in keys), None)
    n, warned = 0, False
    for n, (lineno, row, problem) in enumerate(rows, start=1):
        default_id = f"{_slug(path.stem)}-{n}"
        if row is None:
            yield _record(default_id, f"{path}:{lineno}", status="error",
                          message=_join(note, f"{path.name}: {problem}"), encoding=encoding,
                          encoding_reason=reason)
            continue
        if text_key is None and row and not warned:
            warned = True
            warnings.warn(f"{path.name}: no text column; expected one of "
                          f"{', '.join(TEXT_COLUMN_NAMES)} (found {', '.join(sorted(keys.values()))})",
                          LoadWarning, stacklevel=3)
        meta = {k.lower() if k.lower() in METADATA_KEYS else k: v for k, v in row.items()
                if k not in (text_key, id_key)}
        meta = {k: (None if v == "" else v) for k, v in meta.items()}
        raw = row.get(text_key) if text_key else None
        given = row.get(id_key) if id_key else None  # (a JSON line may lack the id or have null)
        doc_id = _slug(given) if given is not None and str(given).strip() else default_id
        rec = _record(doc_id, f"{path}:{lineno}", "" if raw is None else str(raw), meta=meta,
                      message=note, encoding=encoding, encoding_reason=reason)
        if text_key is None:
            rec.update(status="empty", message=_join(note, f"{path.name}: row {n} has no text column"))
        elif not rec["raw_text"].strip():
            rec.update(status="empty", message=_join(note, f"{path.name}: row {n} (line {lineno}) has no text"))
        yield rec
    if n == 0:
        yield _record(_slug(path.stem), path, "", encoding=encoding, encoding_reason=reason,
                      message=_join(note, f"{path.name}: table has no rows"))


def _json_rows(text: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line, row, problem)`` for each non-blank line of a JSON-lines text."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        depth = _json_depth(line)
        if depth > MAX_JSON_DEPTH:
            yield lineno, None, (f"line {lineno} nests arrays or objects {depth:,} deep, more than "
                                 f"{MAX_JSON_DEPTH}; not read")
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            yield lineno, obj, None
        except RecursionError:  # (only if the interpreter's own limit is lower still)
            yield lineno, None, f"line {lineno} nests arrays or objects too deeply; not read"
        except ValueError as exc:
            yield lineno, None, f"line {lineno} is not a JSON object ({exc})"


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_depth(line: str) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings do not count);
    0 is returned at once when there are too few brackets to go past :data:`MAX_JSON_DEPTH`."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(_JSON_STRING.sub("", line)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _csv_rows(reader, header: list[str]) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line, row, problem)`` for each row of a CSV reader after its header."""
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, None, f"line {reader.line_num}: {exc}"
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield (reader.line_num, None,
                   f"line {reader.line_num} has {len(values)} fields, the header has {len(header)}")
            continue
        yield reader.line_num, dict(zip(header, values)), None


# ---------------------------------------------------------------------------------------------
# corpus


def iter_files(path: str | Path) -> Iterator[Path]:
    """The files a corpus path stands for: the file itself, or every file below a folder
    (sorted; hidden files and folders, folders this project wrote (see :data:`OUTPUT_MARKER`)
    and links that lead out of the folder are skipped: :func:`iter_records` lists the links
    as ``skipped`` records)."""
    for file, problem in _walk(project_path(path)):
        if problem is None:
            yield file


def _walk(path: Path) -> Iterator[tuple[Path, str | None]]:
    """``(file, None)`` for each file to read below ``path``, ``(link, why)`` for each link
    that is not followed. Links to files inside the folder are read; links to folders are
    never followed (the folder is read where it is)."""
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if not path.is_dir():
        yield path, None
        return
    root = path.resolve()
    found = []
    for folder, dirs, files in os.walk(path):
        here = Path(folder)
        if (here / OUTPUT_MARKER).exists():
            dirs[:] = []
            continue  # reports or tables written by this project
        keep = []
        for name in dirs:
            if name.startswith((".", "_")):
                continue
            if (here / name).is_symlink():
                found.append((here / name, "a link to a folder; not followed"))
            else:
                keep.append(name)
        dirs[:] = keep
        for name in files:
            if name.startswith((".", "_")):
                continue
            file = here / name
            if file.is_symlink():
                target = file.resolve()
                if not target.exists():
                    found.append((file, "a broken link; not read"))
                    continue
                if not target.is_relative_to(root):
                    found.append((file, "a link that leads out of the corpus folder; not read"))
                    continue
                if target.is_dir():
                    found.append((file, "a link to a folder; not followed"))
                    continue
            found.append((file, None))
    yield from sorted(found, key=lambda item: item[0])


def iter_records(paths: Iterable[str | Path], *, clean: bool = True, encoding: str | None = None,
                 max_chars: int = MAX_CHARS) -> Iterator[dict]:
    """Article records for every file below ``paths``, warning about each problem.

    ``clean=False`` leaves cleaning to :func:`finish_record` (see :func:`read_article`);
    ``encoding`` forces one for every file (default: detected, or :data:`ENCODING_ENV`).
    A link that leads out of a folder given is a ``skipped`` record."""
    encoding = check_encoding(encoding)
    for root in paths:
        root = project_path(root)
        for file, problem in _walk(root):
            # Shown relative to the folder given, so tables carry no machine paths.
            shown = file.name if not root.is_dir() else file.relative_to(root.parent).as_posix()
            if problem is not None:
                records = [_record(_slug(file.stem), shown, status="skipped",
                                   message=f"{file.name}: {problem}")]
            else:
                try:  # (a table's rows are read one by one as the records are used)
                    records = _iter_article(file, clean=clean, source_name=shown,
                                            encoding=encoding, max_chars=max_chars)
                except OSError as exc:
                    records = [_record(_slug(file.stem), shown, status="error",
                                       message=f"{file.name}: cannot be read ({exc.strerror or exc})")]
            for rec in records:
                if rec["status"] != "ok" or rec["message"]:
                    warnings.warn(rec["message"] or f"{file.name}: {rec['status']}", LoadWarning,
                                  stacklevel=3)
                yield rec


def dedupe_ids(records: list[dict], seen: dict | None = None) -> list[dict]:
    """Give repeated ``doc_id`` values a ``__2``, ``__3`` ... suffix, with a warning.

    ``seen`` (id -> source) may be shared across calls so ids stay unique over a stream.
    """
    seen = {} if seen is None else seen
    for rec in records:
        base = rec["doc_id"]
        if base in seen:
            k = 2
            while f"{base}__{k}" in seen:
                k += 1
            new = f"{base}__{k}"
            msg = (f"{Path(str(rec['source_path'])).name}: doc_id '{base}' is already used by "
                   f"{seen[base]}; renamed to '{new}'")
            warnings.warn(msg, LoadWarning, stacklevel=3)
            rec["doc_id"] = new
            rec["message"] = _join(rec["message"], msg)
        seen[rec["doc_id"]] = rec["source_path"]
    return records


def records_to_frame(records: list[dict]) -> pd.DataFrame:
    """An articles table from records: the standard columns first, extra metadata after."""
    extra = []
    for rec in records:
        extra += [k for k in rec if k not in ARTICLE_COLUMNS and k not in extra]
    df = pd.DataFrame.from_records(records, columns=ARTICLE_COLUMNS + extra)
    return df.astype({"raw_text": "object", "text": "object"}).reset_index(drop=True)


def load_corpus(*paths: str | Path, encoding: str | None = None,
                max_chars: int = MAX_CHARS) -> pd.DataFrame:
    """Load one or more files or folders into the articles table, one row per document.

    Reads ``.txt``/``.md`` (optional YAML front matter: title, outlet, published, url,
    language and any other keys, which are kept as columns; without a title, a first line
    that reads as a headline, see :func:`analysis.parts.headline_line`, is the title and
    stays in the text as its headline), ``.html`` (visible article text),
    and ``.csv``/``.tsv``/``.jsonl`` (one article per row: a ``text`` column plus metadata; the
    ``doc_id`` comes from an ``id`` or ``doc_id`` column when present). ``encoding`` forces
    the encoding of every file (default: detected; see :func:`detect_encoding`). A document
    longer than ``max_chars`` characters is kept as an ``error`` row and not cleaned (the
    same limit as :func:`analysis.pipeline.analyze_corpus`).

    Columns: ``doc_id`` (stable: from the file name, front matter ``id`` or the id column),
    ``source_path``, ``title``, ``outlet``, ``published``, ``url``, ``language`` (given, or
    detected from the text), ``raw_text`` (as decoded), ``text`` (cleaned, see
    :func:`analysis.clean.clean_text`), ``status`` (see :data:`STATUSES`), ``message``,
    ``encoding`` (the one the file was decoded with), ``encoding_reason`` (why: ``valid
    UTF-8``, ``byte-order mark``, ``given``, or what made a legacy encoding win), then any
    extra metadata columns.

    Bad input is kept with its status and a message naming the file and problem, and a
    :class:`LoadWarning` is issued; a path that does not exist raises ``FileNotFoundError``.
    """
    if not paths:
        raise TypeError("load_corpus needs at least one file or folder")
    records = dedupe_ids(list(iter_records(paths, encoding=encoding, max_chars=max_chars)))
    return records_to_frame(records)
