"""Report: one self-contained HTML page over the output folder of ``extractor run``.

    extractor report OUT_DIR [-o FILE]      (default FILE: OUT_DIR/report.html)

The page reads ``OUT_DIR/measures.jsonl`` (one row per measure; without it, the measures of
the articles) and ``OUT_DIR/articles/*.json`` (the texts). It shows counts by actor, action,
instrument and product, a timeline of the measures as inline SVG, a table that sorts and
filters, and each article's text with every measure's trigger, actor, products, magnitudes
and dates highlighted. Styles and script are inline and a Content-Security-Policy forbids
any fetch, so the file opens offline; every piece of text from the data is escaped.

The modules, in the order a page is made:

- ``load``: reading the output folder (``read_output``, ``ReportError``);
- ``timeline``: the SVG timeline and where a date falls on it;
- ``table``: the measures table, its filters and search text;
- ``text``: an article's text with its measures highlighted;
- ``page``: the page around them (``build_report``, ``write_report``), with
  ``report.css`` and ``report.js`` inlined;
- ``command``: the ``extractor report`` command (``add_arguments``, ``run``).
"""

from __future__ import annotations

from .command import add_arguments, run
from .load import (
    ARTICLES_DIR,
    MEASURES_FILE,
    RUN_FILE,
    Output,
    ReportError,
    Row,
    read_output,
)
from .page import DEFAULT_NAME, build_report, write_report
from .table import COLUMNS, FILTERS, row_values, search_text
from .text import HIGHLIGHTS, REACH, Mark, highlight_article, locate, measure_marks
from .timeline import date_point, timeline_date, timeline_svg

__all__ = [
    "ARTICLES_DIR", "COLUMNS", "DEFAULT_NAME", "FILTERS", "HIGHLIGHTS", "MEASURES_FILE", "REACH",
    "RUN_FILE", "Mark", "Output", "ReportError", "Row", "add_arguments", "build_report", "date_point",
    "highlight_article", "locate", "measure_marks", "read_output", "row_values", "run", "search_text",
    "timeline_date", "timeline_svg", "write_report",
]
