"""Speed and memory benchmark: the whole pipeline over the corpus.

    python bench/speed.py [FOLDER ...] [--repeat N] [--json]

Reports the model load time, articles and characters per second, time per article (median
and worst), and peak resident memory, and exits 1 when a target below is missed. The
targets are sized for a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.inputs import load, plan  # noqa: E402
from extractor.nlp import load_pipeline  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402

TARGETS = {
    "articles_per_second": 5.0,      # at least
    "median_ms_per_article": 250.0,  # at most
    "peak_rss_mb": 1024.0,           # at most
    "load_seconds": 10.0,            # at most
}


def measure(folders: list[Path], repeat: int) -> dict:
    started = time.perf_counter()
    load_pipeline()
    load_seconds = time.perf_counter() - started
    documents = [load(item) for item in plan(folders) if item.doc_id and not item.error]
    timings, chars, measures = [], 0, 0
    for _ in range(repeat):
        for document in documents:
            start = time.perf_counter()
            article = extract_document(document)
            timings.append(time.perf_counter() - start)
            chars += len(document.text)
            measures += len(article.measures)
    total = sum(timings)
    return {
        "articles": len(documents) * repeat,
        "measures": measures,
        "load_seconds": round(load_seconds, 2),
        "articles_per_second": round(len(timings) / total, 1),
        "chars_per_second": round(chars / total),
        "median_ms_per_article": round(1000 * statistics.median(timings), 1),
        "max_ms_per_article": round(1000 * max(timings), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def missed(report: dict) -> list[str]:
    failures = []
    for name, target in TARGETS.items():
        value = report[name]
        ok = value >= target if name == "articles_per_second" else value <= target
        if not ok:
            failures.append(f"{name} = {value} (target {target})")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "corpus"])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args.folders, args.repeat)
    failures = missed(report)
    if args.json:
        print(json.dumps({**report, "targets": TARGETS, "missed": failures}, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:24} {value}")
        for failure in failures:
            print(f"MISSED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
