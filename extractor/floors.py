"""The regression gate's floors: ``python -m extractor.floors [--allow-lower] [--corpus corpus]``.

``floors.json`` at the repository root pins, per split (``corpus/dev``, ``corpus/test``), the
floor of each headline metric of ``evaluate`` (the hypothetical-as-factual count is a
ceiling) and the sha256 of the corpus they were measured on. This command measures, then
writes floors equal to the measured values rounded down to 3 decimals; it refuses to lower
any floor (or raise a ceiling) unless ``--allow-lower`` is given, so floors only ever move
by an explicit, reviewed decision. ``tests/test_regression_gate.py`` enforces them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import evaluate
from .evaluate import CEILING_METRICS, EvaluationError

SPLITS = ("dev", "test")
FLOORS_FILE = Path("floors.json")
TOLERANCE = 1e-9  # float noise allowed when comparing a measured value with its floor


def corpus_sha256(corpus_dir: str | Path) -> str:
    """sha256 over the sorted relative paths and the bytes of every file under ``corpus_dir``."""
    root = Path(corpus_dir)
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix().encode("utf-8")
        data = path.read_bytes()
        # Length prefixes keep (path, bytes) boundaries unambiguous.
        for part in (name, data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def measure_splits(corpus_dir: str | Path) -> dict[str, dict[str, float]]:
    """Evaluate each split of the corpus separately; return its headline metrics."""
    root = Path(corpus_dir)
    return {split: evaluate.evaluate_corpus(root / split).headline() for split in SPLITS}


def to_floor(metric: str, value: float) -> float | int:
    """A floor rounded down to 3 decimals; a ceiling (a count) kept as it is."""
    if metric in CEILING_METRICS:
        return int(value)
    return round(math.floor(value * 1000 + TOLERANCE) / 1000, 3)


def regressions(pinned: dict[str, dict[str, float]], measured: dict[str, dict[str, float]]) -> list[str]:
    """Each metric that ``measured`` has worse than ``pinned``, as ``split metric: pinned -> measured``.

    A metric pinned but no longer measured counts as worse, so the gate cannot be
    loosened by dropping a metric.
    """
    worse = []
    for split, metrics in sorted(pinned.items()):
        for metric, bound in sorted(metrics.items()):
            value = measured.get(split, {}).get(metric)
            if value is None:
                worse.append(f"{split} {metric}: {bound} -> (not measured)")
            elif metric in CEILING_METRICS and value > bound + TOLERANCE:
                worse.append(f"{split} {metric}: {bound} -> {value} (a ceiling)")
            elif metric not in CEILING_METRICS and value < bound - TOLERANCE:
                worse.append(f"{split} {metric}: {bound} -> {value}")
    return worse


def read_floors(path: str | Path) -> dict[str, Any] | None:
    """The pinned floors, or None when the file does not exist yet."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        pinned = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise EvaluationError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from error
    if not isinstance(pinned, dict) or not isinstance(pinned.get("metrics"), dict):
        raise EvaluationError(f"{path}: expected {{\"corpus_sha256\": ..., \"metrics\": {{split: {{metric: floor}}}}}}")
    return pinned


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, then write ``floors.json``; exit 1 when a floor would go down without ``--allow-lower``."""
    parser = argparse.ArgumentParser(prog="python -m extractor.floors", description=__doc__.splitlines()[0])
    parser.add_argument("--allow-lower", action="store_true", help="accept floors lower than the pinned ones")
    parser.add_argument("--corpus", default="corpus", help="folder holding the dev/ and test/ splits")
    parser.add_argument("--floors", default=str(FLOORS_FILE), help="the floors file to update")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        pinned = read_floors(args.floors)
        corpus_hash = corpus_sha256(args.corpus)
        measured = measure_splits(args.corpus)
    except EvaluationError as error:
        print(f"floors: {error}", file=sys.stderr)
        return 2
    floors = {split: {m: to_floor(m, v) for m, v in metrics.items()} for split, metrics in measured.items()}
    if pinned and pinned.get("corpus_sha256") != corpus_hash:
        print(f"floors: corpus changed ({pinned.get('corpus_sha256')} -> {corpus_hash})")
    lowered = regressions(pinned["metrics"], floors) if pinned else []
    if lowered and not args.allow_lower:
        print("floors: refusing to lower these floors (rerun with --allow-lower after review):",
              *(f"  {line}" for line in lowered), sep="\n", file=sys.stderr)
        return 1
    text = json.dumps({"corpus_sha256": corpus_hash, "metrics": floors}, indent=2, sort_keys=True)
    Path(args.floors).write_text(text + "\n", encoding="utf-8")
    for line in lowered:
        print(f"floors: lowered {line}")
    print(f"floors: wrote {args.floors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
