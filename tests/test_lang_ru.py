"""The Russian language pack, on sentences written for these tests (offsets checked by hand)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.lang import get_pack
from analysis.lang.ru import actors as ru_actors
from analysis.lang.ru import frames as ru_frames
from analysis.lang.ru import quotes as ru_quotes
from analysis.lang.ru import sentiment as ru_sentiment

PACK = get_pack("ru")


def test_pack_is_found_by_code():
    assert get_pack("ru-RU") is PACK
    assert PACK.code == "ru"


# -- sentences and tokens -----------------------------------------------------------------------

@pytest.mark.parametrize("text, spans", [
    ("Президент В. В. Путин заявил, что всё хорошо. Так.", [(0, 45), (46, 50)]),
    ("Он ушёл, т. е. сбежал. Да.", [(0, 22), (23, 26)]),
    ("Это было в 2020 г. в Минске. Потом всё кончилось.", [(0, 28), (29, 49)]),
    # razdel breaks inside the quotation; the pack joins it again
    ("Он сказал: «Уходите. Сейчас же». И ушёл.", [(0, 32), (33, 40)]),
    # an abbreviated month before a year is no sentence end
    ("Протесты начались 9 авг. 2020 года. Да.", [(0, 35), (36, 39)]),
    ("", []),
])
def test_split_sentences(text, spans):
    assert PACK.split_sentences(text) == spans


@pytest.mark.parametrize("text, expected", [
    ("Из-за 3,5 тыс. «протестующих»",
     [(0, 5, "Из-за"), (6, 9, "3,5"), (10, 13, "тыс"), (13, 14, "."), (15, 16, "«"),
      (16, 28, "протестующих"), (28, 29, "»")]),
    ("Что?! По-моему…", [(0, 3, "Что"), (3, 5, "?!"), (6, 14, "По-моему"), (14, 15, "…")]),
])
def test_tokens(text, expected):
    assert PACK.tokens(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Путину заявила всё", [(0, 6, "Путину", "путин"), (7, 14, "заявила", "заявить"),
                            (15, 18, "всё", "все")]),
    ("Протестующие вышли", [(0, 12, "Протестующие", "протестовать"), (13, 18, "вышли", "выйти")]),
])
def test_lemmas(text, expected):
    assert PACK.lemmas(text) == expected


# -- names -------------------------------------------------------------------------------------

def test_recogniser_finds_people_and_places():
    text = "Мария Захарова встретилась с Александром Лукашенко в Минске."
    found = PACK.entity_recogniser().find(text)
    spans = [(s, e, t) for s, e, t, _ in found]
    assert spans == [(0, 14, "person"), (29, 50, "person"), (53, 59, "place")]
    assert all(0 < c <= 1 for *_, c in found)


def test_find_many_keeps_offsets_per_text():
    rec = PACK.entity_recogniser()
    texts = ["В Москве тихо.", "", "Светлана Тихановская уехала в Литву.\nПотом в Вильнюс."]
    out = rec.find_many(texts)
    assert [(s, e, t) for s, e, t, _ in out[0]] == [(2, 8, "place")]
    assert out[1] == []
    assert [(s, e, t) for s, e, t, _ in out[2]] == [(0, 20, "person"), (30, 35, "place"),
                                                    (45, 52, "place")]


def test_entity_words_add_institutions_and_country_adjectives():
    text = "Российский дипломат сказал, что правительство уйдёт."
    spans = [(s, e, t, c) for s, e, t, c in PACK.entity_recogniser().find(text)]
    assert (0, 10, "place", 0.5) in spans
    assert (32, 45, "organisation", 0.5) in spans


@pytest.mark.parametrize("text, start, end, type, expected", [
    ("встреча с Марией Захаровой", 10, 26, "person", "Мария Захарова"),
    ("вместе с Александром Лукашенко", 9, 30, "person", "Александр Лукашенко"),
    ("в России", 2, 8, "place", "Россия"),
    ("Министерства иностранных дел", 0, 28, "organisation", "Министерство иностранных дел"),
    ("письмо Светланы Тихановской", 7, 27, "person", "Светлана Тихановская"),
    ("на Путина", 3, 9, "person", "Путин"),
    ("в МИД России", 2, 12, "organisation", "МИД России"),
])
def test_normal_form(text, start, end, type, expected):
    assert PACK.normal_form(text, start, end, type) == expected


@pytest.mark.parametrize("name, type, key", [
    ("Путин", "person", "person:путин"),
    ("Путина", "person", "person:путин"),
    ("Путину", "person", "person:путин"),
    ("Владимир Путин", "person", "person:путин"),
    ("Марии Захаровой", "person", "person:захарова"),
    # a woman's surname keeps its own key; a man's genitive is the man's
    ("Марии Колесниковой", "person", "person:колесникова"),
    ("Колесниковой", "person", "person:колесникова"),
    ("Андрея Колесникова", "person", "person:колесников"),
    ("Светланы Тихановской", "person", "person:тихановская"),
    # a country adjective is the country
    ("российский", "place", "place:россия"),
    ("Белорусского", "place", "place:белоруссия"),
    ("России", "place", "place:россия"),
    ("МИД России", "organisation", "organisation:мид россия"),
    ("Белоруссия", "country", "place:белоруссия"),
])
def test_actor_key(name, type, key):
    assert PACK.actor_key(name, type) == key


@pytest.mark.parametrize("name, type, actor", [
    ("Путину", "person", "putin"),
    ("Владимиром Путиным", "person", "putin"),
    ("Лукашенко", "person", "lukashenko"),
    ("Захаровой", "person", "zakharova"),
    ("Минске", "place", "belarus"),
    ("Беларуси", "place", "belarus"),
    ("МИД России", "organisation", "russian_mfa"),
    ("Тихановской", "person", None),
])
def test_resolve_actor_by_lemma(name, type, actor):
    assert PACK.resolve_actor(name, type) == actor


def test_codebook_russian_aliases_are_validated(tmp_path):
    from analysis.actors import CodebookError, load_actors

    good = tmp_path / "good.yml"
    good.write_text("actors:\n  - id: x\n    name: X\n    type: person\n"
                    "    aliases_ru: [Иванов]\n", encoding="utf-8")
    assert load_actors(good).actors["x"].aliases_ru == ["Иванов"]
    bad = tmp_path / "bad.yml"
    bad.write_text("actors:\n  - id: x\n    name: X\n    type: person\n"
                   "    aliases_ru: 5\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="aliases_ru"):
        load_actors(bad)
    keys = ru_actors.codebook_keys(load_actors(good))
    assert keys == {"person:иванов": "x"}


# -- sentiment ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("Президент поблагодарил врачей за отличную работу и поздравил их с победой.", "positive"),
    ("Полиция жестоко избила задержанных, есть погибшие.", "negative"),
])
def test_score_sentence_labels(text, label):
    score, got = PACK.score_sentence(text)
    assert got == label
    assert -1 <= score <= 1
    assert (score > 0) == (label == "positive")


def test_negation_turns_the_word_round():
    pos, _ = PACK.score_sentence("Это успех.")
    neg, _ = PACK.score_sentence("Это не успех.")
    assert neg < pos


def test_intensifier_strengthens():
    plain, _ = PACK.score_sentence("Ситуация опасная.")
    strong, _ = PACK.score_sentence("Ситуация крайне опасная.")
    assert strong < plain


# text, target, features that must be there [(token index, feature, value)], features that
# must not (token index, feature); token indices and values checked by hand
FEATURE_CASES = [
    # the verb before the target, distance buckets, the closeness weight of o: (8 / (8 + 1))
    ("Суд оправдал Иванова.", (13, 20),
     [(1, "vL:оправдать", 1.0), (1, "L1:оправдать", 1.0), (0, "L2:суд", 1.0),
      (0, "o:суд", 8 / 9), (0, "c:суд", 1.0), (1, "prev:оправдать", 1.0), (-1, "inq:0", 1.0)],
     [(1, "vR:оправдать")]),
    # negation: the next three words are read as НЕ_..., o: with the opposite sign
    ("Петров не выиграл выборы.", (0, 6),
     [(2, "s:НЕ_выиграть", 1.0), (2, "R2:НЕ_выиграть", 1.0), (2, "o:выиграть", -8 / 9),
      (3, "R2:НЕ_выборы", 1.0), (2, "vR:выиграть", 1.0), (-1, "prev:^", 1.0)],
     [(2, "s:выиграть")]),
    # the clause: "а" opens a new one, so the first verb is neither c: nor the nearest verb
    ("Иванов пришёл, а Петров ушёл.", (17, 23),
     [(5, "vR:уйти", 1.0), (5, "c:уйти", 1.0), (1, "s:прийти", 1.0), (1, "L2:прийти", 1.0),
      (1, "o:прийти", 0.5 * 8 / 10)],
     [(1, "c:прийти"), (1, "vL:прийти")]),
    # the target in quotation marks; a mark beside it is no word
    ("Газета «Правда» вышла.", (8, 14),
     [(-1, "inq:1", 1.0), (-1, "qopen", 1.0), (-1, "prev:«", 1.0), (2, "t:правда", 1.0)],
     [(1, "prev:«")]),
    # the target's kind of word and role: a place name in the genitive after a noun, whose
    # seed prior (поддержка, +) is counted for that role and for a capitalised target
    ("Поддержка России выросла.", (10, 16),
     [(1, "cap:1", 1.0), (1, "tg:Geox", 1.0), (1, "role:poss", 1.0), (0, "rs:poss:+", 1.0),
      (0, "rcp:poss", 1.0), (0, "cap1*cp", 1.0)],
     [(1, "role:obj"), (1, "cap:0")]),
    # a preposition before the target; a common noun has no capital
    ("Он выступил против санкций.", (19, 26),
     [(3, "cap:0", 1.0), (3, "role:pp", 1.0), (3, "tpos:NOUN", 1.0)],
     [(3, "role:obj")]),
]


@pytest.mark.parametrize("text, target, present, absent", FEATURE_CASES)
def test_target_features(text, target, present, absent):
    toks, sparse, dense = ru_sentiment.features(text, target)
    got = {(i, f): v for i, f, v in sparse}
    for i, f, v in present:
        assert got.get((i, f)) == pytest.approx(v), f
    for i, f in absent:
        assert (i, f) not in got, f
    for part, i, _ in dense:  # every vector part belongs to a word of the sentence
        assert part in ru_sentiment.PARTS and toks[i][2][:1].isalpha()


def test_sentence_features_need_no_target():
    toks, sparse, dense = ru_sentiment.features("Это не успех.")
    assert [t[2] for t in toks] == ["Это", "не", "успех", "."]
    assert (2, "s:НЕ_успех", 1.0) in sparse and (2, "o:успех", -1.0) in sparse
    assert {p for p, _, _ in dense} == {"S"}


def test_explain_shares_sum_to_the_score():
    text = "Министр похвалил врачей, но раскритиковал полицию за насилие."
    score, _ = PACK.score_sentence(text)
    rows = PACK.explain_sentence(text)
    assert rows and abs(sum(r[4] for r in rows) - score) < 1e-4
    for s, e, word, _, _ in rows:
        assert text[s:e] == word


def test_score_target_reads_the_clause_of_the_target():
    text = "Иванов одержал блестящую победу, а Петров потерпел позорное поражение."
    ivanov, _ = PACK.score_target(text, 0, 6)
    petrov, _ = PACK.score_target(text, 35, 41)
    assert ivanov > petrov
    for target, score in (((0, 6), ivanov), ((35, 41), petrov)):
        rows = PACK.explain_sentence(text, target=target)
        assert abs(sum(r[4] for r in rows) - score) < 1e-3
        for s, e, word, _, _ in rows:
            assert text[s:e] == word


def test_model_files():
    model = ru_sentiment.load_model()
    assert len(model.weights) > 1000
    # the sums of the hand-made priors lean the way of their sign
    assert model.weights["sp"][0] > model.weights["sp"][1]
    assert model.weights["sn"][1] > model.weights["sn"][0]
    assert set(model.vectors) == set(ru_sentiment.PARTS)
    assert all(len(w) == ru_sentiment.DIM for pair in model.vectors.values() for w in pair)
    for path in (ru_sentiment.MODEL_PATH, ru_sentiment.VECTORS_PATH):
        assert path.stat().st_size < 5_000_000
    assert model.word_parts("победа") and model.word_parts("ъъхщзщ") == {}


# -- quotes ------------------------------------------------------------------------------------

QUOTE_CASES = [
    # text, [(start, end, kind, speaker, cue)]
    ("«Мы победим», — заявила Анна Соколова.",
     [(1, 11, "direct", "Анна Соколова", "заявила")]),
    ("«Мы готовы», — заявили рабочие.",
     [(1, 10, "direct", "рабочие", "заявили")]),
    ("Иван Петров заявил: «Порядок будет наведён».",
     [(21, 42, "direct", "Иван Петров", "заявил")]),
    ("Анна Соколова: «Я остаюсь».",
     [(16, 25, "direct", "Анна Соколова", None)]),
    ("По словам Ивана Петрова, на площадь вышли тысячи.",
     [(25, 48, "paraphrase", "Ивана Петрова", "По словам")]),
    ("Как отметил Иван Петров, протесты мирные.",
     [(25, 40, "paraphrase", "Иван Петров", "отметил")]),
    ("Министр сообщил, что задержаны сто человек.",
     [(21, 42, "paraphrase", "Министр", "сообщил")]),
    ("Так называемые «мирные протестующие» ушли.",
     [(16, 35, "scare", None, None)]),
    ("Газета «Народная воля» вышла.",
     [(8, 21, "term", None, None)]),
    ("Министр назвал решение «неприемлемым».",
     [(24, 36, "partial", "Министр", "назвал")]),
    ("«Нам сказали: „Сидите дома“», — рассказала Анна.",
     [(1, 27, "direct", "Анна", "рассказала"), (15, 26, "nested", None, None)]),
    # a clause set off by commas between the subject and the verb
    ("Светлана Тихановская, находящаяся в Литве, призвала сторонников продолжать мирные акции.",
     [(52, 87, "paraphrase", "Светлана Тихановская", "призвала")]),
    ("Министр, который прибыл в Минск, заявил, что всё спокойно.",
     [(45, 57, "paraphrase", "Министр", "заявил")]),
    # the verb's object between the verb and "что"
    ("Жители района обвинили мэрию в том, что дамбу не отремонтировали.",
     [(40, 64, "paraphrase", "Жители района", "обвинили")]),
    ("Министр сообщил журналистам, что помощь направлена.",
     [(33, 50, "paraphrase", "Министр", "сообщил")]),
    # a particle between the speaker and the verb is not part of the speaker
    ("Он также заявил, что Россия ответит.",
     [(21, 35, "paraphrase", "Он", "заявил")]),
    # "что" after a verb that is not a reporting verb: no speech
    ("Власти эвакуировали жителей, что вызвало недовольство.", []),
]


@pytest.mark.parametrize("text, expected", QUOTE_CASES)
def test_find_quotes(text, expected):
    q = PACK.find_quotes(text)
    got = [(r.start, r.end, r.kind, r.speaker, r.cue) for r in q.itertuples()]
    assert got == expected
    for r in q.itertuples():
        assert text[r.start:r.end] == r.text
        if r.speaker is not None:
            assert text[r.speaker_start:r.speaker_end] == r.speaker


def test_quote_columns_and_classes():
    q = PACK.find_quotes("«Это ложь», — опроверг слухи Иван Петров.")
    assert list(q.columns) == ru_quotes.COLUMNS
    assert q.loc[0, "cue_class"] == "denying"
    assert q.loc[0, "speaker"] == "Иван Петров"


@pytest.mark.parametrize("verb", ["заявил", "заявила", "заявили", "заявит"])
def test_reporting_verbs_in_every_form(verb):
    q = PACK.find_quotes(f"«Всё спокойно», — {verb} Петров.")
    assert q.loc[0, "cue"] == verb and q.loc[0, "kind"] == "direct"


def test_pair_quotes_nested_and_unpaired():
    assert ru_quotes.pair_quotes("«а „б“ в»") == [(0, 8, 0), (3, 5, 1)]
    assert ru_quotes.pair_quotes("«а") == []


def test_quotes_gold_benchmark_meets_its_target():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from ru_quotes_gold import best_match, speaker_right

    from analysis.config import GOLD_DIR

    gold = pd.read_csv(GOLD_DIR / "ru_quotes.csv", dtype=str, keep_default_na=False)
    assert len(gold) >= 30
    right = 0
    for row in gold.itertuples():
        hit = best_match(ru_quotes.find_quotes(row.text), row.text, row.content)
        right += hit is not None and hit.kind == row.kind and speaker_right(row.speaker, hit.speaker)
    assert right / len(gold) >= 0.9


# -- frames ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, hit", [
    ("Власти говорят об иностранном вмешательстве.", (18, 43, "foreign_interference")),
    ("Это была попытка цветной революции.", (17, 34, "foreign_interference")),
    ("Всё решается по указке Запада.", (13, 29, "foreign_interference")),
    ("В городе сохраняется спокойствие.", (21, 32, "stability")),
    ("Милиция задержала протестующих.", (0, 7, "crime_and_punishment")),
])
def test_tag_frames_by_lemma(text, hit):
    found = [(s, e, f) for s, e, f, _ in PACK.tag_frames(text)]
    assert hit in found


def test_longer_cue_of_a_frame_wins():
    text = "Кукловоды из-за рубежа."
    fi = [(s, e, c) for s, e, f, c in PACK.tag_frames(text) if f == "foreign_interference"]
    assert fi == [(0, 9, "кукловод"), (10, 22, "из-за рубежа")]


def test_every_english_frame_has_russian_cues():
    from analysis.frames import load_frames

    english = set(load_frames().ids)
    book = ru_frames.load_frames()
    assert set(book.ids) == english
    en = load_frames()
    assert {f: sorted(m) for f, m in book.mfc.items()} == {
        r.frame: sorted(en.crosswalk().query("frame == @r.frame").mfc_frame)
        for r in en.crosswalk().drop_duplicates("frame").itertuples()}


def test_article_frames_applies_presence_rules():
    table = pd.DataFrame({"doc_id": ["a"] * 3, "frame": ["health"] * 3,
                          "start": [0, 10, 20], "end": [5, 15, 25]})
    out = PACK.article_frames(table, {"a": 1000}, scheme="mfc", all_rows=True)
    assert out.to_dict("records") == [{"doc_id": "a", "frame": "Health_and_safety", "hits": 3,
                                       "words": 1000, "per_1000_words": 3.0, "present": False}]
    out = PACK.article_frames(table, {"a": 500}, scheme="mfc")
    assert list(out.frame) == ["Health_and_safety"]


@pytest.mark.parametrize("name, gender, keys", [
    ("Колесникова", None, ["person:колесников", "person:колесникова"]),
    ("Колесникова", "femn", ["person:колесникова"]),
    ("Мария Колесникова", None, ["person:колесникова"]),
    ("Путину", "masc", ["person:путин"]),
])
def test_person_keys_list_both_genders_when_the_form_does_not_tell(name, gender, keys):
    assert ru_actors.person_keys(name, gender=gender) == keys


def test_teaching_text_front_matter_reads():
    import warnings

    from analysis.config import RAW_DIR
    from analysis.load import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a front-matter problem would be a LoadWarning
        row = load_corpus(RAW_DIR / "teaching_ru_belarus.txt").iloc[0]
    assert row["language"] == "ru" and row["title"].startswith("Минск после выборов: протесты")
