"""HTML: the page's main text only, as paragraphs; scripts, styles, navigation and chrome dropped.

Parsed with selectolax (the Lexbor HTML5 parser, compiled, ~100x faster than pure-Python
parsers). The main text is the ``<main>`` element (or ``role=main``), else the largest
``<article>``, else ``<body>``; inside it, navigation, headers, footers, asides, forms and
hidden elements are dropped, and so are elements whose class or id names page chrome
(``cookie-banner``, ``sidebar``, ``share-buttons``). Offsets point into the extracted text;
blocks are numbered paragraphs.
"""

from __future__ import annotations

import codecs
import re

from copyhound.errors import InputError
from copyhound.model import Document
from copyhound.read.decode import decode
from copyhound.read.formats.locations import TextBuilder, require
from copyhound.read.limits import budget

DROP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "iframe",
        "button",
        "select",
        "option",
        "textarea",
        "canvas",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "head",
        "title",
        "meta",
        "link",
    }
)
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "address",
        "hr",
        "br",
        "body",
        "html",
        "center",
        "details",
        "summary",
        "fieldset",
        "legend",
    }
)
#: Words in a class or id that mark page chrome rather than the text (``cookie-banner``).
CHROME_WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "sidebar", "footer", "cookie", "cookies",
        "consent", "banner", "breadcrumb", "breadcrumbs", "share", "sharing", "social",
        "related", "comments", "advert", "advertisement", "ads", "promo", "newsletter",
        "subscribe", "popup", "modal", "skip",
    }
)  # fmt: skip
_NAME_WORDS = re.compile(r"[\s_-]+")
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])

_SPACE = re.compile(r"[ \t\r\n\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SIGNS = (b"<!doctype html", b"<html", b"<head", b"<body")


def sniff(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_SIGNS) or (head.startswith(b"<") and b"<body" in data[:4096].lower())


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Text of the page: the charset its ``<meta>`` declares, else detected."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = declared.group(1).decode("ascii").lower()
        try:
            if codecs.lookup(encoding).name in _NOT_PAGE_ENCODINGS:
                raise LookupError(encoding)
            return data.decode(encoding), encoding
        except Exception:  # unknown, not a text codec, or the bytes are not in it: detect
            pass
    return decode(data, name)


#: Python codecs a page may name but that are no page encoding (escapes, IDNA): detected instead.
_NOT_PAGE_ENCODINGS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7"}
)


def nesting_depth(text: str, limit: int) -> int:
    """How deep the page's elements nest, as an HTML parser would build them, stopping at ``limit``.

    Parsers (Lexbor too) scan the stack of open elements at many start tags, so a page nesting
    100,000 elements costs quadratic time; browsers cap the depth, we refuse such a page. An end
    tag closes back to its element, as in a parser; void elements and those whose end tag may be
    left out (``p``, ``li``, ``td``...) are not counted, nor is the content of comments, scripts
    and styles. Linear: every element is pushed and popped at most once.
    """
    if text.count("<") <= limit:
        return 0  # fewer tags than the limit: nothing to scan
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    pos = 0
    search = _TAG.search
    while deepest <= limit:
        m = search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group(0) == "<!--":
            end = text.find("-->", pos)
            if end < 0:
                break
            pos = end + 3
            continue
        closing, tag = m.group(1), m.group(2).lower()
        if tag in _NOT_NESTING:
            continue
        if closing:
            if open_count.get(tag):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == tag:
                        break
            continue
        if tag in _RAW_TEXT:
            end = _find_close(text, tag, pos)
            if end < 0:
                break
            pos = end
            continue
        stack.append(tag)
        open_count[tag] = open_count.get(tag, 0) + 1
        deepest = max(deepest, len(stack))
    return deepest


def _find_close(text: str, tag: str, pos: int) -> int:
    m = re.compile(f"</{tag}", re.I).search(text, pos)
    return m.start() if m else -1


_TAG = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*)")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed"})
#: Void elements and elements whose end tag may be left out: never nest by themselves.
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr",
        "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp",
        "html", "head", "body", "plaintext",
    }
)  # fmt: skip


def _dropped(node) -> bool:
    if node.tag in DROP:
        return True
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if (attrs.get("role") or "") in DROP_ROLES:
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return bool(CHROME_WORDS.intersection(_NAME_WORDS.split(names)))


def main_node(tree):
    """The element holding the page's main text."""
    for selector in ("main", "[role=main]"):
        found = tree.css_first(selector)
        if found is not None:
            return found
    articles = outermost_articles(tree.body or tree.root)
    if articles:
        # The largest article is an outermost one (an article holds all its inner ones' text),
        # and outermost articles share no text: measuring them is linear in the page.
        return max(articles, key=lambda a: len(a.text(separator=" ")))
    return tree.body or tree.root


