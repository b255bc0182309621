"""Small corpora of every shape a report must cope with, written on demand into a folder.

Each shape is built from text written for these tests (no outside data). ``write_shape(name,
folder)`` writes the files of shape ``name`` and returns the folder; ``SHAPES`` maps each name
to what it checks. The hostile articles (``HOSTILE``) carry markup and script that must stay text.
"""
from __future__ import annotations

import random
from pathlib import Path

SHAPES = {
    "no_frame_cue": "English articles in which no frame cue occurs",
    "one_sentence": "a corpus of one article of one sentence",
    "no_quotes_no_actors": "English text without quotation marks, reporting verbs or known actors",
    "non_english": "only a Russian and a German article",
    "broken_only": "only unreadable files: an empty file and a picture renamed .txt",
    "one_article": "one ordinary English news article",
    "mixed": "a few hundred short articles from varied templates, some broken, some not English",
    "two_languages": "an English and a Russian article on the same events, from two outlets",
}

NO_FRAME = """---
title: Bakery opens a second shop
outlet: Town Weekly
published: 2021-05-04
language: en
---
A bakery opened its second shop on Tuesday morning.

The new shop sells bread, cakes and coffee. It is open from seven until four.

Customers waited in a short line before the doors opened.
"""

NO_FRAME_2 = """---
title: Library adds evening hours
outlet: Town Weekly
language: en
---
The library will stay open until eight on Thursdays from next month.

Books can also be returned at a box by the door.
"""

ONE_SENTENCE = "The council met on Tuesday.\n"

NO_QUOTES_NO_ACTORS = """---
title: Rain expected over the weekend
language: en
---
Heavy rain is expected over the weekend across the northern valleys.

Rivers may rise by the end of Sunday. Farmers have moved sheep to higher fields.

The roads near the lake were closed for a few hours on Friday.
"""

RUSSIAN = """---
title: Новая библиотека открылась в центре города
language: ru
---
В центре города в понедельник открылась новая библиотека. В ней можно читать книги и журналы.

По словам директора, библиотека будет работать каждый день, кроме воскресенья.
"""

GERMAN = """---
title: Neue Brücke über den Fluss eröffnet
language: de
---
Am Montag wurde die neue Brücke über den Fluss eröffnet. Sie verbindet die beiden Stadtteile.

Der Bürgermeister sagte, die Brücke sei ein wichtiger Schritt für die Stadt.
"""

RUSSIAN_NEWS = """---
title: Забастовка на тракторном заводе
outlet: Утренний вестник
published: 2021-03-02
language: ru
---
В понедельник тысячи рабочих тракторного завода прекратили работу и присоединились к забастовкам.

«Мы больше не боимся», — сказала сварщица Анна Петрова. Министр внутренних дел Олег Брандт назвал забастовщиков «небольшой группой, оплачиваемой из-за рубежа».

По словам чиновников, обстановка стабильная. Петрову вызвали в милицию, но Петрова не пришла.
"""

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")

ONE_ARTICLE = """---
title: Strikes spread as workers defy the ministry
outlet: Example Daily
published: 2021-03-02
language: en
---
Thousands of workers walked off the job at the tractor plant on Monday, joining a wave of strikes.

"We are not afraid any more," said Anna Petrova, a welder at the plant. Interior Minister Oleg Brandt called the strikers "a small group paid from abroad".

Officials said the situation was stable and under control. Critics claimed the protests were growing every day, and Vladimir Putin was reported to be watching closely.
"""

