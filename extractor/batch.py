"""Batch: run the extractor over files and folders, one JSON output per input document.

Every input is accounted for: ``OUT/<doc_id>.json`` for each document read and extracted,
one line per input in ``OUT/manifest.jsonl`` (``source``, ``doc_id``, ``status`` ``ok`` or
``error``, ``output``, ``measures``, ``error`` and the article's ``warnings``) and the counts
in ``OUT/summary.json``. A failing input never stops the batch.
Each file is written to a temporary file and renamed, so a crash never leaves a half-written
output; the manifest of a previous run is removed when a run starts, since the manifest and
summary describe the current run only. Outputs of earlier runs for other documents stay.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor.ingest import Document, InputError, discover, read_document
from extractor.schema import Article

MANIFEST = "manifest.jsonl"
SUMMARY = "summary.json"
# Output names a document may not take, so that no doc_id overwrites the run's own files.
_RESERVED_IDS = frozenset({Path(SUMMARY).stem})


@dataclass(frozen=True)
class BatchResult:
    inputs: int
    ok: int
    failed: int
    measures: int
    errors: list[tuple[str, str]]  # (source, message) per failed input


def run_batch(
    paths: Iterable[str | Path],
    out_dir: Path,
    extract_document: Callable[[Document], Article],
    *,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Extract every input found under ``paths`` and write the outputs into ``out_dir``.

    1. discover the inputs (files as given, folders recursively);
    2. per input: read it, give it a doc_id unique in this run, call ``extract_document``,
       write ``<doc_id>.json`` and a manifest line; any failure becomes an ``error`` line;
    3. write ``summary.json`` and return the counts.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in (MANIFEST, SUMMARY):
        (out_dir / stale).unlink(missing_ok=True)
    inputs = discover(paths)
    taken: set[str] = set(_RESERVED_IDS)
    entries = []
    # Lines go to a hidden partial manifest as inputs finish (a crash leaves the progress
    # readable there); the complete file is renamed into place at the end.
    partial = out_dir / f".{MANIFEST}.partial"
    with partial.open("w", encoding="utf-8", newline="\n") as manifest:
        for number, path in enumerate(inputs, start=1):
            entry = _process(path, out_dir, extract_document, taken)
            entries.append(entry)
            manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
            manifest.flush()
            if progress is not None:
                outcome = f"{path}: ok, {entry['measures']} measures" if entry["status"] == "ok" else entry["error"]
                progress(f"[{number}/{len(inputs)}] {outcome}")
    os.replace(partial, out_dir / MANIFEST)
    errors = [(entry["source"], entry["error"]) for entry in entries if entry["status"] == "error"]
    result = BatchResult(
        inputs=len(inputs),
        ok=len(inputs) - len(errors),
        failed=len(errors),
        measures=sum(entry["measures"] for entry in entries),
        errors=errors,
    )
    _write_atomic(out_dir / SUMMARY, _summary_json(result))
    return result


def _process(path: Path, out_dir: Path, extract_document: Callable, taken: set[str]) -> dict:
    """Read, extract and write one input; return its manifest entry (never raises an Exception)."""
    entry = {"source": str(path), "doc_id": None, "status": "error", "output": None,
             "measures": 0, "error": None, "warnings": []}
    stage = "reading"
    try:
        document = _with_unique_id(read_document(path), taken)
        entry["doc_id"] = document.doc_id
        stage = "extraction"
        article = extract_document(document)
        if not isinstance(article, Article):
            raise TypeError(f"extract_document returned {type(article).__name__}, not an Article")
        stage = "writing the output"
        output = f"{document.doc_id}.json"
        _write_atomic(out_dir / output, _article_json(article))
    except InputError as err:
        entry["error"] = str(err)
    except Exception as err:  # noqa: BLE001 - one bad input must not stop the batch
        entry["error"] = f"{path}: {stage} failed: {type(err).__name__}: {err}"
    else:
        entry.update(status="ok", output=output, measures=len(article.measures),
                     warnings=list(article.warnings))
        return entry
    if entry["doc_id"]:
        # An output left by an earlier run would contradict this run's error line.
        (out_dir / f"{entry['doc_id']}.json").unlink(missing_ok=True)
    return entry


def _with_unique_id(document: Document, taken: set[str]) -> Document:
    """Return the document with a doc_id no earlier input of the run has, claiming it.

    Ids are compared case-insensitively, as output files may land on a case-insensitive
    file system. A clash gets the first free ``-2``, ``-3``... suffix, in input order.
    """
    doc_id, number = document.doc_id, 1
    while doc_id.casefold() in taken:
        number += 1
        doc_id = f"{document.doc_id}-{number}"
    taken.add(doc_id.casefold())
    if doc_id == document.doc_id:
        return document
    warning = f"doc_id '{document.doc_id}' is already used by another input of this batch; renamed to '{doc_id}'"
    return dataclasses.replace(document, doc_id=doc_id, warnings=(*document.warnings, warning))


def _article_json(article: Article) -> str:
    return json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _summary_json(result: BatchResult) -> str:
    summary = dataclasses.asdict(result)
    summary["errors"] = [{"source": source, "error": message} for source, message in result.errors]
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


def _write_atomic(target: Path, content: str) -> None:
    """Write ``content`` as UTF-8 to a hidden temporary file beside ``target``, then rename it."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
