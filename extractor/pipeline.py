"""The pipeline: an article's text in, an ``Article`` of measure records out."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__
from .assemble import Frame, assemble_doc
from .context import Discourse
from .ingest import Document, read_document
from .nlp import load_pipeline, model_label
from .patterns import rules_by_id
from .recognize import find_mentions
from .relevance import gate_warning, is_relevant
from .schema import Article
from .segment import CleanText, clean_for_parsing
from .settings import Settings
from .timex import find_timexes


def extract(text: str, published: dt.date | str | None = None, doc_id: str | None = None,
            title: str | None = None, source: str | None = None,
            settings: Settings | None = None) -> Article:
    """Extract the trade-policy measures of one article.

    1. check the input and fix the date anchor;
    2. segment: clean a copy of the text for the parser, keeping a map to the original;
    3. parse with spaCy and recognise parties, triggers, instruments, products and cues;
    4. link each trigger to its arguments through the dependency tree;
    5. normalise dates, durations and amounts, and decide modality;
    6. assemble records with evidence offsets into the original text;
    7. validate the whole Article against the schema.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the article text as str, not {type(text).__name__}")
    document = Document(text=text, source=source, title=title, url=None,
                        published=_as_date(published),
                        doc_id=doc_id or "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16])
    return next(extract_documents([document], settings))


def extract_document(document: Document, settings: Settings | None = None) -> Article:
    """Extract the measures of an ingested document (file or page)."""
    return next(extract_documents([document], settings))


def extract_documents(documents: Iterable[Document], settings: Settings | None = None,
                      batch_size: int = 16) -> Iterator[Article]:
    """Extract many documents, parsing them in batches with ``nlp.pipe``; one Article each, in order.

    The results are the same as one ``extract_document`` call per document: the model's
    analysis of a text does not depend on the texts batched with it. Texts the relevance
    gate turns away (no trade-policy vocabulary) are not parsed and hold no measures.
    """
    settings = settings or Settings()
    nlp = load_pipeline(settings)
    rules = rules_by_id(settings.patterns_dir)
    info = {"version": __version__, "model": model_label(nlp)}  # nlp.meta takes milliseconds: once
    for batch in _batches(documents, batch_size):
        parse = [not settings.relevance_gate or is_relevant(document.text, settings.patterns_dir)
                 for document in batch]
        cleaned = [clean_for_parsing(document.text) if relevant else None
                   for document, relevant in zip(batch, parse)]
        pieces = [(number, base, chunk) for number, clean in enumerate(cleaned) if clean is not None
                  for base, chunk in _chunk(clean.text, settings.chunk_chars or nlp.max_length)]
        parsed: list[list] = [[] for _ in batch]
        for (number, base, _), doc in zip(pieces, nlp.pipe(chunk for _, _, chunk in pieces)):
            parsed[number].append((base, doc))
        for document, clean, docs in zip(batch, cleaned, parsed):
            yield _assemble_article(document, clean, docs, rules, info, settings)


def _assemble_article(document: Document, clean: CleanText | None, docs: list, rules, info: dict,
                      settings: Settings) -> Article:
    """Steps 3-7 of ``extract`` for one document whose chunks are parsed (none when gated out)."""
    anchor = document.published
    warnings = list(document.warnings)
    if clean is None:
        warnings.append(gate_warning())
    elif anchor is None:
        warnings.append("no publication date: relative dates are left unresolved")
    measures = []
    discourse = None
    for base, doc in docs:
        mentions = find_mentions(doc, rules)
        discourse = _carry(discourse, Discourse.of(mentions))
        frame = Frame(base, clean, document.text, document.doc_id, anchor)
        measures += assemble_doc(doc, mentions, find_timexes(doc, anchor), frame, discourse)
    measures = [m for m in measures if m.confidence >= settings.min_confidence]
    return Article(doc_id=document.doc_id, source=document.source,
                   title=document.title or _first_line(document.text),
                   published=anchor.isoformat() if anchor else None, text=document.text, measures=measures,
                   warnings=warnings, extractor=info)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_path(path: str | Path, settings: Settings | None = None) -> Article:
    """Read a file (text or HTML, with its sidecar) and extract its measures."""
    return extract_document(read_document(path), settings)


def _as_date(published: dt.date | str | None) -> dt.date | None:
    """The date anchor from a date, a datetime, or an ISO date or datetime string."""
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    try:
        text = str(published).strip()
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ValueError(f"published must be a date or an ISO string like 2025-11-08, not {published!r}") from None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _carry(previous: Discourse | None, current: Discourse) -> Discourse:
    """Keep what earlier chunks of a long text established."""
    if previous is None:
        return current
    previous.counts.update(current.counts)
    for country, start in current.first_seen.items():
        previous.first_seen.setdefault(country, start + 10**9)
    previous.institutions += [(start + 10**9, key, actor) for start, key, actor in current.institutions]
    previous.dateline = previous.dateline or current.dateline
    return previous


def _chunk(text: str, limit: int):
    """(offset, piece) pairs of at most ``limit`` characters, cut after a line break if possible."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        yield start, window[:cut + 1]
        start += cut + 1
    yield start, text[start:]
