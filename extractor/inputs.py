"""Batch inputs: files and folders to a plan of work items, each one article to extract.

A file holds one article (``.txt``, ``.md``, ``.html``, ``.htm``) or several
(``.json``: one object or a list of objects; ``.jsonl``: one object a line). An object
holds the article as ``text`` or ``html`` and may add ``doc_id``, ``title``, ``url`` and
``published``.

:func:`plan` is cheap and runs in the main process: it walks the folders, checks sizes,
reads JSON containers (so that a bad line is reported with its number), gives every item a
doc_id unique in the run and a digest of everything its output depends on. Anything wrong
with an input becomes an item with an ``error``, never an exception, so the batch can
account for every input it was given. :func:`load` does the expensive part (decoding,
HTML to text) where the extraction runs, and raises :class:`InputError` naming the input.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import errno
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import storage
from .datelines import dateline_date
from .ingest import (
    HTML_SUFFIXES, TEXT_SUFFIXES, Document, InputError, check_url, html_to_text, parse_iso_date, read_document,
    read_sidecar, sidecar_path, supported_suffix,
)

JSON_SUFFIXES = frozenset({".json", ".jsonl"})
BATCH_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
# Files that sit beside articles but are not articles.
COMPANION_ENDINGS = (".meta.json", ".gold.json")
RECORD_KEYS = ("text", "html", "doc_id", "title", "url", "published")
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Item:
    """One article to extract, or the reason an input cannot give one.

    source: how reports name it: the path, ``path:LINE`` for a JSONL line, ``path#N`` for
        the N-th object of a JSON list.
    doc_id: unique in the run (case-insensitively); ``file`` is its safe output file name.
    digest: SHA-256 of what the item's output depends on (content, metadata, doc_id, source).
    record: the JSON object of a container item; None for an article file.
    error / skipped: why the item gives no article (failed / skipped).
    """

    source: str
    path: str
    doc_id: str | None = None
    file: str | None = None
    digest: str | None = None
    record: dict | None = None
    error: str | None = None
    skipped: str | None = None


# ---------------------------------------------------------------------------------------
# Discovery


def discover(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[tuple[Path, str | None]]:
    """Return ``(path, problem)`` pairs: the files to process and folder entries to report.

    Given files are kept as they are (even missing or unsupported ones, so that the batch
    reports them). Folders are walked recursively, following symbolic links; inside them,
    hidden entries, gold and sidecar files, unsupported types and the ``exclude`` folders
    (the output folder) are left out. A link that leads back into a folder already walked
    is reported with a problem instead of walked again, so loops end. The same file
    reached twice is kept once; the result is sorted by path.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    excluded = {_identity(Path(folder)) for folder in exclude if Path(folder).is_dir()}
    found: dict[object, tuple[Path, str | None]] = {}
    for given in paths:
        if storage.is_url(given):
            for url in (storage.walk(given) if storage.is_dir(given) else [storage.UrlPath(given)]):
                if url == given or _is_article_file(url.name):
                    found.setdefault(str(url), (url, None if url == given else _folder_note(url.name)))
            continue
        given = Path(given)
        if given.is_dir():
            for path, problem in _walk(given, excluded):
                found.setdefault(_identity(path) if problem is None else ("loop", str(path)), (path, problem))
        else:
            found.setdefault(_identity(given), (given, None))
    return sorted(found.values(), key=lambda pair: _sort_key(pair[0]))


def _sort_key(location: Path | str) -> tuple:
    """Local paths by their parts, then URLs in order."""
    return (1, str(location)) if storage.is_url(location) else (0, *location.parts)


def _identity(path: Path) -> object:
    """What makes two paths the same file: device and inode, else the absolute path."""
    try:
        stat = path.stat()
        return (stat.st_dev, stat.st_ino)
    except OSError:
        return os.path.abspath(path)


def _walk(folder: Path, excluded: set) -> Iterator[tuple[Path, str | None]]:
    visited = {_identity(folder)} | excluded
    for root, dirs, files in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(dirs):
            path = Path(root, name)
            if name.startswith("."):
                continue
            identity = _identity(path)
            if identity in excluded:
                continue
            if identity in visited:
                yield path, "symbolic link loop: this folder was already read under another name"
                continue
            visited.add(identity)
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if _is_article_file(name):
                yield Path(root, name), _folder_note(name)


def _folder_note(name: str) -> str | None:
    """Why a file in a folder is no article although its type is supported (a README), or None."""
    if Path(name).stem.upper() in {"README", "LICENSE", "CHANGELOG"}:
        return "a folder's notes file, not an article; give it explicitly to extract it"
    return None


def _is_article_file(name: str) -> bool:
    lowered = name.lower()
    return (not name.startswith(".") and Path(lowered).suffix in BATCH_SUFFIXES
            and not lowered.endswith(COMPANION_ENDINGS))


# ---------------------------------------------------------------------------------------
# Planning


