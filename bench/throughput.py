"""Throughput: what an article costs, against the floor set by the spaCy model itself.

Usage::

    python bench/throughput.py [--repeat N] [--json] [--no-workers]

In one run, on the same texts:

(a) bare ``nlp.pipe`` of the same spaCy model (no segmenter, no trade ruler) on the trade
    articles of ``corpus/``;
(b) the full pipeline (``extract_documents``) on the same trade articles;
(c) the full pipeline on a mixed stream that is 90% off-topic news (``bench/offtopic/``,
    cycled) and 10% trade articles, where the relevance gate spares most texts the parse;
(d) ``extractor run --workers 2`` against ``--workers 1`` (fresh processes, model loading
    and writing the outputs included) on the trade articles four times over.

It reports articles/s, words/s, peak RSS, the ratios with their targets, and the share of
each stage in (b): the spaCy components (timed one by one on the same texts) and the
extractor's own stages (timed by wrapping the pipeline's calls).
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from functools import wraps
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import spacy  # noqa: E402

from extractor import pipeline  # noqa: E402
from extractor.inputs import load, plan  # noqa: E402
from extractor.nlp import load_pipeline, resolve_model_name  # noqa: E402
from extractor.settings import Settings  # noqa: E402

TARGETS = {
    "full_vs_bare": 0.8,        # (b)/(a), at least
    "mixed_vs_bare": 5.0,       # (c)/(a), at least
    "two_vs_one_worker": 1.6,   # (d), at least
    "peak_rss_mb": 800.0,       # per process, at most
}
OFF_TOPIC_SHARE = 0.9
# The extractor's own stages, as the pipeline module calls them.
OWN_STAGES = ("is_relevant", "clean_for_parsing", "find_mentions", "find_timexes", "assemble_doc", "Article")


def documents(folder: Path) -> list:
    return [load(item) for item in plan([folder]) if item.doc_id and not item.error and not item.skipped]


def words(docs) -> int:
    return sum(len(document.text.split()) for document in docs)


def rate(count: int, word_count: int, seconds: float) -> dict:
    return {"articles": count, "words": word_count, "seconds": round(seconds, 3),
            "articles_per_s": round(count / seconds, 2), "words_per_s": round(word_count / seconds)}


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def bare_model(texts: list[str]) -> float:
    """(a): seconds for ``nlp.pipe`` of the statistical model alone."""
    nlp = spacy.load(resolve_model_name(None))
    list(nlp.pipe(texts[:4]))  # warm-up
    return timed(lambda: list(nlp.pipe(texts, batch_size=16)))[1]


def full_pipeline(docs: list) -> float:
    """(b) and (c): seconds for the whole extraction of these documents."""
    return timed(lambda: list(pipeline.extract_documents(docs)))[1]


def mixed_stream(trade: list, off_topic: list) -> list:
    """Every tenth document a trade article, the others off-topic ones (cycled, renamed)."""
    per_trade = round(OFF_TOPIC_SHARE / (1 - OFF_TOPIC_SHARE))
    cycle = itertools.cycle(off_topic)
    stream = []
    for number, article in enumerate(trade):
        stream.append(article)
        for copy in range(per_trade):
            other = next(cycle)
            stream.append(replace(other, doc_id=f"{other.doc_id}-{number}-{copy}"))
    return stream


def workers(folder: Path, copies: int = 4) -> dict:
    """(d): wall-clock seconds of ``extractor run`` with 1 and 2 workers, model loading included.

    Both runs are fresh processes of the command, on the trade corpus ``copies`` times over.
    """
    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch) / "in"
        for copy in range(copies):
            shutil.copytree(folder, inputs / str(copy), ignore=shutil.ignore_patterns("*.gold.json", "README*"))
        count = sum(1 for path in inputs.rglob("*") if path.suffix in {".txt", ".html"})
        seconds = {}
        for number in (1, 2):
            command = [sys.executable, "-m", "extractor.cli", "run", str(inputs), "-o", str(Path(scratch) / f"out{number}"),
                       "--workers", str(number), "--quiet"]
            started = time.perf_counter()
            subprocess.run(command, check=True, cwd=REPO_ROOT)
            seconds[number] = time.perf_counter() - started
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"articles": count, "seconds_1": round(seconds[1], 2), "seconds_2": round(seconds[2], 2),
            "ratio": round(seconds[1] / seconds[2], 2), "worker_peak_rss_mb": round(children_rss)}


def stage_shares(docs: list) -> dict[str, float]:
    """Share of each stage in the full pipeline's time on these documents."""
    spent: Counter = Counter()
    originals = {name: getattr(pipeline, name) for name in OWN_STAGES}

    def clock(name, function):
        @wraps(function)
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return run

    for name, function in originals.items():
        setattr(pipeline, name, clock(name, function))
    try:
        total = full_pipeline(docs)
    finally:
        for name, function in originals.items():
            setattr(pipeline, name, function)
    own = sum(spent.values())
    model = components(docs)
    parse = total - own  # nlp.pipe, batching and the rest of the loop
    shares = {f"spaCy {name}": parse * seconds / sum(model.values()) / total for name, seconds in model.items()}
    shares.update({name: seconds / total for name, seconds in spent.items()})
    return {name: round(share, 3) for name, share in sorted(shares.items(), key=lambda pair: -pair[1])}


