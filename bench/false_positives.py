"""False positives on general news: measures found in articles that are not about trade policy.

    python bench/false_positives.py [DIR ...] [--show]

Runs the extractor over the text of TimeML news articles (default: the TempEval-3 training
data beside the repository: politics, business, sport, weather) and reports how many factual
measure records it emits per 100 articles. Almost none of these articles report a trade
measure, so nearly every record is a false positive; `--show` prints them.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "tempeval3" / "train"
TEXT = re.compile(r"<TEXT>(.*)</TEXT>", re.S)
DCT = re.compile(r'<DCT><TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})"')


def article(path: Path) -> tuple[str, str | None]:
    raw = path.read_text(encoding="utf-8")
    match = TEXT.search(raw)
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""
    dct = DCT.search(raw)
    return text, dct.group(1) if dct else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    files = sorted(p for folder in args.folders for p in folder.rglob("*.tml"))
    if not files:
        print(f"no .tml files under {', '.join(map(str, args.folders))}", file=sys.stderr)
        return 2
    started, records = time.perf_counter(), 0
    for path in files:
        text, published = article(path)
        factual = [m for m in extract(text, published=published).measures
                   if m.modality not in {"hypothetical", "negated"}]
        records += len(factual)
        for measure in factual if args.show else []:
            print(f"{path.name}: {measure.actor.country} {measure.action.type} {measure.instrument.type} | "
                  f"{measure.evidence.text[:120]}")
    seconds = time.perf_counter() - started
    print(f"articles {len(files)}  factual records {records}  per 100 articles {100 * records / len(files):.1f}"
          f"  ({len(files) / seconds:.1f} articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
