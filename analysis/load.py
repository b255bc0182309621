"""Loading articles into the articles table, one row per input document.

Nothing is dropped: a document that cannot be analysed stays in the table with a ``status``
other than ``ok`` and a ``message`` that names the file and the problem, and a warning is
issued as it is read.
"""
from __future__ import annotations

import codecs
import csv
import json
import re
import warnings
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
import yaml

from .clean import clean_text
from .config import project_path

ARTICLE_COLUMNS = [
    "doc_id", "source_path", "title", "outlet", "published", "url", "language",
    "raw_text", "text", "status", "message", "encoding",
]
"""Columns every articles table has, in this order; extra metadata columns follow."""

STATUSES = {
    "ok": "read and cleaned; analysed",
    "empty": "no text (empty file, white space only, or a row without text)",
    "error": "could not be read (binary file, undecodable bytes, broken row)",
    "unsupported": "a file type the loader does not read",
}
"""Every value the ``status`` column can take."""

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
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


class LoadWarning(UserWarning):
    """A document could not be read normally; the articles table says why."""


# ---------------------------------------------------------------------------------------------
# bytes -> str


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    A byte-order mark decides first, then strict UTF-8; otherwise the encoding is detected with
    charset-normalizer. Raises ``ValueError`` for binary data (a known file signature, NUL bytes,
    or no plausible text encoding): bytes are never silently dropped.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"binary data: looks like {what}, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ValueError("binary data: contains NUL bytes and no UTF-16 byte-order mark")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError("binary data: no text encoding fits these bytes")
    best = matches[0]
    # Single-byte code pages often fit equally well (cp1250 and cp1252 differ in a few
    # letters); on a tie, prefer the most widely used one.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = min(tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED
               else len(_PREFERRED))
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise ValueError("binary data: decodes only to control characters")
    return text, best.encoding