def components(docs: list) -> Counter:
    """Seconds of each component of the extractor's spaCy pipeline, run one by one."""
    nlp = load_pipeline(Settings())
    spent: Counter = Counter()
    for document in docs:
        started = time.perf_counter()
        doc = nlp.make_doc(pipeline.clean_for_parsing(document.text).text)
        spent["tokenizer"] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - started
    return spent


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure(repeat: int, with_workers: bool) -> dict:
    trade = documents(REPO_ROOT / "corpus")
    off_topic = documents(REPO_ROOT / "bench" / "offtopic")
    texts = [document.text for document in trade]
    list(pipeline.extract_documents(trade[:4]))  # load the model and the rules
    bare = min(bare_model(texts) for _ in range(repeat))
    full = min(full_pipeline(trade) for _ in range(repeat))
    stream = mixed_stream(trade, off_topic)
    mixed = min(full_pipeline(stream) for _ in range(repeat))
    result = {
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        "a_bare_model": rate(len(trade), words(trade), bare),
        "b_full_pipeline": rate(len(trade), words(trade), full),
        "c_mixed_stream": rate(len(stream), words(stream), mixed),
        "gate_passed": sum(pipeline.is_relevant(d.text) for d in stream) / len(stream),
        "stage_shares_b": stage_shares(trade),
        "peak_rss_mb": peak_rss_mb(),
    }
    result["ratios"] = {
        "full_vs_bare": round(bare / full, 2),
        "mixed_vs_bare": round((len(stream) / mixed) / (len(trade) / bare), 2),
    }
    if with_workers:
        result["d_workers"] = workers(REPO_ROOT / "corpus")
        result["ratios"]["two_vs_one_worker"] = result["d_workers"]["ratio"]
    return result


def verdicts(result: dict) -> dict[str, bool]:
    checks = {name: result["ratios"][name] >= TARGETS[name] for name in result["ratios"]}
    rss = max(result["peak_rss_mb"], result.get("d_workers", {}).get("worker_peak_rss_mb", 0))
    checks["peak_rss_mb"] = rss <= TARGETS["peak_rss_mb"]
    return checks


def report(result: dict) -> str:
    lines = [f"machine: {result['machine']}", "",
             f"{'run':<22}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'words/s':>10}"]
    for key, label in (("a_bare_model", "(a) bare nlp.pipe"), ("b_full_pipeline", "(b) full pipeline"),
                       ("c_mixed_stream", "(c) 90% off-topic")):
        row = result[key]
        lines.append(f"{label:<22}{row['articles']:>9}{row['seconds']:>9}{row['articles_per_s']:>12}"
                     f"{row['words_per_s']:>10}")
    if "d_workers" in result:
        d = result["d_workers"]
        lines.append(f"(d) batch, {d['articles']} articles: 1 worker {d['seconds_1']} s, 2 workers "
                     f"{d['seconds_2']} s; worker peak RSS {d['worker_peak_rss_mb']} MB")
    lines += ["", f"gate let through {result['gate_passed']:.0%} of the mixed stream",
              f"peak RSS (this process): {result['peak_rss_mb']} MB", "", "ratios (target):"]
    checks = verdicts(result)
    for name, value in result["ratios"].items():
        lines.append(f"  {name:<20}{value:>6}  (>= {TARGETS[name]})  {'ok' if checks[name] else 'MISSED'}")
    lines.append(f"  {'peak_rss_mb':<20}{'':>6}  (<= {TARGETS['peak_rss_mb']:.0f})  "
                 f"{'ok' if checks['peak_rss_mb'] else 'MISSED'}")
    lines += ["", "share of each stage in (b):"]
    lines += [f"  {name:<28}{share:>7.1%}" for name, share in result["stage_shares_b"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of (a)-(c); the fastest counts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-workers", action="store_true", help="leave out (d), the slowest part")
    args = parser.parse_args(argv)
    result = measure(args.repeat, with_workers=not args.no_workers)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0 if all(verdicts(result).values()) else 1


if __name__ == "__main__":
    sys.exit(main())
