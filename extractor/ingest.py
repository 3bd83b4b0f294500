"""Ingest: turn input files (plain text, HTML pages) into documents the extractor reads.

A ``Document`` holds the exact text every offset in the output indexes into, plus what is
known about it (title, publication date, URL) and warnings about anything odd. Metadata
comes from the page itself and from an optional sidecar ``NAME.meta.json`` beside the file,
whose values win. Problems a user must fix raise ``InputError`` naming the file, the
problem and what to do.

HTML pages are reduced to the article: boilerplate elements are dropped (navigation, page
headers and footers, cookie banners, ads, related links, comments...), the body container is
chosen (``<article>``, else ``<main>``, else the element holding the most paragraph text),
and the text is the headline followed by one paragraph per block, separated by blank lines.
Figure captions are left out: they describe photos, repeat the story with other dates and
carry credits, which would add spurious or misdated mentions.
"""

from __future__ import annotations

import datetime
import difflib
import email.utils
import hashlib
import html as html_module
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup, Tag

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
SIDECAR_KEYS = ("doc_id", "published", "title", "url")


class InputError(Exception):
    """An input file that cannot be processed; ``str(e)`` names the file, problem and fix."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class Document:
    text: str  # the exact text the extractor processes and all offsets index into
    source: str | None  # the path as given (or URL)
    doc_id: str
    title: str | None
    published: datetime.date | None
    url: str | None
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Files


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Return the files to process: given files as they are, folders walked recursively.

    Inside folders, hidden entries, gold and sidecar files and unsupported types are
    skipped. A path given explicitly is always kept, even when it does not exist or is of
    an unsupported type, so that the batch reports it instead of dropping it silently.
    Duplicates (the same file reached twice) are removed; the result is sorted.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]  # one path, not the characters of one
    found: dict[Path, Path] = {}
    for given in paths:
        given = Path(given)
        candidates = _walk(given) if given.is_dir() else [given]
        for path in candidates:
            found.setdefault(path.resolve(), path)
    return sorted(found.values(), key=lambda path: path.parts)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                yield Path(root, name)


def read_document(path: str | Path) -> Document:
    """Read one input file (and its sidecar, if any) into a ``Document``.

    Raises ``InputError`` when the file is missing, a folder, of an unsupported type,
    unreadable, binary, or when its sidecar is malformed.
    """
    path = Path(path)
    suffix = _check_readable(path)
    data = _read_bytes(path)
    sidecar = _read_sidecar(path)
    if suffix in HTML_SUFFIXES:
        decoded, warnings = _decode(data, path, declared=_declared_charset(data))
        text, page = html_to_text(decoded)
        warnings += page.pop("warnings")
    else:
        text, warnings = _decode(data, path)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        page = {"title": _first_line(text, markdown=suffix == ".md"), "published": None, "url": None}
        if not text.strip():
            warnings.append("file is empty; there is no text to extract")
    warnings += _override_warnings(page, sidecar)
    return Document(
        text=text,
        source=str(path),
        doc_id=sidecar.get("doc_id") or _doc_id_from(path, text),
        title=sidecar.get("title") or page["title"],
        published=sidecar.get("published") or page["published"],
        url=sidecar.get("url") or page["url"],
        warnings=tuple(warnings),
    )


def _check_readable(path: Path) -> str:
    """Return the file's lower-case suffix, or raise InputError saying why it cannot be read."""
    if not path.exists():
        raise InputError(path, "file not found; check the path and the current folder")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file; pass folders to the batch, which reads the files inside")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise InputError(path, f"unsupported file type ({shown}); save it as one of {supported}")
    return suffix


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err}); check its permissions") from err


def _decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 (BOM removed), else the declared charset or cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["file is UTF-16, not UTF-8; decoded as UTF-16"]
        except UnicodeDecodeError:
            pass  # not text after all: reported as binary below
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(path, f"binary content (NUL byte at offset {offset}), not text; "
                               "convert it to UTF-8 text or HTML")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        where = f"byte 0x{data[err.start]:02x} at offset {err.start}"
    for encoding in dict.fromkeys(name for name in (declared, "cp1252") if name):
        try:
            return data.decode(encoding), [f"not valid UTF-8 ({where}); decoded as {encoding}"]
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(path, f"not valid UTF-8 text ({where}); save it as UTF-8")


