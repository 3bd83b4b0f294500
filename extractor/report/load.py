"""Reading the output folder of ``extractor run``: its articles and its measure rows.

``read_output`` is the only reader; anything that is not what ``extractor run`` writes
raises ``ReportError`` with the file, the line where there is one, and the fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..schema import Article, Measure

MEASURES_FILE = "measures.jsonl"
RUN_FILE = "run.json"
ARTICLES_DIR = "articles"


class ReportError(Exception):
    """An output folder the report cannot read; the message names the file and the fix."""


@dataclass(frozen=True)
class Row:
    """One measure of the table, with where it came from."""

    measure: Measure
    doc_id: str
    source: str | None


@dataclass(frozen=True)
class Output:
    """What an output folder holds: its articles (with texts) and its measure rows."""

    folder: Path
    articles: list[Article]
    rows: list[Row]


def read_output(out_dir: str | Path) -> Output:
    """Read the articles and measures of an output folder.

    Raises ``ReportError`` when the folder is missing or a file in it is not what
    ``extractor run`` writes. An empty folder gives an empty ``Output``.
    """
    folder = Path(out_dir)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such output folder; run 'extractor run INPUT... -o {folder}' first, "
                          "or give the folder it wrote")
    articles = [_read_article(path) for path in sorted((folder / ARTICLES_DIR).glob("*.json"))]
    measures = folder / MEASURES_FILE
    if measures.is_file():
        rows = _read_rows(measures)
    else:
        rows = [Row(measure, article.doc_id, article.source) for article in articles for measure in article.measures]
    return Output(folder, articles, rows)


def _read_article(path: Path) -> Article:
    """The Article in one ``articles/*.json`` file."""
    try:
        return Article.model_validate_json(_read_text(path))
    except ValidationError as err:
        raise ReportError(f"{path}: not an Article JSON ({_first_error(err)}); "
                          "re-run 'extractor run' to rewrite the folder") from None


def _read_rows(path: Path) -> list[Row]:
    """The rows of ``measures.jsonl``: each line a measure with its ``doc_id`` and ``source``."""
    rows = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_id, source = record.pop("doc_id"), record.pop("source", None)
            rows.append(Row(Measure.model_validate(record), str(doc_id), source))
        except ValidationError as err:
            raise ReportError(f"{path}, line {number}: not a measure record ({_first_error(err)}); "
                              "re-run 'extractor run' to rewrite the folder") from None
        except (ValueError, AttributeError, KeyError) as err:
            raise ReportError(f"{path}, line {number}: not a measure record with a doc_id ({err}); "
                              "re-run 'extractor run' to rewrite the folder") from None
    return rows


def _read_text(path: Path) -> str:
    """A file's UTF-8 text; a file that cannot be read is a ``ReportError``."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"{path}: cannot be read ({err}); re-run 'extractor run' to rewrite the folder") from None


def _first_error(err: ValidationError) -> str:
    """Where and what the first validation error is, in one line."""
    first = err.errors()[0]
    return f"{'.'.join(str(part) for part in first['loc']) or 'top level'}: {first['msg']}"
