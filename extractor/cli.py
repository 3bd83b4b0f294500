"""The ``extractor`` command: a thin wrapper over the importable API.

    extractor run INPUT... [-o DIR] [--workers N] [--force]   batch over files and folders
    extractor extract FILE [--published DATE] [--model NAME]   one article to stdout
    extractor evaluate CORPUS... [--json] [--diff]         scores against gold files
    extractor schema                                       JSON Schema of the output
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from pathlib import Path

from .settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(model=getattr(args, "model", None), relevance_gate=not getattr(args, "no_gate", False))


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import Options, run_batch

    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: the output folder is a file; name a folder with -o")
    options = Options(settings=_settings(args), published=args.published, max_bytes=args.max_bytes,
                      force=args.force, workers=args.workers, batch_size=args.batch_size)
    with _progress_bar(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        report = run_batch(args.inputs, out_dir, options, engine=_engine(args), progress=progress)
    counts = report.counts
    for entry in report.inputs:
        if entry["status"] == "failed":
            print(f"failed: {entry['reason']}", file=sys.stderr)
    if not args.quiet:
        print(f"{counts['inputs']} inputs: {counts['ok']} ok, {counts['skipped']} skipped, "
              f"{counts['failed']} failed; {counts['measures']} measures -> {out_dir}")
    return report.exit_code


def _engine(args: argparse.Namespace):
    """The engine that runs the extraction: None for the default (this process or a pool)."""
    if args.engine == "local":
        if args.scheduler:
            raise UsageError("--scheduler needs --engine dask")
        return None
    from .dask_engine import dask_engine

    return dask_engine(scheduler=args.scheduler, workers=args.workers)


@contextlib.contextmanager
def _progress_bar(enabled: bool):
    """A progress callback drawing a bar on stderr, or None when disabled."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit="article", file=sys.stderr, dynamic_ncols=True) as bar:
        def advance(entry: dict, total: int) -> None:
            bar.total = total
            if entry["status"] == "failed":
                bar.write(f"failed: {entry['reason']}", file=sys.stderr)
            bar.update(1)

        yield advance


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got '{text}'") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def _size(text: str) -> int:
    """A byte count: ``5000000``, ``500K``, ``5M``, ``1G`` (decimal units)."""
    units = {"": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}
    number, unit = text.strip().upper(), ""
    for suffix in sorted(units, key=len, reverse=True):
        if suffix and number.endswith(suffix):
            number, unit = number[: -len(suffix)], suffix
            break
    try:
        value = int(float(number) * units[unit])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size such as 5000000, 500K or 5M, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive size, got '{text}'")
    return value


def cmd_extract(args: argparse.Namespace) -> int:
    from .ingest import read_document
    from .pipeline import extract_document

    document = read_document(args.file)
    if args.published:
        from dataclasses import replace
        import datetime as dt
        document = replace(document, published=dt.date.fromisoformat(args.published))
    article = extract_document(document, _settings(args))
    print(json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import Article

    print(json.dumps(Article.model_json_schema(), indent=2))
    return 0


def cmd_evaluate(argv: list[str]) -> int:
    from .evaluate import main as evaluate_main

    return evaluate_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extractor", description="Trade-policy measures from news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="extract every article of files and folders into a folder",
        description="Extract every article of files and folders into an output folder: articles/<doc_id>.json, "
                    "measures.jsonl, measures.csv and run.json. Exit code: 0 when every input succeeded "
                    "(or was skipped as unchanged), 1 when some failed, 2 for a usage error.")
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="article files (.txt, .md, .html, .htm, .json, .jsonl) or folders (read recursively), "
                          "local or as URLs fsspec reads (s3://, gs://, https://, file://)")
    run.add_argument("-o", "--out", default="output", help="output folder (default: output)")
    run.add_argument("--published", type=_date, metavar="DATE",
                     help="publication date YYYY-MM-DD for articles that carry none")
    run.add_argument("--force", action="store_true", help="extract again even the inputs unchanged since the last run")
    run.add_argument("--max-bytes", type=_size, default=5_000_000, metavar="SIZE",
                     help="skip (as failed) files larger than this, e.g. 5M (default: 5M; per line for .jsonl)")
    run.add_argument("--workers", type=_positive, default=1, metavar="N",
                     help="worker processes, each loading the model once (default: 1)")
    run.add_argument("--batch-size", type=_positive, default=16, metavar="N",
                     help="articles parsed together (default: 16); also how often outputs are written")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask cluster (needs the 'dask' extra)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: the scheduler of an existing cluster, e.g. tcp://host:8786; "
                          "without it, a local cluster of --workers processes")
    run.add_argument("--model", help="spaCy pipeline package to load")
    run.add_argument("--no-gate", action="store_true",
                     help="parse every article, even those without trade-policy vocabulary")
    run.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    run.set_defaults(handler=cmd_run)
    one = commands.add_parser("extract", help="extract one article and print its JSON")
    one.add_argument("file")
    one.add_argument("--published", help="publication date YYYY-MM-DD, when the file has none")
    one.add_argument("--model", help="spaCy pipeline package to load")
    one.add_argument("--no-gate", action="store_true", help="parse the article even without trade-policy vocabulary")
    one.set_defaults(handler=cmd_extract)
    from . import report, show

    page = commands.add_parser("report", help="write a self-contained HTML report of an output folder")
    report.add_arguments(page)
    page.set_defaults(handler=report.run)
    table = commands.add_parser("show", help="print one article's measures as a table")
    show.add_arguments(table)
    table.set_defaults(handler=show.run)
    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(handler=cmd_schema)
    commands.add_parser("evaluate", help="score against gold files (see: extractor evaluate --help)", add_help=False)
    return parser


class UsageError(Exception):
    """A command line that asks for something impossible (exit code 2)."""


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit code (0 ok, 1 some inputs failed, 2 usage error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        return cmd_evaluate(argv[1:])
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit:  # argparse has printed the usage and the error
        return int(exit.code or 0)
    from .ingest import InputError
    from .nlp import ModelNotFound

    try:
        return args.handler(args)
    except (InputError, ModelNotFound, UsageError, ValueError) as err:
        print(f"extractor: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
