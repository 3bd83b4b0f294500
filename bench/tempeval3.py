"""Score :func:`extractor.timex.tag` on TimeML files with the TempEval-3 definitions.

Usage::

    python bench/tempeval3.py [PATH ...] [--json] [--limit N] [--errors FILE]

PATH is a ``.tml`` file or a folder searched recursively (default: the TempEval-3 training
data beside the repository, ``../shared/data/tempeval3/train``). For each file the ``<DCT>``
TIMEX3 value is the document creation time, and the document text is the content of
``<TEXT>`` with the tags removed and entities decoded; gold and system offsets are
character offsets into that text.

The scores follow TempEval-3 (UzZaman et al., 2013):

- strict extent: a system timex matches a gold one with the same start and end;
- relaxed extent: a system timex matches a gold one it overlaps, one to one (the pairs with
  the longest overlap are taken first);
- for each, precision over the system timexes, recall over the gold ones, and F1;
- type accuracy: the share of relaxed matches with the gold type;
- type F1 and value F1: a true positive is a relaxed match whose type (value) is the gold
  one; precision over the system timexes, recall over the gold ones.

Speed is reported as documents per second over the files, and as the median time to tag one
600-word article cut from the same texts.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = REPO_ROOT / ".." / "shared" / "data" / "tempeval3" / "train"
ARTICLE_WORDS = 600
SPEED_ARTICLES = 20
sys.path.insert(0, str(REPO_ROOT))


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3: character offsets into the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class TimeMLDocument:
    """One TimeML file: its name, creation date, plain text and gold timexes."""

    name: str
    dct: datetime.date | None
    text: str
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDocument:
    """Parse one ``.tml`` file: DCT, tag-free ``<TEXT>`` content and the TIMEX3s inside it."""
    root = ET.parse(path).getroot()
    dct_element = root.find(".//DCT/TIMEX3")
    try:
        dct = datetime.date.fromisoformat((dct_element.get("value") or "")[:10]) if dct_element is not None else None
    except ValueError:
        dct = None
    text_element = root.find("TEXT")
    if text_element is None:
        return TimeMLDocument(path.stem, dct, "", ())
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_element, pieces, timexes, is_root=True)
    return TimeMLDocument(path.stem, dct, "".join(pieces), tuple(timexes))


def _flatten(node: ET.Element, pieces: list[str], timexes: list[GoldTimex], is_root: bool = False) -> None:
    """Append the text under ``node`` to ``pieces``, recording each TIMEX3 with its offsets."""
    start = sum(map(len, pieces))
    if node.tag == "TIMEX3" and not is_root:
        inner = "".join(node.itertext())
        timexes.append(GoldTimex(start, start + len(inner), inner, node.get("type", ""), node.get("value")))
        pieces.append(inner)
        return
    pieces.append(node.text or "")
    for child in node:
        _flatten(child, pieces, timexes)
        pieces.append(child.tail or "")


@dataclass
class Tally:
    """Counts behind the scores, summed over documents, and the mismatches for ``--errors``."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0
    errors: list[dict] = field(default_factory=list)


def relaxed_pairs(gold: tuple[GoldTimex, ...], system: list) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of overlapping timexes, longest overlap first."""
    candidates = sorted(((min(g.end, s.end) - max(g.start, s.start), gi, si)
                         for gi, g in enumerate(gold) for si, s in enumerate(system)
                         if s.start < g.end and g.start < s.end), reverse=True)
    pairs, used_gold, used_system = [], set(), set()
    for _, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            pairs.append((gi, si))
            used_gold.add(gi)
            used_system.add(si)
    return sorted(pairs)


def score_document(doc: TimeMLDocument, system: list, tally: Tally) -> None:
    """Add one document's counts to ``tally`` and record its mismatches."""
    tally.gold += len(doc.timexes)
    tally.system += len(system)
    gold_extents = {(g.start, g.end) for g in doc.timexes}
    tally.strict += sum((s.start, s.end) in gold_extents for s in system)
    pairs = relaxed_pairs(doc.timexes, system)
    tally.relaxed += len(pairs)
    for gi, si in pairs:
        gold, found = doc.timexes[gi], system[si]
        tally.type_correct += found.type == gold.type
        tally.value_correct += found.value == gold.value
        if (found.type, found.value, found.start, found.end) != (gold.type, gold.value, gold.start, gold.end):
            tally.errors.append({"doc": doc.name, "kind": "wrong", "dct": str(doc.dct), "gold": _row(gold),
                                 "system": _row(found)})
    matched_gold, matched_system = {gi for gi, _ in pairs}, {si for _, si in pairs}
    tally.errors += [{"doc": doc.name, "kind": "missed", "dct": str(doc.dct), "gold": _row(g),
                      "context": _context(doc.text, g)} for gi, g in enumerate(doc.timexes) if gi not in matched_gold]
    tally.errors += [{"doc": doc.name, "kind": "spurious", "dct": str(doc.dct), "system": _row(s),
                      "context": _context(doc.text, s)} for si, s in enumerate(system) if si not in matched_system]


def _row(timex) -> list:
    """A compact view of a gold or system timex for the error file."""
    return [timex.text, timex.type, timex.value, timex.start]