TEMPLATES = [
    ("{city}: {actor} meets {other}",
     "{actor} met {other} in {city} on {day}. \"We discussed {topic},\" {actor} said after the "
     "meeting.\n\nOfficials said the talks were about stability in the region."),
    ("Protests continue in {city}",
     "Protesters gathered in {city} on {day} for the {n}th day. Police detained {n} people.\n\n"
     "The ministry claimed the rallies were organised from abroad. Protesters called this "
     "\"a lie\"."),
    ("{city} market reopens",
     "The market in {city} reopened on {day} after repairs. Traders sold fruit and fish.\n\n"
     "The repairs took {n} weeks."),
    ("Weather: cold week ahead in {city}",
     "Temperatures in {city} will fall below zero from {day}. Snow is likely."),
    ("Economy: prices rise",
     "Prices in {city} rose by {n} per cent in a year, according to the statistics office.\n\n"
     "Analysts said the economy may slow. {actor} promised help for families, apparently."),
]
CITIES = ["Minsk", "Northfield", "Riverton", "Lakeside", "Hillcrest", "Port Amber"]
ACTORS = ["Vladimir Putin", "Alexander Lukashenko", "Maria Zakharova", "Anna Petrova",
          "Oleg Brandt"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TOPICS = ["trade", "energy prices", "the border", "students"]
OUTLETS = ["Example Daily", "Town Weekly", "Evening Post", ""]


def mixed_articles(n: int = 240, *, seed: int = 16) -> dict[str, bytes | str]:
    """``n`` short articles (file name -> content) from the templates, with every tenth one
    Russian or German, every 25th empty and one picture among them."""
    rng = random.Random(seed)
    files: dict[str, bytes | str] = {}
    for i in range(n):
        name = f"a{i:04d}.txt"
        if i % 25 == 24:
            files[name] = ""
            continue
        if i % 10 == 9:
            files[name] = RUSSIAN if i % 20 == 9 else GERMAN
            continue
        title, body = rng.choice(TEMPLATES)
        actor, other = rng.sample(ACTORS, 2)
        values = dict(city=rng.choice(CITIES), actor=actor, other=other, day=rng.choice(DAYS),
                      topic=rng.choice(TOPICS), n=rng.randint(2, 40))
        front = [f"title: {title.format(**values)}", "language: en"]
        outlet = rng.choice(OUTLETS)
        if outlet:
            front.append(f"outlet: {outlet}")
        front.append(f"published: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        files[name] = "---\n" + "\n".join(front) + "\n---\n" + body.format(**values) + "\n"
    files["picture.txt"] = PNG
    return files


HOSTILE = {
    # the first article (the one every notebook looks at closely) carries every payload
    "h1_script.txt": """---
title: '<script>window.__pwned = "title"; document.title = "pwned"</script>Rally'
outlet: '<img src=x onerror="window.__pwned = &quot;outlet&quot;">Daily <b>Bold</b>'
language: en
---
Officials said the wonderful, great plan was [click here](javascript:window.__pwned='md';alert(1)) and a real success, apparently.

The terrible attack <script>window.__pwned = "body"; alert("body")</script> was a disaster and a crisis, critics claimed on Friday.

A post read "><img src=x onerror="window.__pwned = 'img'; alert(2)"> before the ministry deleted it, reportedly.

Vladimir Putin said "<a href=\\"javascript:window.__pwned='link'\\">click</a> for the plan" about foreign interference.

A picture ![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) was shown & <b>bold</b> with `ticks` and *stars* _lines_ to the protesters.

The ministry said <style>* { visibility: hidden !important }</style> the protests were paid from abroad.

Officials warned <iframe src="data:text/html,<script>parent.__pwned='frame'</script>"></iframe> of foreign meddling.

A reader wrote =HYPERLINK("http://example.invalid/?x","click") in a comment, apparently.

Another wrote <svg onload="window.__pwned='svg'"></svg> and <div style="background:url(javascript:alert(1))">x</div> too.
""",
    "h2_markdown.txt": """---
title: '[click here](javascript:window.__pwned=1) and `code` *bold* _it_'
outlet: '<a href="javascript:window.__pwned=2">Outlet</a>'
language: en
---
Maria Zakharova said the plan was [click here](javascript:window.__pwned='md') and nothing more.

The spokesperson claimed "[read](javascript:alert(document.domain)) this" on Tuesday, reportedly.
""",
    "h3_style.txt": """---
title: Styles and data
outlet: "<style>body { display: none }</style>Outlet"
language: en
---
The ministry said <style>* { visibility: hidden !important }</style> the protests were a disaster.

A reader wrote =HYPERLINK("http://example.invalid/?x","click") in a comment, apparently.
""",
    # a file name (the doc_id) with markup; it sorts last, so h1 stays the article looked at
    'z"><svg onload="window.__pwned=\'id\'">.txt': "The protests were a disaster, officials said.\n",
}
"""Articles whose text, title, outlet and file name carry markup, script, Markdown links to
``javascript:``, ``data:`` URLs, style sheets and a spreadsheet formula. Every payload that
runs sets ``window.__pwned``, changes ``document.title`` or opens a dialog."""


def write_shape(name: str, folder: str | Path) -> Path:
    """Write the files of shape ``name`` (a key of :data:`SHAPES`, or ``hostile``) into
    ``folder``; return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes | str] = {
        "no_frame_cue": {"bakery.txt": NO_FRAME, "library.txt": NO_FRAME_2},
        "one_sentence": {"council.txt": ONE_SENTENCE},
        "no_quotes_no_actors": {"rain.txt": NO_QUOTES_NO_ACTORS},
        "non_english": {"ru.txt": RUSSIAN, "de.txt": GERMAN},
        "broken_only": {"empty.txt": "", "picture.txt": PNG},
        "one_article": {"strike.txt": ONE_ARTICLE},
        "two_languages": {"strike.txt": ONE_ARTICLE, "strike_ru.txt": RUSSIAN_NEWS},
        "hostile": HOSTILE,
    }.get(name) or (mixed_articles() if name == "mixed" else None)
    if files is None:
        raise KeyError(f"unknown corpus shape {name!r}; choose from {sorted(SHAPES)} or 'hostile'")
    for file, content in files.items():
        path = folder / file
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder
