"""Article text in Markdown and HTML: one way to show untrusted text, and a second wall.

Everything an article brings (its text, sentences, quotes, title, outlet, file name) is
untrusted: it may hold markup, script, or Markdown that would turn into a live link. The
notebooks and the reports show such text only through these functions:

==================  ===========================================================================
function            use
==================  ===========================================================================
:func:`html_text`   text inside HTML (an element or a quoted attribute value)
:func:`md_text`     text inside a Markdown string (``display(Markdown(...))``), inline
:func:`md_quote`    a sentence or passage as a Markdown block quote
:func:`md_code`     a name or id shown in code type inside Markdown
==================  ===========================================================================

:func:`md_text` writes every ASCII punctuation character as a numeric character reference
(``&#42;`` for ``*``): Markdown reads a reference as a literal character, never as syntax
(CommonMark 6.2), and HTML shows it as that character, so ``[x](javascript:...)``, backticks,
``*``, ``_``, ``<``, ``&`` and line-start ``#``/``1.`` all stay what they are: text.

The second wall: :func:`sanitize_fragment` cleans an HTML fragment with ``nh3`` (tags,
attributes and URL schemes on an allow list; no script, no event handler, no ``javascript:``
or ``data:`` link), and :func:`sanitize_page` removes from a whole exported page what content
could have injected (scripts other than the page template's own, ``on*=`` attributes,
``javascript:``/``data:`` URLs other than embedded pictures, frames, objects) while the
template's own scripts and the reading view's styles keep working.
:func:`find_active_content` lists what is left, for tests and warnings.
"""
from __future__ import annotations

import html as _html
import math
import re

__all__ = ["html_text", "md_text", "md_quote", "md_code", "sanitize_fragment", "sanitize_page",
           "template_blocks", "find_active_content"]

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in _PUNCT if c not in ",."}
_MD_TABLE[ord(".")] = "&#46;"  # "1." at a line start, "www." autolinks
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_SPACES = re.compile(r"[ \t]+")


