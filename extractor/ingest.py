"""Ingest: turn input files (plain text, HTML pages) into documents the extractor reads.

A ``Document`` holds the exact text every offset in the output indexes into, plus what is
known about it (title, publication date, URL) and warnings about anything odd. Metadata
comes from the page itself and from an optional sidecar ``NAME.meta.json`` beside the file,
whose values win. Problems a user must fix raise ``InputError`` naming the file, the
problem and what to do.

HTML pages are reduced to the article text by ``html_to_text`` (in ``extractor.html``,
re-exported here).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from . import storage
from .datelines import dateline_date
from .errors import InputError
from .html import html_to_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
SIDECAR_KEYS = ("doc_id", "published", "title", "url")


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


def read_document(path: str | Path) -> Document:
    """Read one input file (and its sidecar, if any) into a ``Document``.

    Raises ``InputError`` when the file is missing, a folder, of an unsupported type,
    unreadable, binary, or when its sidecar is malformed.
    """
    if storage.is_url(path):
        suffix = check_url(path)
        data = storage.read_bytes(path)
    else:
        path = Path(path)
        suffix = _check_readable(path)
        data = _read_bytes(path)
    sidecar = read_sidecar(path)
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
        elif "published" not in sidecar:
            page["published"], warning = dateline_date(text)
            warnings.extend([warning] if warning else [])
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
    return supported_suffix(path, SUPPORTED_SUFFIXES)


def supported_suffix(location: str | Path, supported: frozenset[str]) -> str:
    """Return the lower-case suffix of a file or URL, or raise InputError when it is not supported."""
    suffix = Path(storage.name(location)).suffix
    if suffix.lower() not in supported:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise InputError(location, f"unsupported file type ({shown}); save it as one of {', '.join(sorted(supported))}")
    return suffix.lower()


def check_url(url: str, supported: frozenset[str] = SUPPORTED_SUFFIXES) -> str:
    """Return the lower-case suffix of a URL input, or raise InputError saying why it cannot be read."""
    suffix = supported_suffix(url, supported)
    if not storage.is_file(url):
        raise InputError(url, "file not found at this URL")
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


def _doc_id_from(path: str | Path, text: str) -> str:
    file_name = storage.name(path)
    suffix = Path(file_name).suffix
    name = file_name[: -len(suffix)] if suffix else file_name
    if name.strip(" ."):
        return name
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# Sidecar


def sidecar_path(path: str | Path) -> str | Path:
    """Return where the sidecar of ``path`` lives: ``NAME.meta.json`` beside it."""
    file_name = storage.name(path)
    suffix = Path(file_name).suffix
    return storage.sibling(path, (file_name[: -len(suffix)] if suffix else file_name) + ".meta.json")


def read_sidecar(path: str | Path) -> dict:
    """Return the validated sidecar values of ``path`` (empty when it has none)."""
    meta_path = sidecar_path(path)
    if storage.is_url(meta_path):
        if not storage.is_file(meta_path):
            return {}
        raw = storage.read_bytes(meta_path)
    else:
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
        return parse_iso_date(value)
    if key == "url":
        parts = urlparse(value)
        return value if parts.scheme in {"http", "https"} and parts.netloc else None
    if key == "doc_id":
        return value if re.fullmatch(r"\w[\w.-]{0,199}", value) else None
    return value


def parse_iso_date(value: str) -> datetime.date | None:
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
