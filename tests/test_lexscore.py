"""analysis.lexscore gives exactly the numbers of VADER's and TextBlob's own functions.

The reference is always the library itself: ``SentimentIntensityAnalyzer().polarity_scores``
and ``textblob.en.sentiment``.
"""
import random

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from textblob.en import sentiment as pattern
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import lexscore as L

from conftest import eval_file

LIBRARY = SentimentIntensityAnalyzer()


def library_scores(text):
    return LIBRARY.polarity_scores(text), tuple(pattern(text))


def assert_same(text):
    vader, blob = library_scores(text)
    assert L.vader_scores(text) == vader
    assert L.textblob_scores(text) == blob
    assert L.textblob_tokens(text) == " ".join(pattern.tokenizer(text)).split()


CASES = [
    "The new park is a wonderful gift to the city.",
    "The brave doctor saved many lives.",
    "Plain words about a meeting.",
    "Nothing happened in Minsk on Tuesday.",
    "word",
    # empty text and white space
    "", "   ", "\n", "   leading and trailing white space   ",
    # ALL CAPS: counts only when the text mixes capitals with other words
    "VERY GOOD", "She was GREAT but he was terrible.", "This is NOT good, but the food was GREAT!!",
    "THE WHOLE SENTENCE IS IN CAPITALS AND BAD", "GOOD good Good gOOD",
    # "but" and punctuation emphasis
    "It isn't very good, but it isn't bad either?? Really??", "Good but bad but good.",
    "but", "It is very, very bad!!! Is it??? Yes... really.", "Great!!!!!!", "Awful?????",
    # negations
    "The result is not good.", "no no no bad", "no good", "Not the least bit bad.",
    "At least it was good.", "It is least good.", "It was never ever so good.",
    "No problem, no good, never so good, never this bad.", "Neither good nor bad, no or bad.",
    "Lukashenko's men don't say they'll stop; we've seen it, I'd say, they're not good.",
    "He ain't happy, it wasn't nice, without doubt nothing is fine.",
    # idioms and "kind of"
    "The bomb was the shit, yeah right.", "He was kind of a jerk and sort of funny.",
    "Never so happy, without doubt great.", "Cut the mustard, hand to mouth, back handed.",
    "They said it was a kiss of death for him.", "We reached the beating heart of it.",
    "A dress to die for, at the bus stop, bad ass.", "kiss of death",
    "Kind of sad, sort of happy, not at all bad, without doubt the best, at least not worst.",
    "kind", "a kind of", "so kind of you", "Kind",
    # emoji
    "I love it \U0001F600 really", "The meeting took place 🙂 in Minsk.",
    "I ❤ the city 😀 and its people.", "😀😀😀", "sad😢face", "\U0001F600",
    # emoticons and "(!)"
    ":)", "A happy day :) and a sad one : ( and 8) and XD.", "See page 8) for details (section 3).",
    "Wonderful (!) news, as always ( ! ) from them.", ":-( bad :D good <3 love",
    # line breaks
    "First paragraph is great.\n\nSecond paragraph is awful.",
    "Line one is nice.\r\n\r\nLine two is bad.", "A line break\nin the middle is fine.",
    "good\n\n\nbad", "good\tbad\r\nugly",
    # quotation marks, abbreviations, numbers, other scripts
    "“It was not a good day,” she said. ‘Fine’, he said 'fine'.",
    "The U.S. and the U.K. met Mr. Smith at 5 p.m., etc. on Jan. 3.",
    "END-OF-SENTENCE is a strange thing to write, but good.",
    "Prices rose 25% in 2020-2021, to $3.5 billion (€3 billion).",
    "— “Quote-marks” «guillemets» and … an ellipsis character.",
    "Протесты в Минске продолжаются.",
]


@pytest.mark.parametrize("text", CASES)
def test_scores_are_the_libraries_scores(text):
    assert_same(text)


# words that trigger VADER's and TextBlob's rules, to build many random texts from
PIECES = ("good bad GOOD BAD great terrible not no never n't isn't but BUT very extremely "
          "slightly kind of sort least at without doubt nor or the bomb shit yeah right cut "
          "mustard happy sad love hate ! !! ? ?? ... . , ; :) :( :-) XD <3 (!) ( ! ) \n \n\n "
          "\r\n 😀 🙂 ❤ “ ” ' \" Mr. U.S. 3.5 - — happy-go-lucky kiss death beating heart bus stop "
          "die for to bad ass badass a "
          # capitals on the words the rules name, the stand-ins the shortcuts use, short words
          "KIND NO VERY Kiss Of THE Sort OF Never SO This Without DOUBT LEAST At xq q qq qqq "
          "really REALLY 's it's I x' q'' 2020 -- >:O").split(" ")


