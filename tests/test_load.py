"""Loading: every file type, every bad input, nothing lost."""
import codecs
import json
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.load import ARTICLE_COLUMNS, LoadWarning, decode_bytes, load_corpus

RUSSIAN = "Протесты в Беларуси продолжаются уже третью неделю, сообщают журналисты из Минска."
FRENCH = "Les manifestations se poursuivent à Minsk, où l'opposition réclame de nouvelles élections présidentielles."
ENGLISH = "Protesters marched through Minsk on Sunday. Police said the crowd was peaceful."


def load_one(tmp_path, name, content, **kw):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_corpus(path, **kw)
    return df, [str(w.message) for w in caught if issubclass(w.category, LoadWarning)]


@pytest.mark.parametrize(
    "name, content, status, message_part",
    [
        ("empty.txt", b"", "empty", "empty"),
        ("blank.txt", b"  \n\t\n   \r\n", "empty", "empty"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "error", "PNG image"),
        ("paper.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(200), "error", "PDF"),
        ("junk.txt", bytes([0, 1, 2, 3, 250, 251, 0, 0, 17, 19]) * 50, "error", "binary"),
        ("slides.pptx", b"PK\x03\x04whatever", "unsupported", "not supported"),
        ("notes", b"no suffix at all", "unsupported", "not supported"),
    ],
)
def test_bad_files_are_kept_with_status_and_named(tmp_path, name, content, status, message_part):
    df, caught = load_one(tmp_path, name, content)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["status"] == status
    assert message_part.lower() in row["message"].lower()
    assert name in row["message"]
    assert any(name in w for w in caught), "a warning names the file"
    assert row["text"] == ""


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("cp1251", RUSSIAN * 3),
        ("latin-1", "Le président a déclaré: « Nous refusons l'ingérence étrangère ». Ça été dit à Genève. " * 3),
        ("utf-16", ENGLISH),
        ("utf-8-sig", ENGLISH),
    ],
)
def test_encodings_are_decoded_not_dropped(tmp_path, encoding, text):
    df, caught = load_one(tmp_path, "article.txt", text.encode(encoding))
    row = df.iloc[0]
    assert row["status"] == "ok"
    assert row["text"] == text.strip()
    if encoding in ("cp1251", "latin-1"):
        assert "decoded as" in row["message"] and "article.txt" in row["message"]
        assert caught


def test_decode_bytes_reports_the_encoding():
    text, enc = decode_bytes(RUSSIAN.encode("cp1251") * 3)
    assert text == RUSSIAN * 3
    assert enc in ("cp1251", "windows-1251")