def _context(text: str, timex) -> str:
    """The words around a timex, with the timex in brackets."""
    return (text[max(timex.start - 60, 0):timex.start] + "[" + timex.text + "]" + text[timex.end:timex.end + 40]
            ).replace("\n", " ")


def prf(true_positives: int, system: int, gold: int) -> dict[str, float]:
    """Precision (over ``system``), recall (over ``gold``) and F1, rounded to four places."""
    precision = true_positives / system if system else 0.0
    recall = true_positives / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def summarise(tally: Tally, documents: int, seconds: float, article_ms: float | None) -> dict:
    """The reported numbers, from the counts and timings."""
    return {
        "documents": documents, "gold": tally.gold, "system": tally.system,
        "strict": prf(tally.strict, tally.system, tally.gold),
        "relaxed": prf(tally.relaxed, tally.system, tally.gold),
        "type_accuracy": round(tally.type_correct / tally.relaxed, 4) if tally.relaxed else 0.0,
        "type": prf(tally.type_correct, tally.system, tally.gold),
        "value": prf(tally.value_correct, tally.system, tally.gold),
        "docs_per_second": round(documents / seconds, 1) if seconds else None,
        "ms_per_600_words": round(article_ms, 2) if article_ms is not None else None,
    }


def collect_files(paths: list[Path], limit: int | None) -> list[Path]:
    """The ``.tml`` files named or found below ``paths``, sorted, cut to ``limit``."""
    files = sorted({file for path in paths for file in ([path] if path.is_file() else path.rglob("*.tml"))})
    return files[:limit] if limit else files


def articles_of(docs: list[TimeMLDocument], words: int, count: int) -> list[tuple[str, datetime.date | None]]:
    """Up to ``count`` articles of exactly ``words`` words, cut from the documents in order."""
    articles, buffer = [], []
    for doc in docs:
        for paragraph in doc.text.split("\n"):
            buffer += paragraph.split() + ["\n"]
            while sum(w != "\n" for w in buffer) >= words and len(articles) < count:
                taken, kept = 0, 0
                while taken < words:
                    taken += buffer[kept] != "\n"
                    kept += 1
                articles.append((" ".join(buffer[:kept]).replace(" \n ", "\n"), doc.dct))
                buffer = buffer[kept:]
    return articles


def time_articles(tag, nlp, articles: list[tuple[str, datetime.date | None]]) -> float | None:
    """Median milliseconds :func:`tag` takes for one article, after one warm-up call."""
    if not articles:
        return None
    tag(*articles[0], nlp=nlp)
    timings = []
    for text, dct in articles:
        started = time.perf_counter()
        tag(text, dct, nlp=nlp)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(files: list[Path]) -> tuple[dict, list[dict]]:
    """Tag every file, score it, time 600-word articles; return (summary, mismatches)."""
    from extractor.nlp import load_pipeline
    from extractor.timex import tag

    nlp = load_pipeline()
    docs = [read_timeml(path) for path in files]
    tag("Warm-up on Friday.", "2025-11-08", nlp=nlp)
    tally = Tally()
    started = time.perf_counter()
    for doc in docs:
        score_document(doc, tag(doc.text, doc.dct, nlp=nlp), tally)
    seconds = time.perf_counter() - started
    article_ms = time_articles(tag, nlp, articles_of(docs, ARTICLE_WORDS, SPEED_ARTICLES))
    return summarise(tally, len(docs), seconds, article_ms), tally.errors


def format_report(summary: dict) -> str:
    """The numbers as a table."""
    lines = [f"documents {summary['documents']}   gold timexes {summary['gold']}   system timexes {summary['system']}",
             f"{'':16}{'P':>8}{'R':>8}{'F1':>8}"]
    for name in ("strict", "relaxed", "type", "value"):
        scores = summary[name]
        label = f"{name} extent" if name in ("strict", "relaxed") else f"{name}"
        lines.append(f"{label:16}{scores['precision']:8.4f}{scores['recall']:8.4f}{scores['f1']:8.4f}")
    lines.append(f"type accuracy (over relaxed matches) {summary['type_accuracy']:.4f}")
    lines.append(f"speed: {summary['docs_per_second']} docs/s, {summary['ms_per_600_words']} ms per "
                 f"{ARTICLE_WORDS}-word article (median)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (2 when no TimeML file is found)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="a .tml file or a folder of them (default: ../shared/data/tempeval3/train)")
    parser.add_argument("--limit", type=int, default=None, help="read at most N files")
    parser.add_argument("--json", action="store_true", help="print the numbers as a JSON object")
    parser.add_argument("--errors", type=Path, default=None, help="write the mismatches here, one JSON per line")
    args = parser.parse_args(argv)
    paths = args.paths or [DEFAULT_PATH]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"error: not found: {', '.join(missing)}. Pass a .tml file or a folder of them "
              "(the TempEval-3 data lives outside the repository).", file=sys.stderr)
        return 2
    files = collect_files(paths, args.limit)
    if not files:
        print(f"error: no .tml files under {', '.join(map(str, paths))}", file=sys.stderr)
        return 2
    summary, errors = run(files)
    if args.errors:
        args.errors.write_text("".join(json.dumps(error) + "\n" for error in errors))
    print(json.dumps(summary, indent=2) if args.json else format_report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