def plan(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = (),
         max_bytes: int = DEFAULT_MAX_BYTES) -> list[Item]:
    """Return the work items of a run, in input order, with unique doc_ids and file names."""
    items: list[Item] = []
    for path, problem in discover(paths, exclude):
        if problem is not None:
            items.append(Item(source=str(path), path=str(path), skipped=problem))
        else:
            items.extend(_items_of(path, max_bytes))
    return _unique(items)


def _items_of(path: Path, max_bytes: int) -> list[Item]:
    """The items one file gives: one for an article file, one per object of a JSON file."""
    source = str(path)
    try:
        suffix = check_url(path, BATCH_SUFFIXES) if storage.is_url(path) else _check_file(path)
        size = storage.size(path) if storage.is_url(path) else path.stat().st_size
        if suffix != ".jsonl" and size > max_bytes:
            raise InputError(path, f"file is {_size_text(size)}, over the limit of {_size_text(max_bytes)}; "
                                   "split it or raise --max-bytes")
        data = _read(path)
        if suffix in JSON_SUFFIXES:
            defaults = _container_defaults(path)
            items = _json_items(path, data) if suffix == ".json" else _jsonl_items(path, data, max_bytes)
            return [_with_defaults(item, defaults) for item in items]
        sidecar = sidecar_path(path)
        extra = _read(sidecar) if (storage.is_file(sidecar) if storage.is_url(sidecar) else sidecar.is_file()) else b""
        doc_id = _sidecar_doc_id(sidecar, extra) or _doc_id_from_name(path, data)
        return [Item(source=source, path=source, doc_id=doc_id, digest=_digest(data, extra))]
    except InputError as err:
        return [Item(source=source, path=source, error=str(err))]


def _container_defaults(path: Path) -> dict[str, str]:
    """A JSON file's sidecar values (title, url, published) as defaults for each of its objects.

    A sidecar doc_id is not used: it would name every object of the file alike.
    """
    values = read_sidecar(path)
    defaults = {key: values[key] for key in ("title", "url") if key in values}
    if "published" in values:
        defaults["published"] = values["published"].isoformat()
    return defaults


def _with_defaults(item: Item, defaults: dict[str, str]) -> Item:
    """The item with the sidecar's values where its object has none (its own values win)."""
    if not defaults or item.record is None:
        return item
    record = {**defaults, **item.record}
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return dataclasses.replace(item, record=record, digest=_digest(canonical))


def _check_file(path: Path) -> str:
    """Return the lower-case suffix of a readable regular file, or raise InputError saying why not."""
    try:
        path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(path, "symbolic link loop; the link never reaches a file") from err
        if path.is_symlink():
            raise InputError(path, "broken symbolic link; the file it points to does not exist") from err
        raise InputError(path, "file not found; check the path and the current folder") from err
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    suffix = supported_suffix(path, BATCH_SUFFIXES)
    if not os.path.isfile(path):
        raise InputError(path, "not a regular file (a device, pipe or socket); save the article to a file")
    return suffix


def _read(path: Path | str) -> bytes:
    if storage.is_url(path):
        return storage.read_bytes(path)
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read ({err.strerror or err}); check its permissions") from err


def _size_text(size: int) -> str:
    """A byte count for people: ``5.0 MB``, ``1.5 kB``, ``200 bytes``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} bytes"


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _sidecar_doc_id(sidecar: Path, data: bytes) -> str | None:
    """The sidecar's doc_id, when it has a valid one (the full check happens in ``load``)."""
    try:
        value = json.loads(data.decode("utf-8-sig")).get("doc_id") if data else None
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _doc_id_from_name(path: Path, data: bytes) -> str:
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    return name if name.strip(" .") else "doc-" + hashlib.sha256(data).hexdigest()[:16]


def _json_items(path: Path, data: bytes) -> list[Item]:
    """Items of a ``.json`` file: one object, or a list of objects (``path#N``, from 1)."""
    try:
        value = json.loads(_utf8(path, data))
    except json.JSONDecodeError as err:
        raise InputError(path, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
                               "fix the syntax") from err
    if isinstance(value, dict):
        return [_record_item(path, str(path), value, path.stem)]
    if isinstance(value, list):
        return [_record_item(path, f"{path}#{number}", element, f"{path.stem}-{number}")
                for number, element in enumerate(value, start=1)]
    raise InputError(path, "expected a JSON object with 'text' or 'html', or a list of such objects")


