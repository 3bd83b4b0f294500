"""Batch: extract every article of files and folders into an output folder, losing nothing.

The output folder holds

- ``articles/<safe doc_id>.json``: one Article per input article;
- ``measures.jsonl``: every measure record, one a line, with its ``doc_id`` and ``source``;
- ``measures.csv``: the same records flattened for spreadsheets;
- ``run.json``: every input with its status (``ok``, ``skipped``, ``failed``) and reason,
  the counts, timings, options and versions.

It describes the last run: articles of inputs that are no longer given are removed.
Every file is written to a temporary file and renamed into place. A small state file
(``.extractor-state.jsonl``) records the digest behind each article as it is written, so a
run that was killed and started again, or any re-run, skips what is already done and
unchanged (unless ``force``) and ends with exactly the outputs of one uninterrupted run.

Extraction runs in an *engine*: in this process, in ``workers`` processes, or on a Dask
cluster (``extractor.dask_engine``). Engines only compute: they turn batches of items into
:class:`Outcome` values, and this module alone writes (through ``extractor.outputs``), in
input order, so every engine gives the same outputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import platform
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from . import __version__
from .inputs import DEFAULT_MAX_BYTES, Item, load, plan
from .outputs import ARTICLES, RUN, StateLog, read_state, remove_stale_articles, write_atomic, write_measures
from .settings import PACKAGE_ROOT, Settings

BATCH_SIZE = 16


@dataclass(frozen=True)
class Options:
    """How a batch runs. ``published`` is the default date of articles that carry none."""

    settings: Settings = field(default_factory=Settings)
    published: dt.date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    force: bool = False
    workers: int = 1
    batch_size: int = BATCH_SIZE


@dataclass(frozen=True)
class Outcome:
    """What extracting one item gave: the Article as JSON, or why it failed."""

    index: int
    article_json: str | None
    reason: str | None = None
    seconds: float = 0.0
    measures: int = 0  # the Article's counts, so that the writer need not parse its JSON
    warnings: tuple[str, ...] = ()


@dataclass
class RunReport:
    """The content of ``run.json``; ``exit_code`` is 0 when no input failed, else 1."""

    inputs: list[dict]
    counts: dict
    seconds: float

    @property
    def exit_code(self) -> int:
        return 1 if self.counts["failed"] else 0


Engine = Callable[[list[list[tuple[int, Item]]], Options], Iterator[list[Outcome]]]


# ---------------------------------------------------------------------------------------
# Extraction: the part engines run


def process(batch: list[tuple[int, Item]], settings: Settings, published: dt.date | None) -> list[Outcome]:
    """Extract a batch of items; one Outcome each, in order. Never raises for a bad input.

    The texts are parsed together (``nlp.pipe``). Should the batch fail as a whole, each
    item is extracted alone, so that one bad input cannot take the others down with it.
    """
    from .pipeline import extract_documents

    started = time.perf_counter()
    outcomes: dict[int, Outcome] = {}
    documents = []
    for index, item in batch:
        try:
            documents.append((index, load(item, published)))
        except Exception as err:  # noqa: BLE001 - an unreadable input is one failed item
            outcomes[index] = Outcome(index, None, _reason(item, "reading", err), time.perf_counter() - started)
    try:
        articles = list(extract_documents([document for _, document in documents], settings))
    except Exception:  # noqa: BLE001 - find the culprit below, item by item
        articles = None
    per_item = (time.perf_counter() - started) / max(len(documents), 1)
    for position, (index, document) in enumerate(documents):
        item = dict(batch)[index]
        try:
            article = articles[position] if articles is not None else next(extract_documents([document], settings))
            outcomes[index] = Outcome(index, _article_json(article), None, per_item, len(article.measures),
                                      tuple(article.warnings))
        except Exception as err:  # noqa: BLE001
            outcomes[index] = Outcome(index, None, _reason(item, "extraction", err), per_item)
    return [outcomes[index] for index, _ in batch]


def _reason(item: Item, stage: str, err: Exception) -> str:
    from .ingest import InputError

    if isinstance(err, InputError):
        return str(err)
    return f"{item.source}: {stage} failed: {type(err).__name__}: {err}"


def _article_json(article) -> str:
    return json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def local_engine(batches: list[list[tuple[int, Item]]], options: Options) -> Iterator[list[Outcome]]:
    """Extract the batches one after the other in this process."""
    for batch in batches:
        yield process(batch, options.settings, options.published)


def process_engine(batches: list[list[tuple[int, Item]]], options: Options) -> Iterator[list[Outcome]]:
    """Extract the batches in ``options.workers`` processes, each loading the model once.

    Results arrive as batches finish. Should a worker process die (killed, out of memory),
    the batches it left unfinished are given to a new pool once; a batch that breaks a pool
    twice is reported as failed, item by item.
    """
    pending = list(batches)
    for attempt in (1, 2):
        broken = []
        context = get_context("spawn")
        with ProcessPoolExecutor(options.workers, mp_context=context, initializer=_warm_up,
                                 initargs=(options.settings,)) as pool:
            futures = {pool.submit(process, batch, options.settings, options.published): batch
                       for batch in pending}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
        if not broken:
            return
        pending = broken
    for batch in pending:
        yield [Outcome(index, None, f"{item.source}: extraction failed: the worker process died twice "
                                    "while extracting this input's batch") for index, item in batch]


def _warm_up(settings: Settings) -> None:
    """Worker start: load the model and the rules once, before the first batch."""
    from .nlp import load_pipeline

    load_pipeline(settings)


# ---------------------------------------------------------------------------------------
# The run: plan, skip what is done, extract, write


def run_batch(paths: Iterable[str | Path], out_dir: str | Path, options: Options | None = None, *,
              engine: Engine | None = None,
              progress: Callable[[dict, int], None] | None = None) -> RunReport:
    """Extract every article under ``paths`` into ``out_dir``; return what ``run.json`` says.

    1. plan the items (files, folders, JSON objects) with unique doc_ids;
    2. skip items whose article is already written from the same digest (unless forced);
    3. extract the rest in the engine, writing each article as its batch comes back;
    4. remove articles of inputs no longer given, then write ``measures.jsonl``,
       ``measures.csv`` and ``run.json`` from all articles of the run, in input order.

    ``progress`` is called with each input's entry as it is settled, and the number of inputs.
    """
    options = options or Options()
    started_at, clock = _now(), time.perf_counter()
    out_dir = Path(out_dir)
    (out_dir / ARTICLES).mkdir(parents=True, exist_ok=True)
    run = _Run(out_dir, plan(paths, exclude=[out_dir], max_bytes=options.max_bytes), _fingerprint(options), progress)
    todo, carried = run.triage({} if options.force else read_state(out_dir))
    with StateLog(out_dir, carried) as log:
        batches = [todo[start:start + options.batch_size] for start in range(0, len(todo), options.batch_size)]
        for outcomes in (engine or _default_engine(options))(batches, options):
            for outcome in outcomes:
                run.write(outcome, log)
    remove_stale_articles(out_dir / ARTICLES, run.kept_files())
    measures = write_measures(out_dir, run.items, run.entries)
    counts = {"inputs": len(run.items), **{status: sum(entry["status"] == status for entry in run.entries)
                                           for status in ("ok", "skipped", "failed")}, "measures": measures}
    report = RunReport(inputs=run.entries, counts=counts, seconds=round(time.perf_counter() - clock, 3))
    write_atomic(out_dir / RUN, _run_json(report, options, started_at))
    return report


def _default_engine(options: Options) -> Engine:
    return process_engine if options.workers > 1 else local_engine


class _Run:
    """The items of one run and the entry each gets in ``run.json``, settled as they are decided."""

    def __init__(self, out_dir: Path, items: list[Item], fingerprint: str,
                 progress: Callable[[dict, int], None] | None) -> None:
        self.articles = out_dir / ARTICLES
        self.items = items
        self.entries: list[dict] = [{} for _ in items]
        self.fingerprint = fingerprint
        self.progress = progress

    def settle(self, index: int, entry: dict) -> None:
        self.entries[index] = entry
        if self.progress is not None:
            self.progress(entry, len(self.items))

    def triage(self, state: dict[str, str]) -> tuple[list[tuple[int, Item]], dict[str, str]]:
        """Settle the inputs that fail or are skipped; return the items to extract and the state kept."""
        todo, carried = [], {}
        for index, item in enumerate(self.items):
            if item.error or item.skipped:
                self.settle(index, _entry(item, "failed" if item.error else "skipped", item.error or item.skipped))
                continue
            digest = _item_digest(item, self.fingerprint)
            if state.get(item.file) == digest and (self.articles / item.file).is_file():
                carried[item.file] = digest
                self.settle(index, _entry(item, "skipped", "unchanged since the last run; use --force to extract again"))
            else:
                todo.append((index, item))
        return todo, carried

    def write(self, outcome: Outcome, log: StateLog) -> None:
        """Write an extracted article (or remove a stale one of a failed input) and settle its entry."""
        item = self.items[outcome.index]
        if outcome.article_json is None:
            (self.articles / item.file).unlink(missing_ok=True)
            log.forget(item.file)
            self.settle(outcome.index, _entry(item, "failed", outcome.reason, seconds=outcome.seconds))
            return
        write_atomic(self.articles / item.file, outcome.article_json)
        log.record(item.file, _item_digest(item, self.fingerprint))
        self.settle(outcome.index, _entry(item, "ok", None, outcome, outcome.seconds))

    def kept_files(self) -> set[str]:
        return {item.file for item, entry in zip(self.items, self.entries)
                if entry["status"] in ("ok", "skipped") and item.file}


def _entry(item: Item, status: str, reason: str | None, extracted: Outcome | None = None,
           seconds: float | None = None) -> dict:
    entry = {"source": item.source, "doc_id": item.doc_id, "status": status, "reason": reason,
             "output": f"{ARTICLES}/{item.file}" if item.file and status != "failed" else None}
    if extracted is not None:
        entry.update(measures=extracted.measures, warnings=list(extracted.warnings))
    if seconds is not None:
        entry["seconds"] = round(seconds, 4)
    return entry


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------
# What an output depends on


def _fingerprint(options: Options) -> str:
    """A digest of everything besides the input that shapes an article.

    The extractor's code and version, the model, the pattern rules, the settings and the
    default publication date: change any of them and every input is extracted again.
    """
    from .nlp import resolve_model_name

    model = resolve_model_name(options.settings.model)
    digest = hashlib.sha256()
    for part in (__version__, model, _package_version(model), repr(options.settings.min_confidence),
                 repr(options.settings.chunk_chars), str(options.published)):
        digest.update(part.encode("utf-8") + b"\0")
    for folder, pattern in ((PACKAGE_ROOT, "*.py"), (Path(options.settings.patterns_dir), "*.jsonl")):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _package_version(module: str) -> str:
    for name in (module, module.replace("_", "-")):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.version(name)
    return "?"


def _item_digest(item: Item, fingerprint: str) -> str:
    key = json.dumps([fingerprint, item.digest, item.doc_id, item.source], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _run_json(report: RunReport, options: Options, started_at: str) -> str:
    from .nlp import resolve_model_name

    model = resolve_model_name(options.settings.model)
    content = {
        "started": started_at,
        "finished": _now(),
        "seconds": report.seconds,
        "counts": report.counts,
        "options": {"workers": options.workers, "force": options.force, "max_bytes": options.max_bytes,
                    "published": options.published.isoformat() if options.published else None,
                    "model": options.settings.model, "patterns": str(options.settings.patterns_dir)},
        "versions": {"extractor": __version__, "model": f"{model} {_package_version(model)}",
                     "spacy": _package_version("spacy"), "python": platform.python_version()},
        "inputs": report.inputs,
    }
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"