def test_front_matter_metadata_and_extra_keys(tmp_path):
    content = ("---\ntitle: A march in Minsk\noutlet: Example Daily\npublished: 2020-08-16\n"
               "url: https://example.org/a\nauthor: Jane Doe\n---\n" + ENGLISH + "\n")
    df, _ = load_one(tmp_path, "minsk.md", content)
    row = df.iloc[0]
    assert list(df.columns[: len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    assert (row["doc_id"], row["title"], row["outlet"], row["published"]) == (
        "minsk", "A march in Minsk", "Example Daily", "2020-08-16")
    assert row["author"] == "Jane Doe"
    assert row["language"] == "en"
    assert row["text"] == ENGLISH


def test_broken_front_matter_keeps_text_and_says_so(tmp_path):
    df, caught = load_one(tmp_path, "a.txt", "---\ntitle: [unclosed\n---\n" + ENGLISH)
    row = df.iloc[0]
    assert row["status"] == "ok"
    assert "front matter" in row["message"] and ENGLISH in row["text"]


def test_language_is_detected_when_not_given(tmp_path):
    (tmp_path / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    df = load_corpus(tmp_path).set_index("doc_id")
    assert df.loc["ru", "language"] == "ru"
    assert df.loc["fr", "language"] == "fr"
    assert df.loc["en", "language"] == "en"


def test_html_keeps_visible_article_text_only(tmp_path):
    page = """<html lang="en"><head><title>Minsk march</title><style>p{color:red}</style>
    <meta property="og:site_name" content="Example Daily"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <script>var tracking = "do not keep me";</script>
    <article><h1>Thousands march in Minsk</h1><p>Protesters marched on Sunday &amp; sang.</p>
    <p>Police said the crowd was <b>peaceful</b>.</p></article>
    <footer>Copyright</footer></body></html>"""
    df, _ = load_one(tmp_path, "page.html", page)
    row = df.iloc[0]
    assert row["text"] == ("Thousands march in Minsk\n\nProtesters marched on Sunday & sang.\n\n"
                           "Police said the crowd was peaceful.")
    assert (row["title"], row["outlet"], row["language"]) == ("Minsk march", "Example Daily", "en")
    for dropped in ("tracking", "Home", "Copyright", "color"):
        assert dropped not in row["text"]


def test_csv_rows_are_articles_and_problems_are_rows(tmp_path):
    content = ('id,title,text,outlet\n'
               'a1,First,"' + ENGLISH + '",Daily\n'
               'a2,No text,,Daily\n'
               'a3,Broken,"too",many,fields\n'
               'a1,Same id,"Another article about Minsk. It rained.",Weekly\n')
    df, caught = load_one(tmp_path, "batch.csv", content)
    assert len(df) == 4
    assert list(df["status"]) == ["ok", "empty", "error", "ok"]
    assert list(df["doc_id"]) == ["a1", "a2", "batch-3", "a1__2"]
    assert "has no text" in df.loc[1, "message"] and "batch.csv" in df.loc[1, "message"]
    assert "5 fields" in df.loc[2, "message"] and "line 4" in df.loc[2, "message"]
    assert "renamed to 'a1__2'" in df.loc[3, "message"]
    assert df.loc[0, "outlet"] == "Daily" and df.loc[0, "title"] == "First"
    assert len(caught) >= 3


def test_jsonl_rows_without_an_id_get_the_default_id(tmp_path):
    lines = [json.dumps({"id": "j1", "text": ENGLISH}), json.dumps({"text": ENGLISH}),
             json.dumps({"id": None, "text": ENGLISH}), json.dumps({"id": " ", "text": ENGLISH})]
    df, _ = load_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert list(df["doc_id"]) == ["j1", "feed-2", "feed-3", "feed-4"]
    assert list(df["status"]) == ["ok"] * 4


def test_a_table_is_read_row_by_row(tmp_path, monkeypatch):
    """A big CSV's first articles can be analysed before the last rows are read."""
    from analysis import load

    parsed = []
    real = load._csv_rows

    def counting(reader, header):
        for row in real(reader, header):
            parsed.append(row[0])
            yield row

    monkeypatch.setattr(load, "_csv_rows", counting)
    path = tmp_path / "big.csv"
    path.write_text("id,text\n" + "".join(f"r{i},{ENGLISH}\n" for i in range(50)), encoding="utf-8")
    records = load.iter_records([path], clean=False)
    assert next(records)["doc_id"] == "r0"
    assert len(parsed) == 1
    assert [rec["doc_id"] for rec in records] == [f"r{i}" for i in range(1, 50)]
    assert len(parsed) == 50


def test_csv_without_text_column_says_which_columns_it_expected(tmp_path):
    df, caught = load_one(tmp_path, "meta.csv", "id,headline\n1,Hello\n")
    assert list(df["status"]) == ["empty"]
    assert any("no text column" in w and "meta.csv" in w for w in caught)


def test_jsonl_rows_and_bad_lines(tmp_path):
    lines = [json.dumps({"id": "j1", "text": ENGLISH, "outlet": "Wire"}), "{not json", "",
             json.dumps({"id": "j2", "text": "   "})]
    df, _ = load_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert list(df["status"]) == ["ok", "error", "empty"]
    assert "line 2" in df.loc[1, "message"]


def test_duplicate_file_ids_in_a_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text(ENGLISH)
    (tmp_path / "b" / "story.txt").write_text(ENGLISH)
    with pytest.warns(LoadWarning, match="already used"):
        df = load_corpus(tmp_path)
    assert list(df["doc_id"]) == ["story", "story__2"]
    assert df["doc_id"].is_unique


def test_folder_keeps_every_document_and_skips_hidden_files(tmp_path):
    (tmp_path / "ok.txt").write_text(ENGLISH)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_corpus(tmp_path)
    assert sorted(df["doc_id"]) == ["empty", "image", "ok"]
    assert dict(zip(df["doc_id"], df["status"])) == {"empty": "empty", "image": "unsupported", "ok": "ok"}


def test_missing_path_raises_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "nowhere")


def test_seed_article_loads_with_empty_metadata(seed_path):
    df = load_corpus(seed_path)
    row = df.iloc[0]
    assert (row["doc_id"], row["status"], row["language"]) == ("seed_belarus", "ok", "en")
    for key in ("title", "outlet", "published", "url"):
        assert pd.isna(row[key]), f"{key} is not given by the text and stays empty"
    assert row["text"].startswith("Maria Zakharova, a spokesperson")
    assert row["text"].count("\n\n") == 8


@pytest.mark.parametrize(
    "text, language",
    [
        (ENGLISH * 4, "en"),
        (RUSSIAN, "ru"),
        (FRENCH * 2, "fr"),
        ("El presidente dijo que las protestas en el país son el resultado de la injerencia de "
         "estados extranjeros y que no permitirá que la situación se salga de control.", "es"),
        ("Der Präsident sagte, die Proteste seien das Ergebnis einer Einmischung aus dem Ausland, "
         "und er werde nicht zulassen, dass die Lage außer Kontrolle gerät.", "de"),
        ("Minsk", "und"),
        ("", "und"),
        ("12345 67890", "und"),
    ],
)
def test_detect_language(text, language):
    from analysis.language import detect_language

    assert detect_language(text) == language


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"é \r\n\x0b\x0c\x1c\x85\u2028')), max_size=30))
def test_table_lines_are_those_stringio_gives(text):
    """CSV rows are read from the text's lines as io.StringIO(text, newline="") cuts them."""
    import io

    from analysis.load import _TABLE_LINE

    assert [m.group() for m in _TABLE_LINE.finditer(text)] == list(io.StringIO(text, newline=""))


# ---------------------------------------------------------------------------------------------
# encodings of short texts: decoded right, the choice recorded, a forced one obeyed

ENCODED_SAMPLES = [
    # (encoding written, text, encoding recorded)
    ("latin-1", "The café owner said the naïve plan failed", "latin-1"),
    ("cp1252", "\u201cThe price rose to 5 \u20ac,\u201d she said \u2013 a \u2018rise\u2019 nobody expected.", "cp1252"),
    ("cp1252", "Señor Muñoz dijo que sí.", "latin-1"),  # no byte where the two differ
    ("latin-1", "Der Bürgermeister sagte, die Straße bleibt gesperrt.", "latin-1"),
    ("cp1251", "Протесты в Беларуси продолжаются уже третью неделю.", "cp1251"),
    ("koi8-r", "Протесты в Беларуси продолжаются уже третью неделю.", "koi8-r"),
    ("cp1251", "Оппозиция требует новых выборов.", "cp1251"),
    ("koi8-r", "Оппозиция требует новых выборов.", "koi8-r"),
    ("cp1251", "Привет", "cp1251"),
    ("koi8-r", "Привет", "koi8-r"),
    ("cp1251", "Він сказав, що це неправда.", "cp1251"),
]


@pytest.mark.parametrize("written, text, recorded", ENCODED_SAMPLES)
def test_short_legacy_texts_are_decoded_right(written, text, recorded):
    from analysis.load import detect_encoding

    got, encoding, reason = detect_encoding(text.encode(written))
    assert got == text
    assert encoding == recorded
    assert reason.startswith("not UTF-8") and f"{encoding} reads best" in reason


@pytest.mark.parametrize("written, text, recorded", ENCODED_SAMPLES[:2] + ENCODED_SAMPLES[4:6])
def test_the_encoding_and_the_reason_are_columns(tmp_path, written, text, recorded):
    df, caught = load_one(tmp_path, "short.txt", text.encode(written))
    row = df.iloc[0]
    assert row["raw_text"] == text
    assert row["encoding"] == recorded
    assert "reads best" in row["encoding_reason"]
    assert "short.txt: decoded as" in row["message"]


@pytest.mark.parametrize(
    "data, forced, status, raw, reason",
    [
        ("Ïðèâåò".encode("cp1252"), "cp1252", "ok", "Ïðèâåò", "given"),  # as the user says
        ("Привет".encode("koi8-r"), "koi8-r", "ok", "Привет", "given"),
        ("plain".encode("utf-8"), "utf-16", "error", "", None),  # odd length: not UTF-16
        ("caf\u00e9".encode("latin-1"), "utf-8", "error", "", None),
    ],
)
def test_a_forced_encoding_is_used_or_the_file_is_an_error(tmp_path, data, forced, status, raw, reason):
    df, caught = load_one(tmp_path, "forced.txt", data, encoding=forced)
    row = df.iloc[0]
    assert (row["status"], row["raw_text"]) == (status, raw)
    if reason:
        assert row["encoding_reason"] == reason and row["encoding"] == codecs.lookup(forced).name
    else:
        assert f"cannot be decoded as {forced}" in row["message"] and "forced.txt" in row["message"]


def test_unknown_encoding_is_refused_before_reading(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH)
    with pytest.raises(ValueError, match="unknown encoding 'klingon'"):
        load_corpus(tmp_path, encoding="klingon")


def test_the_encoding_can_come_from_the_environment(tmp_path, monkeypatch):
    from analysis.load import ENCODING_ENV

    monkeypatch.setenv(ENCODING_ENV, "cp1252")
    df, _ = load_one(tmp_path, "env.txt", "Привет".encode("cp1251"))
    assert (df.loc[0, "raw_text"], df.loc[0, "encoding_reason"]) == ("Ïðèâåò", "given")


# ---------------------------------------------------------------------------------------------
# resource limits: bounded front matter, JSON nesting and article length

LAUGHS = "---\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")) + "---\nText.\n"