def _as_text(value) -> str:
    """``value`` as a string; None and NaN are ''."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def html_text(value, *, breaks: bool = False) -> str:
    """``value`` escaped for HTML text or a quoted attribute value (``& < > " '``).

    With ``breaks=True`` line breaks become ``<br>``. None and NaN give ''.
    """
    text = _html.escape(_as_text(value), quote=True)
    if breaks:
        text = _LINE_BREAKS.sub("<br>", text)
    return text


def md_text(value) -> str:
    """``value`` for use inside a Markdown string, where it stays plain text.

    ASCII punctuation becomes numeric character references (``[`` -> ``&#91;``), which
    Markdown shows as the characters themselves and never reads as links, emphasis, code,
    headings, lists or HTML; line breaks become spaces and runs of spaces one space, so the
    text stays inline. None and NaN give ''.
    """
    text = _LINE_BREAKS.sub(" ", _as_text(value))
    return _SPACES.sub(" ", text).translate(_MD_TABLE)


def md_quote(value) -> str:
    """``value`` (a sentence, a passage) as a Markdown block quote whose text stays text.

    Each line of ``value`` becomes one line of the quote (joined with ``<br>``); blank
    lines are dropped. An empty value gives a quote that says ``(empty)``.
    """
    lines = [md_text(line.strip()) for line in _LINE_BREAKS.split(_as_text(value))]
    lines = [line for line in lines if line]
    return "> " + ("<br>\n> ".join(lines) if lines else "*(empty)*")


def md_code(value) -> str:
    """``value`` in code type inside Markdown (``<code>`` with :func:`md_text` inside, since
    a backtick span would show the references literally)."""
    return f"<code>{md_text(value)}</code>"


# ---------------------------------------------------------------------------------------------
# the second wall

FRAGMENT_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
"""Tags kept in a cleaned fragment (``<style>`` for the reading view and pandas tables, whose
content is cleaned by :func:`_clean_css`; ``<input>``/``<label>`` for its layer check boxes)."""
_GLOBAL_ATTRIBUTES = {"class", "title", "style", "lang", "dir", "id", "role", "aria-label",
                      "aria-hidden", "hidden"}
_ATTRIBUTES = {
    "a": {"href", "name"}, "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"}, "table": {"border"}, "ol": {"start"},
    "input": {"type", "checked", "disabled", "name", "value"}, "label": {"for"},
    "style": {"scoped", "type"}, "col": {"span"}, "colgroup": {"span"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_CSS_DANGER = re.compile(r"url\s*\(|@import|expression\s*\(|behaviou?r\s*:|-moz-binding|"
                         r"javascript\s*:|\\", re.I)
_CSS_DECLARATION = re.compile(r"[^;{}]+;?")


def _clean_css(css: str) -> str:
    """A style sheet or ``style`` value with no way to fetch or run anything: any
    declaration holding ``url(``, ``@import``, ``expression(``, ``behavior``, ``-moz-binding``,
    ``javascript:`` or a backslash escape (which could spell them) is removed."""
    if not _CSS_DANGER.search(css):
        return css
    return _CSS_DECLARATION.sub(lambda m: "" if _CSS_DANGER.search(m.group(0)) else m.group(0), css)


def _attribute_filter(tag: str, attribute: str, value: str):
    if attribute.startswith("data-"):
        return value
    if attribute == "style":
        return _clean_css(value)
    if tag == "input" and attribute == "type":
        return value if value.lower() in ("checkbox", "radio") else None
    return value


def sanitize_fragment(fragment: str) -> str:
    """``fragment`` (HTML made by a notebook output) cleaned with ``nh3``: only the tags of
    :data:`FRAGMENT_TAGS`; no script, frame, object, form or event handler; links only to
    ``http``, ``https`` and ``mailto`` (no ``javascript:`` or ``data:``); no outside picture;
    style sheets without ``url()``/``@import``. Markup that is already escaped stays text."""
    import nh3

    cleaned = nh3.clean(
        fragment, tags=set(FRAGMENT_TAGS), clean_content_tags={"script", "iframe", "object",
                                                               "embed", "noscript", "template"},
        attributes={"*": set(_GLOBAL_ATTRIBUTES), **{k: set(v) for k, v in _ATTRIBUTES.items()}},
        generic_attribute_prefixes={"data-"}, attribute_filter=_attribute_filter,
        url_schemes=set(_URL_SCHEMES), link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + _clean_css(m.group(2)) + m.group(3), cleaned)


_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.I | re.S)
_SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.I | re.S)
_DANGEROUS_ELEMENTS = re.compile(
    r"<(iframe|frame|frameset|object|embed|applet|base|form|portal)\b[^>]*>(?:.*?</\1\s*>)?"
    r"|<meta\b[^>]*http-equiv[^>]*>", re.I | re.S)
_TAG = re.compile(r"<[a-zA-Z][^\s/>]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*"
                  r"\s*/?>", re.S)
_HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_URL_ATTR = re.compile(
    r"""(\s(?:href|src|srcset|action|formaction|xlink:href|poster|data|background|ping|"""
    r"""lowsrc|dynsrc|cite)\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_BAD_URL = re.compile(r"^\s*(?:javascript|vbscript|data|livescript)\s*:", re.I)
_EMBEDDED_PICTURE = re.compile(r"^\s*data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$",
                               re.I)


def _url_value(raw: str) -> str:
    value = raw[1:-1] if raw[:1] in "\"'" else raw
    value = _html.unescape(value)
    return re.sub(r"[\x00-\x20]+", "", value[:64]) + value[64:]


def _clean_tag(match: re.Match) -> str:
    tag = match.group(0)
    tag = _HANDLER.sub("", tag)
    name = re.match(r"<([a-zA-Z][^\s/>]*)", tag).group(1).lower()

    def url(m: re.Match) -> str:
        value = _url_value(m.group(2))
        if _BAD_URL.match(value) and not (name == "img" and _EMBEDDED_PICTURE.match(value)):
            return m.group(1) + '"#"'
        return m.group(0)

    return _URL_ATTR.sub(url, tag)


def sanitize_page(page: str, *, template=()) -> str:
    """A whole HTML page with everything content could have injected removed.

    ``template`` holds the exact ``<script>...</script>`` and ``<style>...</style>`` elements
    of the page template (see :func:`template_blocks`); they are kept as they are. Every other
    ``<script>`` element is removed, and so are frames, objects, embeds, forms, ``<base>`` and
    refresh ``<meta>``; every ``on*=`` attribute; every ``javascript:``, ``vbscript:`` and
    ``data:`` URL except ``data:image/...;base64`` pictures in ``<img src>``; and ``url()``/
    ``@import`` in other style sheets and in ``style`` values. Text (already escaped) is not
    touched.
    """
    allowed = set(template)
    kept: list[str] = []

    def hold(block: str) -> str:
        kept.append(block)
        return f"\x00block{len(kept) - 1}\x00"

    page = page.replace("\x00", "")
    page = _SCRIPT_BLOCK.sub(lambda m: hold(m.group(0)) if m.group(0) in allowed else "", page)
    page = _STYLE_BLOCK.sub(lambda m: hold(m.group(0) if m.group(0) in allowed else
                                           m.group(1) + _clean_css(m.group(2)) + m.group(3)), page)
    page = _DANGEROUS_ELEMENTS.sub("", page)
    page = _TAG.sub(_clean_tag, page)
    page = re.sub(r"""(\sstyle\s*=\s*)("[^"]*"|'[^']*')""",
                  lambda m: m.group(1) + m.group(2)[0] + _clean_css(m.group(2)[1:-1]) + m.group(2)[0],
                  page, flags=re.I)
    return re.sub("\x00block(\\d+)\x00", lambda m: kept[int(m.group(1))], page)


def template_blocks(page: str) -> set[str]:
    """The ``<script>`` and ``<style>`` elements of ``page`` (an export of an empty notebook
    with the report's exporter): the page template's own, which :func:`sanitize_page` keeps."""
    return {m.group(0) for m in _SCRIPT_BLOCK.finditer(page)} | \
        {m.group(0) for m in _STYLE_BLOCK.finditer(page)}


def find_active_content(page: str, *, template=()) -> list[str]:
    """What in ``page`` could run or fetch something: ``<script>`` elements that are not in
    ``template`` (see :func:`template_blocks`), ``on*=`` attributes, ``javascript:``/``data:``
    URLs (other than embedded pictures), frames and objects, and ``url()``/``@import`` in
    style sheets other than the template's. Each entry is a short excerpt; an empty list means
    none was found."""
    allowed = set(template)
    found = [m.group(0)[:80] for m in _SCRIPT_BLOCK.finditer(page) if m.group(0) not in allowed]
    rest = _STYLE_BLOCK.sub(lambda m: "" if m.group(0) in allowed else m.group(0),
                            _SCRIPT_BLOCK.sub("", page))
    found += [m.group(0)[:80] for m in _DANGEROUS_ELEMENTS.finditer(rest)]
    for tag in _TAG.finditer(rest):
        found += [h.strip()[:80] for h in _HANDLER.findall(tag.group(0))]
        name = re.match(r"<([a-zA-Z][^\s/>]*)", tag.group(0)).group(1).lower()
        for m in _URL_ATTR.finditer(tag.group(0)):
            value = _url_value(m.group(2))
            if _BAD_URL.match(value) and not (name == "img" and _EMBEDDED_PICTURE.match(value)):
                found.append(m.group(0).strip()[:80])
    for m in _STYLE_BLOCK.finditer(rest):
        if _CSS_DANGER.search(m.group(2)):
            found.append(_CSS_DANGER.search(m.group(2)).group(0))
    return found