def _jsonl_items(path: Path, data: bytes, max_bytes: int) -> list[Item]:
    """Items of a ``.jsonl`` file: one per non-blank line (``path:LINE``)."""
    items = []
    for number, line in enumerate(_utf8(path, data).splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        if len(line.encode("utf-8")) > max_bytes:
            problem = f"line is over the limit of {_size_text(max_bytes)}; split it or raise --max-bytes"
            items.append(Item(source=source, path=str(path), error=f"{source}: {problem}"))
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            problem = f"not valid JSON (column {err.colno}: {err.msg}); fix the syntax"
            items.append(Item(source=source, path=str(path), error=f"{source}: {problem}"))
            continue
        items.append(_record_item(path, source, value, f"{path.stem}-{number}"))
    if not items:
        raise InputError(path, "holds no JSON lines; there is no article to extract")
    return items


def _utf8(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                               "JSON files must be UTF-8") from err


def _record_item(path: Path, source: str, value: object, default_id: str) -> Item:
    """An item of one JSON object, checked here so that its error names its line."""
    try:
        record = check_record(value)
    except ValueError as err:
        return Item(source=source, path=str(path), error=f"{source}: {err}")
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return Item(source=source, path=str(path), doc_id=record.get("doc_id") or default_id,
                digest=_digest(canonical), record=record)


def check_record(value: object) -> dict:
    """Return the known keys of a JSON article object, or raise ValueError saying what is wrong.

    Unknown keys are ignored (scrapers add their own), unless one looks like a misspelt
    known key, which is an error rather than a silently lost value.
    """
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object with 'text' or 'html', got {type(value).__name__}")
    for key in value:
        close = difflib.get_close_matches(key, RECORD_KEYS, n=1, cutoff=0.8)
        if key not in RECORD_KEYS and close:
            raise ValueError(f"unknown key '{key}'; did you mean '{close[0]}'?")
    bodies = [key for key in ("text", "html") if value.get(key) is not None]
    if len(bodies) != 1:
        raise ValueError("needs exactly one of 'text' or 'html'" + (", not both" if bodies else ""))
    record = {key: value[key] for key in RECORD_KEYS if value.get(key) is not None}
    for key, content in record.items():
        if not isinstance(content, str):
            raise ValueError(f"key '{key}': expected a string, got {json.dumps(content)[:40]}")
    if "doc_id" in record and not record["doc_id"].strip():
        raise ValueError("key 'doc_id': expected a non-empty string")
    if "published" in record and parse_iso_date(record["published"].strip()) is None:
        raise ValueError(f"key 'published': expected a date YYYY-MM-DD or an ISO datetime, "
                         f"got {json.dumps(record['published'])}")
    return record


# ---------------------------------------------------------------------------------------
# Unique ids and safe file names


def _unique(items: list[Item]) -> list[Item]:
    """Give each item a doc_id and an output file name no earlier item of the run has.

    Names are compared case-insensitively, as outputs may land on a case-insensitive file
    system. A clash takes the first free ``-2``, ``-3``... suffix, in input order.
    """
    taken: set[str] = set()
    unique = []
    for item in items:
        if item.doc_id is None:
            unique.append(item)
            continue
        base, number = safe_name(item.doc_id), 1
        doc_id, name = item.doc_id, base
        while name.casefold() in taken:
            number += 1
            doc_id, name = f"{item.doc_id}-{number}", f"{base}-{number}"
        taken.add(name.casefold())
        unique.append(dataclasses.replace(item, doc_id=doc_id, file=f"{name}.json"))
    return unique


def safe_name(doc_id: str) -> str:
    """A file name for ``doc_id`` that stays inside its folder on every system.

    Path separators join the parts with ``_`` (``.`` and ``..`` parts dropped), anything but
    letters, digits, ``.``, ``_`` and ``-`` becomes ``_``, leading dots go (no hidden
    files), and long ids are cut, with a hash to keep them apart.
    """
    parts = [part for part in re.split(r"[/\\]+", doc_id) if part not in ("", ".", "..")]
    name = re.sub(r"[^\w.-]+", "_", "_".join(parts), flags=re.ASCII).lstrip(".") or "_"
    if len(name) > 120:
        name = name[:100] + "-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]
    return name


# ---------------------------------------------------------------------------------------
# Loading


def load(item: Item, published: datetime.date | None = None) -> Document:
    """Read the item's article into a Document with the item's doc_id.

    ``published`` is the default publication date, used when the article has none.
    Raises InputError naming the input when it cannot be read.
    """
    if item.record is not None:
        document = _record_document(item)
    else:
        document = read_document(item.path)
    if document.doc_id != item.doc_id:
        note = f"doc_id '{document.doc_id}' is already used by another input of this batch; renamed to '{item.doc_id}'"
        document = dataclasses.replace(document, doc_id=item.doc_id, warnings=(*document.warnings, note))
    if document.published is None and published is not None:
        document = dataclasses.replace(document, published=published)
    return document


def _record_document(item: Item) -> Document:
    record = item.record
    warnings: list[str] = []
    if "html" in record:
        text, page = html_to_text(record["html"])
        warnings += page["warnings"]
    else:
        text = record["text"].replace("\r\n", "\n").replace("\r", "\n")
        page = {"title": None, "published": None, "url": None}
        if not text.strip():
            warnings.append("the object's text is empty; there is no text to extract")
        elif "published" not in record:
            page["published"], warning = dateline_date(text, record.get("url"))
            warnings.extend([warning] if warning else [])
    published = parse_iso_date(record["published"].strip()) if "published" in record else None
    return Document(
        text=text,
        source=item.source,
        doc_id=record.get("doc_id") or item.doc_id,
        title=record.get("title") or page["title"],
        published=published or page["published"],
        url=record.get("url") or page["url"],
        warnings=tuple(warnings),
    )
