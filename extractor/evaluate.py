"""Score the extractor's records against annotated gold files (spec: "Scoring").

Flow: ``find_samples`` pairs each ``NAME.gold.json`` with its article, ``load_gold`` validates
it, the extractor runs on the article, and ``score_document`` compares the two lists of
records; a ``Report`` sums the per-document counts (micro-averaging).

Scoring itself (``score_document``, ``Report`` and the decisions the spec leaves open) is in
``extractor.scoring``, re-exported here.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .schema import GoldFile
from .scoring import (CEILING_METRICS, NOT_FACTUAL, REL_TOL, SLOTS, Counts, DocumentScore, MeasureTuple,
                      Report, SlotDiff, instrument_group, measure_tuple, score_document)

# The scoring names are re-exported: tests and floors import them from here.
__all__ = [
    "ARTICLE_SUFFIXES", "CEILING_METRICS", "GOLD_SUFFIX", "NOT_FACTUAL", "REL_TOL", "SLOTS",
    "CorpusError", "Counts", "DocumentScore", "EvaluationError", "Extract", "GoldError", "MeasureTuple",
    "Report", "Sample", "SlotDiff", "evaluate_corpus", "find_samples", "format_diff", "format_report",
    "instrument_group", "load_corpus", "load_gold", "main", "measure_tuple", "pipeline_extractor",
    "score_document",
]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
GOLD_SUFFIX = ".gold.json"


class EvaluationError(Exception):
    """Input the evaluation cannot use; the message says which file and what is wrong."""


class CorpusError(EvaluationError):
    """A corpus folder is missing, empty, or has an article without gold (or the reverse)."""


class GoldError(EvaluationError):
    """A gold file is not valid JSON or does not match the gold-file schema."""


# -- loading ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """One annotated article: the gold file and the article it annotates."""

    name: str
    gold_path: Path
    article_path: Path


def _field_path(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(file)"


def load_gold(path: str | Path) -> GoldFile:
    """Read and validate a gold file; raise ``GoldError`` naming the file and each bad field."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldError(f"{path}: cannot read: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as error:
        lines = [f"{path}: {_field_path(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise GoldError("\n".join(lines)) from error


def find_samples(corpus_dir: str | Path) -> list[Sample]:
    """Pair every ``NAME.gold.json`` under ``corpus_dir`` (recursively) with ``NAME.txt/.html/.htm``.

    Raises ``CorpusError`` listing each gold file without an article, each article without a
    gold file, and each gold file with more than one article.
    """
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        raise CorpusError(f"{corpus}: not a folder")
    golds = {p.parent / p.name[: -len(GOLD_SUFFIX)]: p for p in corpus.rglob(f"*{GOLD_SUFFIX}")}
    articles: dict[Path, list[Path]] = {}
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file() and not path.name.startswith("."):
            articles.setdefault(path.with_suffix(""), []).append(path)
    problems = [f"{gold}: no article beside it ({'/'.join(ARTICLE_SUFFIXES)})"
                for stem, gold in sorted(golds.items()) if stem not in articles]
    problems += [f"{found[0]}: no gold file ({stem.name}{GOLD_SUFFIX})"
                 for stem, found in articles.items() if stem not in golds]
    problems += [f"{golds[stem]}: several articles: {', '.join(map(str, found))}"
                 for stem, found in articles.items() if stem in golds and len(found) > 1]
    if problems:
        raise CorpusError("\n".join(problems))
    if not golds:
        raise CorpusError(f"{corpus}: no *{GOLD_SUFFIX} files")
    return [Sample(stem.name, gold, articles[stem][0]) for stem, gold in sorted(golds.items())]


# -- running the extractor over a corpus ----------------------------------------------

Extract = Callable[[Any], Any]  # a Document in, an Article (anything with .measures) out


def pipeline_extractor(model: str | None = None) -> Extract:
    """The real extractor (``extractor.pipeline.extract_document``), imported on first call.

    Importing late lets gold files be validated, and errors reported, before spaCy loads.
    """
    def extract(document: Any) -> Any:
        from .nlp import ModelNotFound
        from .pipeline import extract_document
        from .settings import Settings

        try:
            return extract_document(document, Settings(model=model))
        except ModelNotFound as error:
            raise EvaluationError(str(error)) from error

    return extract


def load_corpus(corpus_dir: str | Path) -> list[tuple[Sample, GoldFile]]:
    """Pair and validate every sample; raise ``GoldError`` listing each invalid gold file."""
    samples = find_samples(corpus_dir)
    golds, problems = [], []
    for sample in samples:
        try:
            golds.append(load_gold(sample.gold_path))
        except GoldError as error:
            problems.append(str(error))
    if problems:
        raise GoldError("\n".join(problems))
    return list(zip(samples, golds))


def evaluate_corpus(corpus_dir: str | Path, extract: Extract | None = None) -> Report:
    """Validate every gold file under ``corpus_dir``, then run the extractor on each article and score.

    ``extract`` maps an ``ingest.Document`` to an ``Article``; by default the real pipeline.
    A document without a ``published`` date gets the gold file's. Raises ``GoldError`` (before
    anything is extracted), ``CorpusError``, or ``EvaluationError`` for an unreadable article.
    """
    corpus = load_corpus(corpus_dir)
    from .ingest import InputError, read_document

    extract = extract or pipeline_extractor()
    report = Report()
    for sample, gold in corpus:
        try:
            document = read_document(sample.article_path)
        except InputError as error:  # its message names the file
            raise EvaluationError(str(error)) from error
        if document.published is None and gold.published:
            document = dataclasses.replace(document, published=dt.date.fromisoformat(gold.published))
        article = extract(document)
        report.documents.append(score_document(gold.measures, article.measures, gold.doc_id,
                                               str(sample.gold_path)))
    return report


# -- presenting ------------------------------------------------------------------------

def _show(key: Sequence[Any]) -> str:
    return "/".join("?" if part is None else str(part) for part in key)


def format_report(report: Report) -> str:
    """A table of P/R/F1 and counts per metric, then modality accuracy and the ceiling count."""
    lines = [f"{'metric':<18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    totals = report.totals()
    for name in ("measure", "product", "lenient", *(f"slot.{slot}" for slot in SLOTS)):
        c = totals.get(name, Counts())
        lines.append(f"{name:<18} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
                     f"{c.tp:>5} {c.fp:>5} {c.fn:>5}")
    correct, total = report.modality_counts()
    lines.append(f"modality accuracy  {report.modality_accuracy:.3f} ({correct}/{total} matched tuples)")
    lines.append(f"hypothetical/negated emitted as factual: {report.hypothetical_as_factual}")
    lines.append(f"documents: {len(report.documents)}")
    return "\n".join(lines)


def format_diff(report: Report) -> str:
    """Per document: missing and extra tuples, wrong slots, hypotheticals emitted as factual."""
    blocks = []
    for d in report.documents:
        lines = [f"  missing  {_show(t)}" for t in d.missing]
        lines += [f"  extra    {_show(t)}" for t in d.extra]
        lines += [f"  slot     {_show(w.tuple)} {w.slot}: gold {w.gold} predicted {w.predicted}"
                  for w in d.wrong_slots]
        lines += [f"  factual  {_show(t)} is only hypothetical/negated in gold"
                  for t in d.hypothetical_as_factual]
        if lines:
            blocks.append("\n".join([f"{d.doc_id} ({d.source})", *lines]))
    return "\n\n".join(blocks) if blocks else "no differences"


def main(argv: Sequence[str] | None = None) -> int:
    """``extractor evaluate CORPUS [CORPUS...] [--json] [--diff] [--model NAME]``; returns the exit code."""
    parser = argparse.ArgumentParser(prog="extractor evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="folders of NAME.gold.json + NAME.txt/.html pairs")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--diff", action="store_true", help="list missing/extra tuples and wrong slots")
    parser.add_argument("--model", help="spaCy pipeline package to use")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    extract = pipeline_extractor(args.model)
    try:
        for corpus in args.corpus:  # every gold file of every corpus is checked before extracting
            load_corpus(corpus)
        reports = {corpus: evaluate_corpus(corpus, extract) for corpus in args.corpus}
    except EvaluationError as error:
        print(f"extractor evaluate: {error}", file=sys.stderr)
        return 2
    total = Report([d for report in reports.values() for d in report.documents])
    if args.json:
        print(json.dumps({"corpora": {c: r.to_dict() for c, r in reports.items()},
                          "total": total.to_dict()}, indent=2))
        return 0
    sections = list(reports.items()) + ([("all", total)] if len(reports) > 1 else [])
    for name, report in sections:
        print(f"== {name}\n{format_report(report)}")
        if args.diff:
            print(f"\n{format_diff(report)}")
        print()
    return 0
