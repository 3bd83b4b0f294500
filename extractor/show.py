"""Show: one article's measures as a table a person can read in a terminal.

    extractor show FILE [--model NAME]

``FILE`` is an Article JSON written by ``extractor run`` (``OUT/articles/NAME.json``) or a
raw article (``.txt``, ``.html``), which is then run through the pipeline first. The
``describe_*`` functions turn a measure's slots into short phrases ("rate 50%",
"effective 2024 (end)"); the HTML report uses the same phrases.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path

from pydantic import ValidationError

from .schema import Article, DateRef, Magnitude, Measure, Party, Product
from .settings import Settings

UNKNOWN = "unknown"  # what an actor without a resolved country is called on screen
# (heading, width at 100 columns, share of the room beyond 100) of the table's columns.
COLUMNS = (("#", 3, 0), ("Actor > partners", 8, 2), ("Action", 13, 1), ("Instrument", 12, 1),
           ("Products", 15, 2), ("Magnitudes", 12, 2), ("Dates", 11, 2), ("Status", 12, 0))
GAP = "  "
EVIDENCE_LINES = 2
MIN_WIDTH, MAX_WIDTH = 100, 120


class ShowError(Exception):
    """A file ``show`` cannot display; the message names it and says why."""


# ---------------------------------------------------------------------------------------
# Slots as phrases


def describe_party(party: Party) -> str:
    """The party's country code, or ``unknown`` with the mention as written."""
    if party.country:
        return party.country
    return f"{UNKNOWN} ({party.text})" if party.text else UNKNOWN


def describe_product(product: Product) -> str:
    """The product id, or the text as written in quotes when no id fits."""
    return product.id or f"\u201c{product.text or '?'}\u201d"


def describe_magnitude(magnitude: Magnitude) -> str:
    """``rate 50%``, ``change 10 pp``, ``coverage USD 300 mln``, ``quota 1.2 mln tonne``."""
    value, unit = magnitude.value, magnitude.unit
    if unit == "percent":
        amount = f"{_number(value)}%"
    elif unit == "percentage_point":
        amount = f"{_number(value)} pp"
    elif len(unit) == 3 and unit.isupper():
        amount = f"{unit} {_number(value)}"
    else:
        amount = f"{_number(value)} {unit}"
    return f"{magnitude.kind.replace('_', ' ')} {amount}"


def describe_date(date: DateRef) -> str:
    """``effective 2025-06-04``, ``announced 2024 (end)``, ``until ? \u201cFriday\u201d``."""
    value = date.value or f"? \u201c{date.text or ''}\u201d"
    return f"{date.role} {value}" + (f" ({date.mod})" if date.mod else "")


def _number(value: float) -> str:
    """A readable number: 50, 12.5, 300 mln, 1.2 bn, 25,000."""
    for scale, word in ((1e9, "bn"), (1e6, "mln")):
        if abs(value) >= scale:
            return f"{value / scale:.4g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.4g}"


# ---------------------------------------------------------------------------------------
# The table


def format_article(article: Article, width: int = 110) -> str:
    """Return the article's header and a table of its measures, ``width`` columns wide.

    Each measure is one table row (long cells wrap inside their column) followed by its
    evidence sentence, indented and cut to two lines.
    """
    lines = _header(article, width)
    if not article.measures:
        return "\n".join(lines + ["", "No trade-policy measures found."]) + "\n"
    widths = _column_widths(width)
    rule = "\u2500" * width
    lines += ["", *_row([heading for heading, _, _ in COLUMNS], widths), rule]
    for number, measure in enumerate(article.measures, start=1):
        lines += _row(_cells(number, measure), widths)
        lines += _evidence(measure, width)
        lines.append(rule)
    return "\n".join(lines) + "\n"


def _header(article: Article, width: int) -> list[str]:
    facts = [article.doc_id, f"published {article.published or 'unknown'}"]
    if article.source:
        facts.append(article.source)
    restrictive = sum(m.direction == "restrictive" for m in article.measures)
    count = len(article.measures)
    lines = textwrap.wrap(article.title or article.doc_id, width) or [article.doc_id]
    lines += textwrap.wrap(" \u00b7 ".join(facts), width)
    lines.append(f"{count} measure{'s' * (count != 1)}: {restrictive} restrictive, "
                 f"{count - restrictive} liberalizing")
    lines += textwrap.wrap("; ".join(article.warnings), width, initial_indent="warnings: ",
                           subsequent_indent="  ") if article.warnings else []
    return lines