def _declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in a ``<meta>`` tag, if any."""
    found = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", data[:4096], re.IGNORECASE)
    if not found:
        return None
    declared = found.group(1).decode("ascii").lower()
    # Browsers read these labels as windows-1252, and so do we.
    return "cp1252" if declared in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"} else declared


def _first_line(text: str, markdown: bool) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip() if markdown else line.strip()
        if line:
            return line
    return None


def _doc_id_from(path: Path, text: str) -> str:
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    if name.strip(" ."):
        return name
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# Sidecar


def _sidecar_path(path: str | Path) -> Path:
    """Return where the sidecar of ``path`` lives: ``NAME.meta.json`` beside it."""
    path = Path(path)
    return path.with_name(path.name[: -len(path.suffix)] + ".meta.json")


def _read_sidecar(path: str | Path) -> dict:
    """Return the validated sidecar values of ``path`` (empty when it has none)."""
    meta_path = _sidecar_path(path)
    if not meta_path.is_file():
        return {}
    raw = _read_bytes(meta_path)
    try:
        values = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise InputError(meta_path, f"not valid UTF-8 (byte at offset {err.start}); save it as UTF-8") from err
    except json.JSONDecodeError as err:
        raise InputError(meta_path, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
                                    "fix the syntax") from err
    if not isinstance(values, dict):
        raise InputError(meta_path, "expected a JSON object such as {\"published\": \"2025-11-08\"}")
    return {key: _sidecar_value(meta_path, key, value) for key, value in values.items()}


def _sidecar_value(meta_path: Path, key: str, value: object) -> object:
    if key not in SIDECAR_KEYS:
        close = difflib.get_close_matches(key, SIDECAR_KEYS, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(meta_path, f"unknown key '{key}'; {hint}allowed keys are {', '.join(SIDECAR_KEYS)}")
    parsed = _parse_sidecar_value(key, value) if isinstance(value, str) and value.strip() else None
    if parsed is None:
        expected = {
            "published": "a date YYYY-MM-DD or an ISO datetime",
            "title": "a non-empty string",
            "url": "an absolute http(s) URL",
            "doc_id": "letters, digits, '.', '_' or '-', not starting with '.'",
        }[key]
        raise InputError(meta_path, f"key '{key}': expected {expected}, got {json.dumps(value)}")
    return parsed


def _parse_sidecar_value(key: str, value: str) -> object:
    value = value.strip()
    if key == "published":
        return _parse_iso_date(value)
    if key == "url":
        parts = urlparse(value)
        return value if parts.scheme in {"http", "https"} and parts.netloc else None
    if key == "doc_id":
        return value if re.fullmatch(r"\w[\w.-]{0,199}", value) else None
    return value


def _parse_iso_date(value: str) -> datetime.date | None:
    """Parse ``YYYY-MM-DD`` or a full ISO datetime; return the date as written (no time zone shift)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", value):
            return datetime.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    return None


def _override_warnings(page: dict, sidecar: dict) -> list[str]:
    page_date, sidecar_date = page.get("published"), sidecar.get("published")
    if page_date and sidecar_date and page_date != sidecar_date:
        return [f"sidecar date {sidecar_date} replaces the page date {page_date}"]
    return []


# ---------------------------------------------------------------------------------------
# HTML


def html_to_text(html: str) -> tuple[str, dict]:
    """Return the article text of an HTML page and its metadata.

    The metadata dict has ``title`` (str or None), ``published`` (``datetime.date`` or
    None), ``url`` (str or None) and ``warnings`` (list of str). The text is the headline,
    then each block as its own paragraph, separated by blank lines; it is empty (with a
    warning) when the page has no article text.

    1. read the head: meta tags, JSON-LD (before scripts go), the ``<title>``;
    2. drop boilerplate and choose the body container;
    3. find the headline and the publication date (a ``<time>`` in a byline counts);
    4. drop bylines and datelines, then read the blocks.
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
    if not blocks:
        warnings.append("no article text found in the page; the text is empty")
        return "", metadata
    headline = h1_text or tags.get("og:title") or page_title
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


def _jsonld_value(nodes: list[dict], key: str) -> str | None:
    """Return ``key`` from the first article-typed node that has it, else from any node."""
    def is_article(node: dict) -> bool:
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        return any(isinstance(t, str) and (t.endswith("Article") or t == "BlogPosting") for t in types)

    for wanted in (is_article, lambda node: True):
        for node in nodes:
            value = node.get(key)
            if wanted(node) and isinstance(value, str) and value.strip():
                return _collapse(html_module.unescape(value))
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
    """Return the text of each innermost block of the container, in document order."""
    blocks = []
    for element in container.find_all(_BLOCK_TAGS):
        if element is skip or element.find(_BLOCK_TAGS) is not None:
            continue  # a block holding blocks is read through its inner blocks
        text = _inline_text(element)
        if text:
            blocks.append(text)
    return blocks


def _inline_text(element: Tag) -> str:
    """Return the element's text with inline tags flattened and whitespace collapsed."""
    return _collapse(element.get_text())


def _collapse(text: str) -> str:
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\xad]", "", text)
    return re.sub(r"\s+", " ", text).strip()
