"""The command line: tables written, unusable arguments refused with a clear message."""
import pandas as pd
import pytest

from analysis.cli import main


def test_annotate_writes_articles_and_sentences(tmp_path, seed_path, capsys):
    out = tmp_path / "out"
    assert main(["annotate", str(seed_path), "--out", str(out)]) == 0
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    sentences = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    assert list(articles["doc_id"]) == ["seed_belarus"]
    assert {"doc_id", "source_path", "title", "text", "status", "message"} <= set(articles.columns)
    assert list(sentences.columns[:6]) == ["doc_id", "para_id", "sent_id", "start", "end", "text"]
    assert len(sentences) == 17
    text = articles.loc[0, "text"]
    assert all(text[s:e] == t for s, e, t in zip(sentences["start"], sentences["end"], sentences["text"]))
    assert "1 articles" in capsys.readouterr().out


def test_annotate_keeps_bad_documents_and_warns(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Protesters marched. Police watched.")
    (corpus / "empty.txt").write_text("")
    out = tmp_path / "out"
    assert main(["annotate", str(corpus), "--out", str(out)]) == 0
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert dict(zip(articles["doc_id"], articles["status"])) == {"empty": "empty", "good": "ok"}
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["annotate", "no/such/file.txt", "--out", "x"], "no such file or folder"),
        (["annotate", "--out", "x"], "required"),
        (["frobnicate"], "invalid choice"),
        (["annotate", "README.md", "--out", "x", "--chunk-chars", "0"], "at least 1"),
        (["annotate", "README.md", "--out", "x", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["report", "README.md", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        ([], "required"),
    ],
)
def test_unusable_arguments_exit_non_zero_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code != 0
    assert message in capsys.readouterr().err


def test_out_that_is_a_file_is_refused(tmp_path, seed_path, capsys):
    out = tmp_path / "file.txt"
    out.write_text("x")
    assert main(["annotate", str(seed_path), "--out", str(out)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_nltk_data_command_rebuilds_the_offline_files(tmp_path, monkeypatch, capsys):
    from analysis import nltk_setup

    real = nltk_setup.build
    monkeypatch.setattr(nltk_setup, "build", lambda: real(tmp_path))  # not the shipped folder
    assert main(["nltk-data"]) == 0
    assert f"wrote {tmp_path}" in capsys.readouterr().out
    assert (tmp_path / "corpora" / "stopwords" / "english").is_file()


@pytest.mark.parametrize("option, title", [([], "Привет"), (["--encoding", "cp1252"], "Ïðèâåò")])
def test_annotate_encoding_option(tmp_path, option, title, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(("---\ntitle: Привет\n---\nПротесты продолжаются.").encode("cp1251"))
    out = tmp_path / "out"
    assert main(["annotate", str(corpus), "--out", str(out), *option]) == 0
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert articles.loc[0, "title"] == title
    assert articles.loc[0, "encoding"] == ("cp1252" if option else "cp1251")
    reason = articles.loc[0, "encoding_reason"]
    assert (reason == "given") if option else ("cp1251 reads best" in reason)


def test_annotate_out_inside_the_corpus_is_not_read_back(tmp_path):
    """``annotate corpus --out corpus/out`` works, and the next run reads the same two
    articles: the output folder carries the marker that the corpus reader skips."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Protesters marched in Minsk. Police watched.")
    (corpus / "b.txt").write_text("Farmers blocked roads. The minister promised talks.")
    out = corpus / "out"
    for _ in range(2):
        assert main(["annotate", str(corpus), "--out", str(out)]) == 0
        articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
        assert list(articles["doc_id"]) == ["a", "b"]
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "b.txt", "out"]


def test_annotate_out_inside_the_corpus_with_its_files_is_refused(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    (corpus / "more").mkdir(parents=True)
    (corpus / "a.txt").write_text("Protesters marched in Minsk.")
    (corpus / "more" / "b.txt").write_text("Farmers blocked roads.")
    assert main(["annotate", str(corpus), "--out", str(corpus / "more")]) != 0
    assert "b.txt" in capsys.readouterr().err
    assert (corpus / "more" / "b.txt").read_text() == "Farmers blocked roads."
