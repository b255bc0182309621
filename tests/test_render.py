"""Untrusted text stays text: the escaping functions and the second wall, case by case."""
import math

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from analysis.render import (find_active_content, html_text, md_code, md_quote, md_text,
                             sanitize_fragment, sanitize_page, template_blocks)


@pytest.mark.parametrize("text_in, text_out", [
    ("plain words", "plain words"),
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ('a "b" & \'c\'', "a &quot;b&quot; &amp; &#x27;c&#x27;"),
    ("line\nbreak", "line\nbreak"),
    (None, ""),
    (math.nan, ""),
    (12, "12"),
])
def test_html_text(text_in, text_out):
    assert html_text(text_in) == text_out


def test_html_text_breaks():
    assert html_text("a<b\r\nc\rd", breaks=True) == "a&lt;b<br>c<br>d"


@pytest.mark.parametrize("text_in, text_out", [
    ("Putin met Lukashenko", "Putin met Lukashenko"),
    ("[x](javascript:alert(1))", "&#91;x&#93;&#40;javascript&#58;alert&#40;1&#41;&#41;"),
    ("`code` *b* _i_", "&#96;code&#96; &#42;b&#42; &#95;i&#95;"),
    ("<img src=x onerror=alert(1)>", "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;"),
    ("AT&T", "AT&#38;T"),
    ("# not a heading", "&#35; not a heading"),
    ("1. not a list", "1&#46; not a list"),
    ("two\nlines\r\nhere", "two lines here"),
    ("many    spaces", "many spaces"),
    ("a, b", "a, b"),
    (None, ""),
])
def test_md_text(text_in, text_out):
    assert md_text(text_in) == text_out


@pytest.mark.parametrize("text_in, html_out", [
    # what nbconvert (mistune) makes of the escaped text: the characters, never markup
    ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("*not bold* and `not code`", "<p>*not bold* and `not code`</p>"),
    ("![x](data:text/html;base64,AAAA)", "<p>![x](data:text/html;base64,AAAA)</p>"),
    ("# title", "<p>#&nbsp;title</p>".replace("&nbsp;", " ")),
    ("a & b < c", "<p>a &amp; b &lt; c</p>"),
])
def test_md_text_renders_as_the_characters(text_in, html_out):
    assert markdown2html_mistune(md_text(text_in)).strip() == html_out


@pytest.mark.parametrize("text_in, md_out", [
    ("One sentence.", "> One sentence&#46;"),
    ("first\nsecond", "> first<br>\n> second"),
    ("first\n\n\nsecond", "> first<br>\n> second"),
    ("", "> *(empty)*"),
    ("<b>x</b>", "> &#60;b&#62;x&#60;&#47;b&#62;"),
])
def test_md_quote(text_in, md_out):
    assert md_quote(text_in) == md_out


def test_md_quote_renders_as_one_block_quote():
    rendered = markdown2html_mistune(md_quote("Officials said [x](javascript:alert(1))\n# no"))
    assert rendered.count("<blockquote>") == 1
    assert "<a " not in rendered and "<h1>" not in rendered
    assert "javascript:alert(1)" in rendered  # shown as text


def test_md_code():
    assert md_code("a`b") == "<code>a&#96;b</code>"
    assert markdown2html_mistune(md_code("x_1*")).strip() == "<p><code>x_1*</code></p>"


@pytest.mark.parametrize("fragment, kept, removed", [
    ('<p onclick="x()">t</p>', "<p>t</p>", "onclick"),
    ("<script>alert(1)</script>after", "after", "alert"),
    ('<a href="javascript:alert(1)">j</a>', "<a", "javascript"),
    ('<a href="https://example.org/">h</a>', 'href="https://example.org/"', "javascript"),
    ('<img src="data:text/html,x" onerror="y()">', "", "onerror"),
    ('<iframe src="data:text/html,<script>x</script>"></iframe>ok', "ok", "iframe"),
    ("<style>.a { background: url(https://example.org/x) }</style>", "<style>", "url("),
    ('<span style="color: red; background: url(x)">s</span>', 'style="color: red', "url("),
    ('<label><input type="checkbox" data-switch="frames" checked> f</label>',
     'data-switch="frames"', "onchange"),
    ('<input type="text" value="x">', "<input", 'type="text"'),
    ("&lt;script&gt;", "&lt;script&gt;", "<script"),
])
def test_sanitize_fragment(fragment, kept, removed):
    cleaned = sanitize_fragment(fragment)
    assert kept in cleaned
    assert removed not in cleaned


TEMPLATE = ("<html><head><script>var own = 1;</script><style>.t { background: url(data:image/png;"
            "base64,AAAA) }</style></head><body>{}</body></html>")


@pytest.mark.parametrize("body, kept, removed", [
    ("<script>window.__pwned = 1</script><p>t</p>", "<p>t</p>", "__pwned"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">', "onerror"),
    ('<svg onload=alert(1)></svg>', "<svg>", "onload"),
    ('<a href="javascript:alert(1)">x</a>', '<a href="#">x</a>', "javascript"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', '<a href="#">x</a>', "alert"),
    ('<a href="&#106;avascript:alert(1)">x</a>', '<a href="#">x</a>', "alert"),
    ('<a href="data:text/html,x">x</a>', '<a href="#">x</a>', "data:text"),
    ('<img src="data:image/png;base64,iVBORw0KGgo=">', 'src="data:image/png;base64,iVBORw0KGgo="', "#"),
    ('<iframe src="https://example.org"></iframe><p>k</p>', "<p>k</p>", "iframe"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org">', "<body>", "refresh"),
    ("<style>p { background: url(https://example.org/x) }</style>", "<style>p {", "example.org"),
    ("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p>", "&lt;script&gt;alert(1)&lt;/script&gt; onerror=x",
     "<script>alert"),
])
def test_sanitize_page_keeps_the_template_and_removes_injected_content(body, kept, removed):
    page = TEMPLATE.replace("{}", body)
    template = template_blocks(TEMPLATE.replace("{}", ""))
    cleaned = sanitize_page(page, template=template)
    assert "<script>var own = 1;</script>" in cleaned
    assert "url(data:image/png;base64,AAAA)" in cleaned  # the template's own style sheet
    assert kept in cleaned
    assert removed not in cleaned.split("<body>")[1]
    assert find_active_content(cleaned, template=template) == []


def test_find_active_content_lists_what_would_run():
    page = ('<script>x()</script><img src=x onerror="y()"><a href="javascript:z()">a</a>'
            '<style>a { background: url(https://example.org) }</style>')
    found = find_active_content(page)
    assert len(found) == 4
    assert found[0].startswith("<script>") and 'onerror="y()"' in found
