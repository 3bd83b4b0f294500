"""The batch's output folder: atomic writes, the state of written articles, measures.jsonl, measures.csv.

Every file is written to a hidden temporary file beside its target and renamed into place,
so a killed run never leaves a half-written output. The state file records, line by line as
articles are written, the digest each was written from; a run reads it to skip what is done.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .inputs import Item

ARTICLES = "articles"
MEASURES = "measures.jsonl"
MEASURES_CSV = "measures.csv"
RUN = "run.json"
STATE = ".extractor-state.jsonl"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: the process's umask, restored at once
CSV_COLUMNS = (
    "doc_id", "source", "published", "id", "actor", "actor_text", "action", "action_text", "direction",
    "instrument", "instrument_subtype", "instrument_text", "products", "product_texts", "partners",
    "magnitudes", "dates", "duration", "modality", "historical", "confidence", "evidence", "provenance",
)


def read_state(out_dir: Path) -> dict[str, str]:
    """Map article file names to the digest they were written from (later lines win).

    A run killed while appending leaves at most one torn last line, which is ignored.
    """
    state: dict[str, str] = {}
    path = out_dir / STATE
    if not path.is_file():
        return state
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        with contextlib.suppress(json.JSONDecodeError, TypeError, KeyError):
            record = json.loads(line)
            if record.get("digest") is None:
                state.pop(record["file"], None)
            else:
                state[record["file"]] = record["digest"]
    return state


class StateLog:
    """Append-only record of articles written in this run; compacted when the run ends."""

    def __init__(self, out_dir: Path, carried: dict[str, str]) -> None:
        self.path = out_dir / STATE
        self.state = dict(carried)

    def __enter__(self) -> StateLog:
        write_atomic(self.path, "".join(state_line(file, digest) for file, digest in sorted(self.state.items())))
        self.stream = self.path.open("a", encoding="utf-8", newline="\n")
        return self

    def record(self, file: str, digest: str) -> None:
        self.state[file] = digest
        self.stream.write(state_line(file, digest))
        self.stream.flush()  # in the page cache: survives the process being killed

    def forget(self, file: str) -> None:
        if self.state.pop(file, None) is not None:
            self.stream.write(state_line(file, None))
            self.stream.flush()

    def __exit__(self, *exc) -> None:
        self.stream.close()
        if exc[0] is None:
            write_atomic(self.path, "".join(state_line(file, digest) for file, digest in sorted(self.state.items())))


def state_line(file: str, digest: str | None) -> str:
    return json.dumps({"file": file, "digest": digest}) + "\n"


def remove_stale_articles(articles_dir: Path, keep: set[str]) -> None:
    for path in articles_dir.glob("*.json"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def write_measures(out_dir: Path, items: list[Item], entries: list[dict]) -> int:
    """Write ``measures.jsonl`` and ``measures.csv`` from the run's articles; return the count."""
    count = 0
    with atomic_open(out_dir / MEASURES) as lines, atomic_open(out_dir / MEASURES_CSV, bom=True) as table:
        writer = csv.DictWriter(table, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for item, entry in zip(items, entries):
            if entry["status"] not in ("ok", "skipped") or not item.file:
                continue
            article = json.loads((out_dir / ARTICLES / item.file).read_text(encoding="utf-8"))
            entry.setdefault("measures", len(article["measures"]))
            entry.setdefault("warnings", article["warnings"])
            for measure in article["measures"]:
                record = {"doc_id": article["doc_id"], "source": article["source"], **measure}
                lines.write(json.dumps(record, ensure_ascii=False) + "\n")
                writer.writerow(csv_row(article, measure))
                count += 1
    return count


def csv_row(article: dict, measure: dict) -> dict:
    """One measure as a flat spreadsheet row; lists are joined with ``; ``."""
    def join(values: Iterable) -> str:
        return "; ".join(str(value) for value in values if value not in (None, ""))

    row = {
        "doc_id": article["doc_id"], "source": article["source"], "published": article["published"],
        "id": measure["id"], "actor": measure["actor"]["country"], "actor_text": measure["actor"]["text"],
        "action": measure["action"]["type"], "action_text": measure["action"]["text"],
        "direction": measure["direction"], "instrument": measure["instrument"]["type"],
        "instrument_subtype": measure["instrument"]["subtype"], "instrument_text": measure["instrument"]["text"],
        "products": join(product["id"] for product in measure["products"]),
        "product_texts": join(product["text"] for product in measure["products"]),
        "partners": join(partner["country"] or partner["text"] for partner in measure["partners"]),
        "magnitudes": join(f"{m['kind']}={m['value']:g} {m['unit']}" for m in measure["magnitudes"]),
        "dates": join(f"{d['role']}={d['value']}" + (f" ({d['mod']})" if d["mod"] else "") for d in measure["dates"]),
        "duration": (measure["duration"] or {}).get("value"), "modality": measure["modality"],
        "historical": measure["historical"], "confidence": measure["confidence"],
        "evidence": measure["evidence"]["text"], "provenance": join(measure["provenance"]),
    }
    return {key: _spreadsheet_safe(value) for key, value in row.items()}


def _spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula (``=``, ``+``, ``@``) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@"):
        return "'" + value
    return "" if value is None else value


def write_atomic(target: Path, content: str) -> None:
    """Write ``content`` as UTF-8 to a hidden temporary file beside ``target``, then rename it."""
    with atomic_open(target) as stream:
        stream.write(content)


@contextlib.contextmanager
def atomic_open(target: Path, bom: bool = False) -> Iterator[io.TextIOBase]:
    """A text stream to a temporary file that replaces ``target`` only when the block succeeds."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