def random_texts(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = rng.choices(PIECES, k=rng.randint(1, 14))
        glue = [rng.choice(["", " ", " ", " ", "  "]) for _ in words]
        out.append("".join(g + w for g, w in zip(glue, words)))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_scores_are_the_libraries_scores_on_random_word_salad(seed):
    for text in random_texts(200, seed):
        assert_same(text)


@pytest.mark.parametrize("seed", range(3))
def test_scores_are_the_libraries_scores_among_lexicon_words(seed):
    """Windows of words from both libraries' word lists next to the words their rules name."""
    rng = random.Random(seed)
    lexicon = sorted(LIBRARY.lexicon) + sorted(k for k in L._textblob() if isinstance(k, str))
    for _ in range(300):
        words = [rng.choice(PIECES) if rng.random() < 0.5 else rng.choice(lexicon)
                 for _ in range(rng.randint(1, 12))]
        assert_same(" ".join(w.upper() if rng.random() < 0.1 else w for w in words))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_scores_are_the_libraries_scores_on_any_string(text):
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["a", "A", "was", "it"]), max_size=12),
       st.sampled_from(["", " ", "\n"]))
def test_scores_are_the_libraries_scores_on_word_lists(words, sep):
    assert_same(" ".join(words) + sep)


def test_vader_scores_returns_a_new_dict_each_time():
    first = L.vader_scores("A wonderful day.")
    first["compound"] = 99.0
    assert L.vader_scores("A wonderful day.") == LIBRARY.polarity_scores("A wonderful day.")


@pytest.fixture
def other_versions(monkeypatch):
    """Pretend the installed VADER and TextBlob are versions the shortcuts were not checked on."""
    def clear():
        L.clear_caches()
        L._vader_shortcuts.cache_clear()
        L._textblob_shortcuts.cache_clear()

    monkeypatch.setattr(L, "_installed", lambda package: "0.0.1")
    clear()
    yield
    monkeypatch.undo()
    clear()


def test_other_library_versions_are_called_as_they_are(other_versions, monkeypatch):
    calls = []
    analyser = L.vader_analyser()
    original = type(analyser).polarity_scores

    def spy(text):
        calls.append(text)
        return original(analyser, text)

    monkeypatch.setattr(analyser, "polarity_scores", spy)
    text = "This is NOT good, but :) fine\n\nreally."
    assert L.vader_scores(text) == LIBRARY.polarity_scores(text)
    assert calls == [text]
    assert L.textblob_scores(text) == tuple(pattern(text))
    assert not L._vader_shortcuts() and not L._textblob_shortcuts()


@pytest.mark.shared
def test_scores_are_the_libraries_scores_on_real_sentences():
    path = eval_file("nyt_sentence_sentiment", "dev.tsv")
    texts = pd.read_csv(path, sep="\t", keep_default_na=False)["text"].tolist()
    assert [L.textblob_scores(t) for t in texts] == [tuple(pattern(t)) for t in texts]
    assert [L.vader_scores(t) for t in texts] == [LIBRARY.polarity_scores(t) for t in texts]


# The commonest pieces are split without TextBlob's tokenizer; each must come out as it would.
@pytest.mark.parametrize("piece", [
    "said,", "Minsk;", "note:", "why?", "now!", "Minsk.", "3.", "well-known", "11-13",
    "x-ray.", "Mr.", "Dr.", "U.S.", "A.", "etc.", "e.g.", "vs.", "No.", "Bldg.", "8-D", "X-D",
    "said,”", "-well", "well-", "it's,", "Ünïcödé.", "²,", '“Minsk', '"Minsk', 'said."',
    'Mr.”', '“U.S.,”', '""', '“”', '":)"', '“8)”', '"(!)"', '“don\'t”'])
def test_pieces_are_split_as_the_tokenizer_splits_them(piece):
    assert L._textblob_split(piece) == tuple(" ".join(pattern.tokenizer(piece)).split())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZé7-.,;:?!'\"“”‘’(", min_size=1, max_size=8).filter(lambda s: not s.isalnum()))
def test_any_piece_is_split_as_the_tokenizer_splits_it(piece):
    L._textblob_split.cache_clear()
    assert L._textblob_split(piece) == tuple(" ".join(pattern.tokenizer(piece)).split())


def test_no_word_textblob_knows_holds_the_long_stand_in():
    # textblob_scores cuts the stand-ins at "qqq" (see _textblob_stand_in)
    analyser = L._textblob()
    assert not [w for w in [*analyser, *analyser.negations, *L._textblob_marks()] if "qqq" in w]


def test_no_emoji_vader_replaces_is_ascii():
    # vader_scores skips the look for emoji in ASCII texts
    assert not [e for e in L._emoji_characters() if e.isascii()]


@pytest.mark.parametrize("text", ["plain words about a meeting", "but the meeting, but then",
                                  "THE MEETING and the meeting", "so very much at least"])
def test_texts_without_valence_are_all_neutral(text):
    # VADER's score of a text whose words all get valence 0, written out in vader_scores
    assert L.vader_scores(text) == LIBRARY.polarity_scores(text) == \
        {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
