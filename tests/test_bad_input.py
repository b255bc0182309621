"""Nothing lost, whatever comes in: a folder of bad inputs run through the whole pipeline.

Every input document must appear in the articles table with a status and a message; the good
documents beside them must be analysed as if they were alone; the run summary counts them.
The bad files are made here, at test time.
"""
import codecs
import re

import pandas as pd
import pytest

from analysis.cli import main
from analysis.pipeline import CodebookError, analyze_corpus

GOOD = ("Protesters marched through Minsk on Sunday. Police said the crowd was peaceful.\n\n"
        "The opposition called for new elections. The government rejected the demand.")
RUSSIAN = ("Протесты в Беларуси продолжаются уже третью неделю. Журналисты из Минска сообщают "
           "о новых задержаниях. Оппозиция требует новых выборов.")
FRENCH = "Le président a déclaré que l'ingérence étrangère était inacceptable à Genève. " * 3
HTML = """<html lang="en"><head><title>Minsk march</title><script>var tracker = 1;</script>
<style>p {color: red}</style></head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Thousands march in Minsk</h1><p>Thousands of people marched in Minsk on Sunday.</p>
<p>Police watched from the side streets.</p></article>
<footer>Copyright and cookie notice</footer><script>alert("x")</script></body></html>"""
CSV = ('id,title,text\n'
       'row-a,First,"Workers went on strike at the tractor plant. Managers said output fell."\n'
       'row-b,Second,"A row with one field too many.",surplus\n'
       ',,\n'
       'row-e,Fifth,\n')
CSV_SHORT_ROW = 'id,title,text\nrow-c,Third,"A good row about the march."\nrow-d,only two fields\n'
# "billion laughs": nine levels of aliases, each nine times the last (397 bytes)
LAUGHS = "---\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")) + "---\nText.\n"
DEEP_JSONL = ('{"id": "j-ok", "text": "Workers went on strike. Managers said output fell."}\n'
              '{"id": "j-deep", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
              '{"id": "j-after", "text": "Police watched the march."}\n')
# values a spreadsheet would run, and a bare carriage return inside a quoted field
CSV_HOSTILE = ('id,title,text\n'
               'f-1,"=HYPERLINK(""http://x.example"",""click"")","=cmd|\' /C calc\'!A0 was typed. It ran."\n'
               'f-2,"@SUM(A1)","A line\rwith a bare carriage return. And more."\n')
LINK_NAME = "passwd_link.txt"  # a link to a file outside the corpus folder