def _column_widths(width: int) -> list[int]:
    """Column widths for a table ``width`` wide: the base widths plus a share of the extra room."""
    extra = max(0, width - MIN_WIDTH)
    shares = sum(share for _, _, share in COLUMNS)
    widths = [base + extra * share // shares for _, base, share in COLUMNS]
    widths[4] += MIN_WIDTH + extra - len(GAP) * (len(COLUMNS) - 1) - sum(widths)  # rounding, to products
    return widths


def _cells(number: int, measure: Measure) -> list[list[str]]:
    """The phrases of each column for one measure; a cell is a list of phrases.

    Underscores in ids become spaces here, so that long ids wrap between words.
    """
    actor = [describe_party(measure.actor)]
    actor += [f"> {describe_party(partner)}" for partner in measure.partners]
    action = [measure.action.type, f"\u201c{measure.action.text}\u201d" if measure.action.text else "",
              measure.direction]
    instrument = [measure.instrument.type.replace("_", " ")]
    instrument += [measure.instrument.subtype.replace("_", " ")] if measure.instrument.subtype else []
    dates = [describe_date(date) for date in measure.dates]
    dates += [f"for {measure.duration.value}"] if measure.duration else []
    status = [measure.modality] + (["historical"] if measure.historical else [])
    status.append(f"conf {measure.confidence:.2f}")
    return [[str(number)], actor, action, instrument,
            [describe_product(product).replace("_", " ") for product in measure.products] or ["-"],
            [describe_magnitude(magnitude) for magnitude in measure.magnitudes] or ["-"],
            dates or ["-"], status]


def _row(cells: list, widths: list[int]) -> list[str]:
    """Lay out cells side by side; each phrase wraps within its column."""
    columns = []
    for phrases, width in zip(cells, widths, strict=True):
        phrases = [phrases] if isinstance(phrases, str) else phrases
        columns.append([piece for phrase in phrases if phrase
                        for piece in textwrap.wrap(phrase, width, break_on_hyphens=False)])
    height = max(len(column) for column in columns)
    return [GAP.join(_cell_line(column, line, width) for column, width in zip(columns, widths, strict=True)).rstrip()
            for line in range(height)]


def _cell_line(column: list[str], line: int, width: int) -> str:
    return (column[line] if line < len(column) else "").ljust(width)


def _evidence(measure: Measure, width: int) -> list[str]:
    sentence = " ".join(measure.evidence.text.split())
    lines = textwrap.wrap(f"\u201c{sentence}\u201d", width - 4, initial_indent="    ",
                          subsequent_indent="    ", max_lines=EVIDENCE_LINES, placeholder=" \u2026")
    return lines


# ---------------------------------------------------------------------------------------
# Files and the command


def load_article(path: str | Path, settings: Settings | None = None) -> Article:
    """Read an Article JSON file, or extract one from a raw article file.

    Raises ``ShowError`` when the file is missing or is JSON that is not an Article;
    raw files raise the pipeline's own ``InputError`` when they cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise ShowError(f"{path}: no such file; give an article (.txt, .html) or an Article JSON "
                        "from 'extractor run' (OUT/articles/NAME.json)")
    if path.suffix.lower() != ".json":
        from .pipeline import extract_path

        return extract_path(path, settings)
    try:
        return Article.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ShowError(f"{path}: not valid JSON ({err}); give an Article JSON written by 'extractor run'") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ShowError(f"{path}: not an Article JSON ({where}: {first['msg']}); "
                        "give a file from OUT/articles/ of 'extractor run'") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``extractor show``."""
    parser.add_argument("file", metavar="FILE",
                        help="an Article JSON (OUT/articles/NAME.json) or an article file (.txt, .html)")
    parser.add_argument("--model", help="spaCy pipeline package to load (for article files)")


def run(args: argparse.Namespace) -> int:
    """Print the table of ``args.file``; 0 on success, 2 when the file cannot be shown."""
    from .ingest import InputError
    from .nlp import ModelNotFound

    settings = Settings(model=args.model) if getattr(args, "model", None) else None
    try:
        article = load_article(args.file, settings)
    except (ShowError, InputError, ModelNotFound) as err:
        print(f"extractor: {err}", file=sys.stderr)
        return 2
    columns = shutil.get_terminal_size((110, 24)).columns
    print(format_article(article, width=min(MAX_WIDTH, max(MIN_WIDTH, columns))), end="")
    return 0