@pytest.mark.parametrize(
    "content, status, message_part, title",
    [
        (LAUGHS, "error", "anchor or alias", None),
        ("---\ntitle: &t A title\nother: *t\n---\n" + ENGLISH, "error", "anchor or alias", None),
        ("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + ENGLISH, "error", "nested more than 100", None),
        ("---\ntitle: Fine\n---\n" + ENGLISH, "ok", None, "Fine"),
        # a long block is not taken for front matter
        ("---\n" + "x: y\n" * 20_000 + "---\n" + ENGLISH, "ok", "no '---' line closes it", None),
    ],
)
def test_front_matter_is_bounded(tmp_path, content, status, message_part, title):
    import time

    t0 = time.perf_counter()
    df, caught = load_one(tmp_path, "fm.txt", content)
    assert time.perf_counter() - t0 < 5
    row = df.iloc[0]
    assert row["status"] == status
    if message_part:
        assert message_part in row["message"] and "fm.txt" in row["message"]
    assert row["title"] == title or (title is None and pd.isna(row["title"]))
    assert len(str(row.to_dict())) < 3 * len(content) + 10_000, "nothing was expanded"


def test_billion_laughs_is_refused_in_bounded_memory(tmp_path):
    import tracemalloc

    assert len(LAUGHS.encode()) < 400
    tracemalloc.start()
    df, _ = load_one(tmp_path, "laughs.txt", LAUGHS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert df.loc[0, "status"] == "error" and "laughs.txt" in df.loc[0, "message"]
    assert peak < 50 * 2**20


def test_a_deeply_nested_json_line_is_one_error_row(tmp_path):
    lines = [json.dumps({"id": "j1", "text": ENGLISH}),
             '{"id": "deep", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
             '{"id": "brackets", "text": "' + "[" * 500 + ' in a string are text"}',
             json.dumps({"id": "j3", "text": ENGLISH, "tags": [[1, 2], [3]]})]
    df, caught = load_one(tmp_path, "feed.jsonl", "\n".join(lines))
    assert list(df["doc_id"]) == ["j1", "feed-2", "brackets", "j3"]
    assert list(df["status"]) == ["ok", "error", "ok", "ok"]
    assert "line 2 nests arrays or objects 100,001 deep" in df.loc[1, "message"]
    assert "feed.jsonl" in df.loc[1, "message"]


@pytest.mark.parametrize("name, limit", [("long.txt", 1000), ("long.csv", 1000), ("long.md", 10)])
def test_the_length_limit_is_the_same_in_load_corpus(tmp_path, name, limit):
    from analysis import load

    body = "The crowd grew. " * 100  # 1,600 characters
    content = f"id,text\nr1,{body}\nr2,Short text.\n" if name.endswith(".csv") else body
    df, _ = load_one(tmp_path, name, content, max_chars=limit)
    row = df.iloc[0]
    assert row["status"] == "error" and "max_chars" in row["message"] and name in row["message"]
    assert row["text"] == ""
    if name.endswith(".csv"):
        assert df.loc[1, "status"] == "ok"
    assert load.MAX_CHARS == pipeline_max_chars()


def pipeline_max_chars():
    import inspect

    from analysis.pipeline import analyze_corpus

    return inspect.signature(analyze_corpus).parameters["max_chars"].default


def test_a_fifty_megabyte_article_is_refused_without_reading_it(tmp_path, monkeypatch):
    from analysis import load

    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 2**20)  # a sparse file: 50 MB of NUL bytes
    monkeypatch.setattr(load.Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.warns(LoadWarning, match="big.txt"):
        df = load_corpus(path)
    assert df.loc[0, "status"] == "error" and "max_chars" in df.loc[0, "message"]


def test_a_csv_article_longer_than_the_csv_module_default_is_read(tmp_path):
    body = "Protesters marched. " * 10_000  # 200,000 characters > 131,072
    df, _ = load_one(tmp_path, "wide.csv", f"id,text\nw1,{body}\n")
    assert df.loc[0, "status"] == "ok" and len(df.loc[0, "raw_text"]) == len(body)