# name -> (content, expected status, a part of the message or None, sentences expected?)
CASES = {
    "a_good.txt": (GOOD, "ok", None, True),
    "empty.txt": (b"", "empty", "empty", False),
    "blank.txt": (b" \n\t \r\n  ", "empty", "empty", False),
    "binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "error", "PNG", False),
    "nul_bytes.txt": (bytes([0, 1, 2, 250, 251, 0, 17]) * 60, "error", "binary", False),
    "cp1251.txt": (RUSSIAN.encode("cp1251"), "ok", "cp1251", True),
    "latin1.txt": (FRENCH.encode("latin-1"), "ok", "not UTF-8", True),
    "utf16.txt": (codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "ok", None, True),
    "mojibake.txt": ("Lukashenkoâ€™s rivals said the vote was rigged. â€œWe won,â€\x9d they said.",
                     "ok", None, True),
    "page.html": (HTML, "ok", None, True),
    "one_char.txt": ("A", "ok", None, True),
    "unbalanced.txt": ('The minister said "we will not resign. Others disagreed. '
                       '\u201cThis is over, one protester said.', "ok", None, True),
    "russian.txt": (RUSSIAN, "ok", "English word lists do not apply", True),
    "slides.pptx": (b"PK\x03\x04not really a presentation", "unsupported", "not supported", False),
    "zz_dupe_1.txt": ("---\nid: same-id\n---\n" + GOOD, "ok", None, True),
    "zz_dupe_2.txt": ("---\nid: same-id\n---\n" + GOOD, "ok", "already used", True),
    "laughs.txt": (LAUGHS, "error", "alias", False),
    "latin1_cafe.txt": ("The café owner said the naïve plan failed.".encode("latin-1"), "ok",
                        "decoded as latin-1", True),
    "cp1252_quotes.txt": ("\u201cThe price rose to 5 \u20ac,\u201d she said.".encode("cp1252"),
                          "ok", "decoded as cp1252", True),
    "koi8r.txt": (RUSSIAN.encode("koi8-r"), "ok", "decoded as koi8-r", True),
}
BIG_NAME = "huge.txt"  # 20 MB: kept as an error row, not analysed (over max_chars)
N_DOCUMENTS = len(CASES) + 1 + 1 + 3 + 2 + 3 + 2


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_inputs")
    for name, (content, *_rest) in CASES.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (folder / "broken.csv").write_text(CSV, encoding="utf-8")
    (folder / "short_row.csv").write_text(CSV_SHORT_ROW, encoding="utf-8")
    (folder / "deep.jsonl").write_text(DEEP_JSONL, encoding="utf-8")
    with open(folder / "hostile.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write(CSV_HOSTILE)
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("A private file outside the corpus. It must not be read.", encoding="utf-8")
    (folder / LINK_NAME).symlink_to(outside)
    with open(folder / BIG_NAME, "w", encoding="utf-8") as fh:
        line = "The crowd grew larger every hour and nobody went home. " * 20 + "\n"
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return folder


@pytest.fixture(scope="module")
def run(bad_folder):
    with pytest.warns(UserWarning):
        return analyze_corpus(bad_folder, progress=False)


def _row(articles, name):
    rows = articles[articles["source_path"].str.contains(re.escape(name) + r"(?::\d+)?$")]
    assert len(rows) >= 1, f"{name} is missing from the articles table"
    return rows


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_file_is_a_row_with_its_status(run, name):
    _content, status, message_part, has_sentences = CASES[name]
    row = _row(run["articles"], name).iloc[0]
    assert row["status"] == status
    if message_part is not None:
        assert message_part.lower() in row["message"].lower()
    if status != "ok":
        assert name in row["message"], "the message names the file"
    n_sent = (run["sentences"]["doc_id"] == row["doc_id"]).sum()
    assert (n_sent > 0) == has_sentences


def test_twenty_megabyte_article_is_kept_as_error_not_analysed(run):
    row = _row(run["articles"], BIG_NAME).iloc[0]
    assert row["status"] == "error"
    assert "max_chars" in row["message"] and BIG_NAME in row["message"]
    assert not (run["sentences"]["doc_id"] == row["doc_id"]).any()


@pytest.mark.parametrize(
    "name, statuses",
    [("broken.csv", ["ok", "error", "empty"]), ("short_row.csv", ["ok", "error"]),
     ("deep.jsonl", ["ok", "error", "ok"]), ("hostile.csv", ["ok", "ok"])],
)
def test_csv_rows_each_have_a_status(run, name, statuses):
    rows = _row(run["articles"], name)
    assert list(rows["status"]) == statuses
    for status, message in zip(rows["status"], rows["message"]):
        assert (status == "ok") or (name in message), "a bad row's message names the file"


def test_every_input_document_is_counted_once(run):
    articles = run["articles"]
    # the files + huge.txt + the link + 3, 2, 3 and 2 rows of the tables (a blank row is not
    # a document)
    assert len(articles) == N_DOCUMENTS
    assert articles["doc_id"].is_unique
    assert articles["message"].notna().all()
    summary = run["summary"].set_index("status")["articles"]
    assert summary.sum() == len(articles)
    assert summary.to_dict() == articles["status"].value_counts().reindex(summary.index, fill_value=0).to_dict()


def test_word_lists_apply_only_to_english_articles_that_were_read(run):
    articles = run["articles"]
    assert not articles.loc[articles["status"] != "ok", "lexicons_apply"].any()
    english_ok = articles[(articles["status"] == "ok") & (articles["language"] == "en")]
    assert len(english_ok) and english_ok["lexicons_apply"].all()


def test_non_english_articles_are_flagged_and_not_scored(run):
    articles = run["articles"].set_index("doc_id")
    for name in ("russian.txt", "cp1251.txt", "latin1.txt"):
        doc_id = _row(run["articles"], name)["doc_id"].iloc[0]
        assert not articles.loc[doc_id, "lexicons_apply"]
        assert "do not apply" in articles.loc[doc_id, "message"]
        sents = run["sentences"][run["sentences"]["doc_id"] == doc_id]
        if "vader_compound" in sents:
            assert sents["vader_compound"].isna().all(), "no English sentiment for this text"
        if "analysed with the" in articles.loc[doc_id, "message"]:
            continue  # its language's pack gave the other analyses (tests/test_pipeline_ru.py)
        for table in ("mentions", "frames", "quotes", "stance"):
            assert not (run[table]["doc_id"] == doc_id).any()


def test_good_article_is_analysed_as_if_alone(run, bad_folder):
    alone = analyze_corpus(bad_folder / "a_good.txt", progress=False)
    doc_id = alone["articles"]["doc_id"].iloc[0]
    for name in ("sentences", "mentions", "frames", "quotes", "stance"):
        mine = run[name][run[name]["doc_id"] == doc_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone[name].reset_index(drop=True), check_dtype=False)


def test_offsets_point_into_the_cleaned_text(run):
    texts = run["articles"].set_index("doc_id")["text"]
    for name in ("sentences", "quotes"):
        table = run[name]
        for doc_id, start, end, text in zip(table["doc_id"], table["start"], table["end"], table["text"]):
            assert texts[doc_id][start:end] == text


def test_command_line_prints_the_summary(bad_folder, tmp_path, capsys):
    code = main(["annotate", str(bad_folder), "--out", str(tmp_path / "out")])
    assert code == 0
    captured = capsys.readouterr()
    assert f"{N_DOCUMENTS} articles" in captured.out and "unsupported" in captured.out
    # the Russian articles (utf-8, cp1251, KOI8-R) are analysed, the French one is not
    assert "3 ok in Russian (analysed with the Russian pack)" in captured.out
    assert "1 ok in a language without a pack (sentences only: fr)" in captured.out
    assert "binary.txt" in captured.err and "empty.txt" in captured.err
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert summary["articles"].sum() == N_DOCUMENTS
    # every table reads back with pandas row for row, exact values kept (a bare "\r" too)
    for name in ("articles", "sentences"):
        back = pd.read_csv(tmp_path / "out" / f"{name}.csv", keep_default_na=False, dtype=str)
        parquet = pd.read_parquet(tmp_path / "out" / f"{name}.parquet")
        assert len(back) == len(parquet)
        assert list(back["doc_id"]) == list(parquet["doc_id"])
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", keep_default_na=False,
                           dtype=str).set_index("doc_id")
    assert articles.loc["f-2", "raw_text"] == "A line\rwith a bare carriage return. And more."
    assert articles.loc["f-1", "title"] == '=HYPERLINK("http://x.example","click")', \
        "the tables for pandas keep exact values"


