"""The ``extractor report`` command: arguments, then ``write_report``, then an exit code."""

from __future__ import annotations

import argparse
import sys

from .load import ReportError
from .page import DEFAULT_NAME, write_report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``extractor report``."""
    parser.add_argument("out_dir", metavar="OUT_DIR", help="the output folder of 'extractor run'")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=f"the HTML file to write (default: OUT_DIR/{DEFAULT_NAME})")


def run(args: argparse.Namespace) -> int:
    """Write the report; 0 on success, 2 when the folder cannot be read, 1 when writing fails."""
    try:
        target = write_report(args.out_dir, args.output)
    except ReportError as err:
        print(f"extractor: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"extractor: cannot write the report {err.filename or args.output}: {err.strerror}", file=sys.stderr)
        return 1
    print(f"report -> {target}")
    return 0