def split_front_matter(text: str) -> tuple[dict, str, str | None]:
    """Split a leading YAML block delimited by ``---`` lines from the body.

    Returns ``(metadata, body, problem)``; ``problem`` says why a block that looked like front
    matter was not used (the whole text is then kept as the body).
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, None
    try:
        meta = yaml.safe_load(m.group(1) or "") or {}
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
            encoding=None) -> dict:
    meta = dict(meta or {})
    rec = {k: None for k in ARTICLE_COLUMNS}
    for key, value in meta.items():
        key = str(key)
        if key in ("doc_id", "id", "text", "raw_text", "source_path", "status", "message"):
            continue
        rec[key] = None if value is None else (value if isinstance(value, (int, float, bool)) else str(value))
    rec.update(doc_id=str(doc_id), source_path=str(source_path), raw_text=raw_text, text="",
               status=status, message=message, encoding=encoding)
    return rec


def finish_record(rec: dict) -> dict:
    """Clean the text of a record, set the ``empty`` status where nothing is left and detect
    the language when it was not given. :func:`read_article` does this unless ``clean=False``."""
    if rec["status"] != "ok":
        rec["text"] = ""
        return rec
    rec["text"] = clean_text(rec["raw_text"] or "")
    if not rec["text"].strip():
        rec["status"] = "empty"
        name = Path(str(rec["source_path"]).split(":")[0]).name
        rec["message"] = _join(rec["message"], f"{name}: no text: the document is empty or white space only")
    if rec.get("language") is None and rec["status"] == "ok":
        from .language import detect_language

        rec["language"] = detect_language(rec["text"])
    return rec


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)




def read_article(path: str | Path, *, clean: bool = True,
                 source_name: str | None = None) -> list[dict]:
    """Read one file into article records (a list: tables hold several articles).

    Never raises for bad content: problems become records with a non-``ok`` status. Raises
    ``FileNotFoundError`` only when ``path`` does not exist. With ``clean=False`` the text is
    decoded but not cleaned yet: :func:`finish_record` does that later (a pipeline can clean in
    its worker processes). ``source_name`` is what the ``source_path`` column shows (default:
    ``path`` as given).
    """
    return list(_iter_article(path, clean=clean, source_name=source_name))


def _iter_article(path: str | Path, *, clean: bool, source_name: str | None) -> Iterator[dict]:
    """:func:`read_article` one record at a time: a table's rows are read as they are
    needed (the file itself is read and decoded here, before the first record)."""
    records = _read_file(Path(path))
    return (_finish_article(rec, path, clean, source_name) for rec in records)


def _finish_article(rec: dict, path, clean: bool, source_name: str | None) -> dict:
    if clean:
        rec = finish_record(rec)
    if source_name is not None:
        rec["source_path"] = rec["source_path"].replace(str(path), source_name, 1)
    return rec


def _read_file(path: Path) -> Iterable[dict]:
    suffix = path.suffix.lower()
    stem_id = _slug(path.stem)
    if suffix not in SUPPORTED_SUFFIXES:
        return [_record(stem_id, path, status="unsupported",
                        message=f"{path.name}: file type '{suffix or '(none)'}' is not supported; "
                                f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")]
    data = path.read_bytes()
    if not data.strip():
        return [_record(stem_id, path, "", encoding=None)]
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        return [_record(stem_id, path, status="error", message=f"{path.name}: {exc}")]
    note = "" if encoding in ("utf-8", "ascii", "utf-8-sig", "utf-16", "utf-32") else \
        f"{path.name}: not UTF-8; decoded as {encoding} (detected)"
    if suffix in TABLE_SUFFIXES:
        return _read_table(path, text, encoding, note)
    meta: dict = {}
    problem = None
    if suffix in HTML_SUFFIXES:
        meta, body = html_to_text(text)
    else:
        meta, body, problem = split_front_matter(text)
        if problem:
            problem = f"{path.name}: {problem}"
    doc_id = _slug(meta.get("doc_id") or meta.get("id") or path.stem)
    return [_record(doc_id, path, body, meta=meta, message=_join(note, problem),
                    encoding=encoding)]


_TABLE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _read_table(path: Path, text: str, encoding: str, note: str) -> Iterator[dict]:
    """The records of a CSV/TSV file (read row by row) or a JSON-lines file."""
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
            yield _record(_slug(path.stem), path, "", encoding=encoding, message=note)
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
                          message=f"{path.name}: {problem}", encoding=encoding)
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
                      message=note, encoding=encoding)
        if text_key is None:
            rec.update(status="empty", message=_join(note, f"{path.name}: row {n} has no text column"))
        elif not rec["raw_text"].strip():
            rec.update(status="empty", message=_join(note, f"{path.name}: row {n} (line {lineno}) has no text"))
        yield rec
    if n == 0:
        yield _record(_slug(path.stem), path, "", encoding=encoding,
                      message=_join(note, f"{path.name}: table has no rows"))


def _json_rows(text: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """``(line, row, problem)`` for each non-blank line of a JSON-lines text."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            yield lineno, obj, None
        except ValueError as exc:
            yield lineno, None, f"line {lineno} is not a JSON object ({exc})"


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
    (sorted, hidden files and folders skipped)."""
    path = project_path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if path.is_file():
        yield path
        return
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if p.is_file() and not any(part.startswith((".", "_")) for part in rel.parts):
            yield p


def iter_records(paths: Iterable[str | Path], *, clean: bool = True) -> Iterator[dict]:
    """Article records for every file below ``paths``, warning about each problem.

    ``clean=False`` leaves cleaning to :func:`finish_record` (see :func:`read_article`)."""
    for root in paths:
        root = project_path(root)
        for file in iter_files(root):
            # Shown relative to the folder given, so tables carry no machine paths.
            shown = file.name if root.is_file() else file.relative_to(root.parent).as_posix()
            try:  # (a table's rows are read one by one as the records are used)
                records = _iter_article(file, clean=clean, source_name=shown)
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


def load_corpus(*paths: str | Path) -> pd.DataFrame:
    """Load one or more files or folders into the articles table, one row per document.

    Reads ``.txt``/``.md`` (optional YAML front matter: title, outlet, published, url,
    language and any other keys, which are kept as columns), ``.html`` (visible article text),
    and ``.csv``/``.tsv``/``.jsonl`` (one article per row: a ``text`` column plus metadata; the
    ``doc_id`` comes from an ``id`` or ``doc_id`` column when present).

    Columns: ``doc_id`` (stable: from the file name, front matter ``id`` or the id column),
    ``source_path``, ``title``, ``outlet``, ``published``, ``url``, ``language`` (given, or
    detected from the text), ``raw_text`` (as decoded), ``text`` (cleaned, see
    :func:`analysis.clean.clean_text`), ``status`` (see :data:`STATUSES`), ``message``,
    ``encoding``, then any extra metadata columns.

    Bad input is kept with its status and a message naming the file and problem, and a
    :class:`LoadWarning` is issued; a path that does not exist raises ``FileNotFoundError``.
    """
    if not paths:
        raise TypeError("load_corpus needs at least one file or folder")
    records = dedupe_ids(list(iter_records(paths)))
    return records_to_frame(records)