def test_broken_codebook_stops_with_the_file_named(tmp_path, capsys):
    pytest.importorskip("analysis.actors")
    book = tmp_path / "my_actors.yml"
    book.write_text("actors:\n  - name: [unclosed\n    type: person\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="my_actors.yml"):
        analyze_corpus(tmp_path / "nothing_here_needed", actors=book, progress=False)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    code = main(["annotate", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"),
                 "--actors", str(book)])
    assert code == 2
    assert "my_actors.yml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_link_out_of_the_corpus_is_skipped_and_named(run):
    row = _row(run["articles"], LINK_NAME).iloc[0]
    assert row["status"] == "skipped"
    assert LINK_NAME in row["message"] and "out of the corpus" in row["message"]
    assert row["raw_text"] == "" and row["text"] == ""
    assert run["summary"].set_index("status").loc["skipped", "articles"] == 1


@pytest.mark.parametrize(
    "name, text",
    [
        ("latin1_cafe.txt", "The café owner said the naïve plan failed."),
        ("cp1252_quotes.txt", "\u201cThe price rose to 5 \u20ac,\u201d she said."),
        ("koi8r.txt", RUSSIAN),
        ("cp1251.txt", RUSSIAN),
    ],
)
def test_legacy_encodings_are_decoded_right(run, name, text):
    row = _row(run["articles"], name).iloc[0]
    assert row["text"] == text
    assert row["encoding_reason"].startswith("not UTF-8")
