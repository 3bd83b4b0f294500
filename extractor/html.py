"""HTML pages to article text and page metadata (title, publication date, URL).

A page is reduced to the article: boilerplate elements are dropped (navigation, page
headers and footers, cookie banners, ads, related links, comments...), the body container is
chosen (``<article>``, else ``<main>``, else the element holding the most paragraph text),
and the text is the headline followed by one paragraph per block, separated by blank lines.
Figure captions are left out: they describe photos, repeat the story with other dates and
carry credits, which would add spurious or misdated mentions.
"""

from __future__ import annotations

import datetime
import email.utils
import html as html_module
import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString

from .datelines import dateline_date


def html_to_text(html: str) -> tuple[str, dict]:
    """Return the article text of an HTML page and its metadata.

    The metadata dict has ``title`` (str or None), ``published`` (``datetime.date`` or
    None), ``url`` (str or None) and ``warnings`` (list of str). The text is the headline,
    then each block as its own paragraph, separated by blank lines; it is empty (with a
    warning) when the page has no article text.

    1. read the head: meta tags, JSON-LD (before scripts go), the ``<title>``;
    2. drop boilerplate and choose the body container;
    3. find the headline and the publication date (a ``<time>`` in a byline counts);
    4. drop bylines and datelines, then read the blocks (from JSON-LD ``articleBody`` when the
       page has no ``<article>`` and the body says more); without a date so far, the
       story's wire dateline ("BEIJING, Nov 9 (Reuters) -") gives it, with the year from
       the dateline or the page address.
    """
    soup = BeautifulSoup(html, "html.parser")
    warnings: list[str] = []
    tags = _meta_tags(soup)
    linked_data = _jsonld_nodes(soup, warnings)
    page_title = _strip_site_name(_inline_text(soup.title) if soup.title else "", tags.get("og:site_name"))
    _drop_boilerplate(soup)
    container = _body_container(soup)
    headline_element = _headline_element(soup, container)
    h1_text = _inline_text(headline_element) if headline_element else ""
    metadata = {
        "title": tags.get("og:title") or _jsonld_value(linked_data, "headline") or h1_text or page_title or None,
        "published": _published(tags, linked_data, container, warnings),
        "url": _canonical_url(soup) or tags.get("og:url"),
        "warnings": warnings,
    }
    for byline in container.find_all(_is_byline):
        byline.decompose()
    blocks = _blocks(container, skip=headline_element)
    body = _jsonld_value(linked_data, "articleBody", collapse=False)
    if container.name != "article" and isinstance(body, str) and len(body) > sum(map(len, blocks)):
        # No <article> element, and the page's linked data holds more of the story than
        # the richest block: the story as the publisher gives it.
        blocks = [_collapse(part) for part in body.splitlines() if part.strip()]
    if not blocks:
        warnings.append("no article text found in the page; the text is empty")
        return "", metadata
    headline = h1_text or tags.get("og:title") or _jsonld_value(linked_data, "headline") or page_title
    if metadata["published"] is None:
        metadata["published"], warning = dateline_date("\n".join(blocks[:3]), metadata["url"])
        warnings.extend([warning] if warning else [])
    return "\n\n".join([headline, *blocks] if headline else blocks), metadata


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """Map each ``<meta>`` property/name/itemprop (lower case) to its first non-empty content."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        content = _collapse(tag.get("content") or "")
        if isinstance(key, str) and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _jsonld_nodes(soup: BeautifulSoup, warnings: list[str]) -> list[dict]:
    """Return every JSON-LD object of the page (lists and ``@graph`` flattened), in page order."""
    nodes: list[dict] = []
    scripts = soup.find_all("script", attrs={"type": re.compile(r"^\s*application/ld\+json", re.I)})
    for number, script in enumerate(scripts, start=1):
        try:
            nodes.extend(_flatten_jsonld(json.loads(script.get_text())))
        except json.JSONDecodeError as err:
            warnings.append(f"ignored malformed JSON-LD block {number} "
                            f"(line {err.lineno}, column {err.colno}: {err.msg})")
    return nodes


def _flatten_jsonld(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_jsonld(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            yield from _flatten_jsonld(data.get(key))


def _jsonld_value(nodes: list[dict], key: str, collapse: bool = True) -> str | None:
    """Return ``key`` from the first article-typed node that has it, else from any node.

    The value is unescaped and, unless ``collapse`` is false, has its whitespace collapsed.
    """
    def is_article(node: dict) -> bool:
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        return any(isinstance(t, str) and (t.endswith("Article") or t == "BlogPosting") for t in types)

    for wanted in (is_article, lambda node: True):
        for node in nodes:
            value = node.get(key)
            if wanted(node) and isinstance(value, str) and value.strip():
                value = html_module.unescape(value)
                return _collapse(value) if collapse else value
    return None


_PUBLISHED_META = ("article:published_time", "og:published_time", "date", "datepublished")


def _published(tags: dict, linked_data: list[dict], container: Tag, warnings: list[str]) -> datetime.date | None:
    """Return the first readable publication date, trying meta tags, JSON-LD, then ``<time>``."""
    candidates = [(f"<meta {key}>", tags.get(key)) for key in _PUBLISHED_META]
    candidates.append(("JSON-LD datePublished", _jsonld_value(linked_data, "datePublished")))
    time_tag = container.find("time", attrs={"datetime": True})
    candidates.append(("<time datetime>", time_tag["datetime"] if time_tag else None))
    for origin, value in candidates:
        if not value:
            continue
        parsed = _parse_page_date(value)
        if parsed:
            return parsed
        warnings.append(f"ignored unreadable date {value!r} in {origin}")
    return None


def _parse_page_date(value: str) -> datetime.date | None:
    """Parse the date of a page timestamp: ISO-like (``2025-11-08T09:00+08:00``, ``2025/11/08``) or RFC 2822."""
    found = re.match(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d])", value)
    try:
        if found:
            return datetime.date(*(int(part) for part in found.groups()))
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError):
        return None


def _canonical_url(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical", href=True)
    if link is None or not link["href"].strip():
        return None
    return link["href"].strip()


def _strip_site_name(title: str, site_name: str | None) -> str:
    """Remove a trailing " | Site" or " - Site" from a ``<title>``.

    A "|" segment always goes; a dash segment only when it looks like a name (at most four
    words, capitalised), so "Tariffs rise - again" keeps its ending.
    """
    if site_name and title.endswith(site_name):
        trimmed = re.sub(r"\s+[|\-–—·:]\s*$", "", title[: -len(site_name)])
        if trimmed != title[: -len(site_name)] and trimmed.strip():
            return trimmed.strip()
    found = re.fullmatch(r"(.*\S)\s+([|\-–—])\s+(\S.*)", title)
    if found:
        head, separator, tail = found.groups()
        if separator == "|" or (len(tail.split()) <= 4 and tail[0].isupper()):
            return head
    return title


# Element names always dropped. Captions are left out by design (see the module docstring).
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav",
              "footer", "aside", "figcaption", "select", "textarea", "object", "embed", "canvas",
              "dialog")
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                         "alertdialog"})
# Matched against each class and id, normalised to lower-case words joined by "-".
_BOILERPLATE_NAME = re.compile(
    r"(?:^|-)(?:cookies?|cookie\w+|consent\w*|gdpr\w*|ads?|adverts?|advert\w+|adsbygoogle|dfp"
    r"|sponsor\w*|promo\w*|related|recommend\w*|read-more|more-stories|also-read|you-may-also-like"
    r"|most-(?:read|popular|viewed|shared)|trending|outbrain|taboola|newsletter\w*|subscri\w*"
    r"|signup|share|sharing|social|comments?|disqus|breadcrumb\w*|tags|tag-(?:list|cloud|links)"
    r"|bio|author-(?:box|info|card)|about-the-author|paywall\w*|sidebar)(?:-|$)"
)
# State classes such as "has-comments" or "ads-free" describe the page, not a block of it.
_STATE_NAME = re.compile(r"^(?:has|no|with|is|show|hide|enable|disable)-|-(?:open|closed|enabled|disabled|free)$")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    """Remove everything that is not article content, in place; line breaks become spaces."""
    doomed = [element for element in soup.find_all(_DROP_TAGS) if element.name != "form" or not _holds_article(element)]
    doomed += [header for header in soup.find_all("header") if not _is_article_header(header)]
    doomed += [element for element in soup.find_all(True) if _looks_like_boilerplate(element)]
    for element in doomed:
        if not element.decomposed:
            element.decompose()
    for line_break in soup.find_all("br"):
        line_break.replace_with(" ")


def _is_article_header(header: Tag) -> bool:
    """A header inside the article, or one holding the headline without site navigation."""
    if header.find_parent(["article", "main"]):
        return True
    return header.find("h1") is not None and header.find("nav") is None


def _looks_like_boilerplate(element: Tag) -> bool:
    marked = (
        _marked_by_name(element)
        or element.get("role") in _DROP_ROLES
        or element.has_attr("hidden")
        or element.get("aria-hidden") == "true"
        or re.search(r"display\s*:\s*none", element.get("style") or "") is not None
    )
    return marked and element.name not in {"html", "body", "main"} and not _holds_article(element)


def _holds_article(element: Tag) -> bool:
    """Whether an element wraps the article (its headline, ``<main>``, or an unmarked ``<article>``).

    Layout wrappers ("content-sidebar-wrap", ASP.NET's page-wide ``<form>``) can look like
    boilerplate by name; a comment section holding ``<article class="comment">`` still goes.
    """
    if element.find(["h1", "main"]) is not None:
        return True
    return any(not _marked_by_name(article) for article in element.find_all("article"))


def _marked_by_name(element: Tag) -> bool:
    """Whether a class or the id of the element names boilerplate (state classes aside)."""
    for name in [*(element.get("class") or []), element.get("id") or ""]:
        words = _name_words(name)
        if words and not _STATE_NAME.search(words) and _BOILERPLATE_NAME.search(words):
            return True
    return False


def _is_byline(element: Tag) -> bool:
    names = [*(element.get("class") or []), element.get("id") or ""]
    return any(re.search(r"(?:^|-)(?:byline|dateline|timestamp)(?:-|$)", _name_words(name)) for name in names)


def _name_words(name: str) -> str:
    """Normalise a class or id to lower-case words joined by "-": "cookieBanner" -> "cookie-banner"."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-")