def outermost_articles(root) -> list:
    """``<article>`` elements not inside another, in document order, without recursion."""
    found = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.tag == "article":
            found.append(node)
            continue
        stack.extend(reversed(list(node.iter())))
    return found


class _Blocks:
    """Collects inline text into blocks, closing one at every block boundary."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.parts: list[str] = []
        self.unit = "paragraph"
        self.count = 0

    def flush(self) -> None:
        text = "".join(self.parts)
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
        self.parts = []
        if text:
            self.count += 1
            self.out.add(text, self.unit, self.count)
        self.unit = "paragraph"


def extract(root) -> TextBuilder:
    """Walk the tree without recursion (pages can nest thousands deep)."""
    blocks = _Blocks()
    spend = budget()
    stack: list[tuple[object, bool, bool]] = [(root, False, False)]
    visited = 0
    while stack:
        node, leaving, in_pre = stack.pop()
        visited += 1
        if visited % 65536 == 0:
            spend.check_time()
        tag = node.tag
        if leaving:
            blocks.flush()
            continue
        if tag == "-text":
            text = node.text_content or ""
            blocks.parts.append(text if in_pre else _SPACE.sub(" ", text))
            continue
        if tag is None or tag.startswith("-") or _dropped(node):  # comments, PIs, boilerplate
            continue
        if tag == "br":
            blocks.parts.append("\n")
            continue
        if tag in ("td", "th"):
            blocks.parts.append("\t")
        block = tag in BLOCKS
        if block:
            blocks.flush()
            if tag in HEADINGS:
                blocks.unit = "heading"
            stack.append((node, True, in_pre))
        children = list(node.iter(include_text=True))
        pre = in_pre or tag == "pre"
        for child in reversed(children):
            stack.append((child, False, pre))
    blocks.flush()
    return blocks.out


def read_html(data: bytes, name: str) -> Document:
    lexbor = require("selectolax.lexbor", "selectolax", "HTML")  # only when HTML is read

    text, encoding = decode_html(data, name)
    spend = budget()
    depth = nesting_depth(text, spend.limits.max_depth)
    spend.depth(depth)
    spend.check_time()
    try:
        tree = lexbor.LexborHTMLParser(text)
    except Exception as exc:
        raise InputError(f"{name}: cannot parse the HTML ({type(exc).__name__})") from None
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else ""
    out = extract(main_node(tree))
    if not out.text.strip():
        raise InputError(f"{name}: the HTML page holds no main text")
    return Document(
        text=out.text,
        name=name,
        format="html",
        encoding=encoding,
        locations=out.locations,
        metadata=page_metadata(tree, title),
    )


#: ``<meta>`` keys that name the page's work, as source attribution reads them: Dublin Core,
#: Open Graph, Highwire (Google Scholar) and the plain HTML ``author``.
_META_KEYS = {
    "author": "author",
    "article:author": "author",
    "citation_author": "author",
    "dc.creator": "author",
    "dcterms.creator": "author",
    "og:site_name": "site_name",
    "application-name": "site_name",
    "publisher": "publisher",
    "dc.publisher": "publisher",
    "citation_publisher": "publisher",
    "citation_journal_title": "journal",
    "og:title": "title",
    "title": "title",
    "twitter:title": "title",
    "dcterms.title": "title",
    "citation_title": "title",
    "dc.title": "title",
    "og:url": "url",
}


def page_metadata(tree, title: str) -> dict[str, str]:
    """The page's title, authors, site and address from its ``<head>``: a writer credits a
    web page by these, and many pages name their author nowhere else."""
    found: dict[str, list[str]] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        value = " ".join((attrs.get("content") or "").split())
        if key in _META_KEYS and value:
            if _META_KEYS[key] == "author" and re.fullmatch(r"[^,]+,\s*[^,]+", value):
                family, given = (v.strip() for v in value.split(",", 1))
                value = f"{given} {family}"  # citation_author "Okonkwo, Adaeze"
            values = found.setdefault(_META_KEYS[key], [])
            if value not in values:
                values.append(value)
    canonical = tree.css_first('link[rel="canonical"]')
    if canonical is not None and canonical.attributes.get("href") and "url" not in found:
        found["url"] = [canonical.attributes["href"]]
    meta = {k: "; ".join(v) if k == "author" else v[0] for k, v in found.items()}
    if title:
        meta.setdefault("title", title)
    return meta
