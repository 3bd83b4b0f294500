"""The ``extractor`` command: a thin wrapper over the importable API.

    extractor run INPUT... [--out DIR] [--model NAME]     batch over files and folders
    extractor extract FILE [--published DATE] [--model NAME]   one article to stdout
    extractor evaluate CORPUS... [--json] [--diff]         scores against gold files
    extractor schema                                       JSON Schema of the output
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(model=args.model) if getattr(args, "model", None) else Settings()


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import run_batch
    from .pipeline import extract_document

    settings = _settings(args)
    result = run_batch(args.inputs, Path(args.out), lambda doc: extract_document(doc, settings),
                       progress=None if args.quiet else lambda line: print(line, file=sys.stderr))
    print(f"{result.inputs} inputs: {result.ok} ok, {result.failed} failed, "
          f"{result.measures} measures -> {args.out}")
    for source, message in result.errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if result.failed else 0


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
    run = commands.add_parser("run", help="extract every article of files and folders into a folder")
    run.add_argument("inputs", nargs="+", help="article files (.txt, .html) or folders")
    run.add_argument("--out", default="output", help="output folder (default: output)")
    run.add_argument("--model", help="spaCy pipeline package to load")
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.set_defaults(handler=cmd_run)
    one = commands.add_parser("extract", help="extract one article and print its JSON")
    one.add_argument("file")
    one.add_argument("--published", help="publication date YYYY-MM-DD, when the file has none")
    one.add_argument("--model", help="spaCy pipeline package to load")
    one.set_defaults(handler=cmd_extract)
    schema = commands.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(handler=cmd_schema)
    commands.add_parser("evaluate", help="score against gold files (see: extractor evaluate --help)", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "evaluate":
        return cmd_evaluate(argv[1:])
    args = build_parser().parse_args(argv)
    from .ingest import InputError
    from .nlp import ModelNotFound

    try:
        return args.handler(args)
    except (InputError, ModelNotFound, ValueError) as err:
        print(f"extractor: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