def _body_container(soup: BeautifulSoup) -> Tag:
    """Return ``<article>``, else ``<main>`` (the richest one), else the element holding most paragraph text."""
    for name in ("article", "main"):
        best = max(soup.find_all(name), key=_paragraph_length, default=None)
        if best is not None and _paragraph_length(best) > 0:
            return best
    lengths: dict[int, tuple[int, Tag]] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        previous = lengths.get(id(parent), (0, parent))[0]
        lengths[id(parent)] = (previous + len(_inline_text(paragraph)), parent)
    best_length, best_parent = max(lengths.values(), key=lambda pair: pair[0], default=(0, None))
    if best_parent is not None and best_length > 0:
        return best_parent
    return soup.body or soup


def _paragraph_length(element: Tag) -> int:
    return sum(len(_inline_text(block)) for block in element.find_all(["p", "li", "blockquote", "pre"]))


def _headline_element(soup: BeautifulSoup, container: Tag) -> Tag | None:
    """Return the ``<h1>`` in the container, else the nearest one before it, else the first in the page."""
    inside = container.find_all("h1")
    before = container.find_all_previous("h1") if container is not soup else []
    for heading in [*inside, *before, *soup.find_all("h1")]:
        if _inline_text(heading):
            return heading
    return None


def _blocks(container: Tag, skip: Tag | None) -> list[str]:
    """Return the text of each block of the container, in document order.

    A block holding blocks (a ``<p>`` left open around a ``<div><p>``, as malformed pages
    have) is read through its inner blocks, and its own text around them makes blocks of
    its own. Text outside any block (stray labels, "Share") is left out.
    """
    blocks: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = _collapse("".join(run))
        run.clear()
        if text:
            blocks.append(text)

    def visit(node: Tag, in_block: bool) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                if in_block and not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    run.append(str(child))
            elif child is skip:
                flush()
            elif child.name in _BLOCK_TAGS or child.find(_BLOCK_TAGS) is not None:
                flush()
                visit(child, in_block or child.name in _BLOCK_TAGS)
                flush()
            elif in_block:
                run.append(child.get_text())

    visit(container, container.name in _BLOCK_TAGS)
    flush()
    return blocks


def _inline_text(element: Tag) -> str:
    """Return the element's text with inline tags flattened and whitespace collapsed."""
    return _collapse(element.get_text())


def _collapse(text: str) -> str:
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\xad]", "", text)
    return re.sub(r"\s+", " ", text).strip()
