"""Report: one self-contained HTML page over the output folder of ``extractor run``.

    extractor report OUT_DIR [-o FILE]      (default FILE: OUT_DIR/report.html)

The page reads ``OUT_DIR/measures.jsonl`` (one row per measure; without it, the measures of
the articles) and ``OUT_DIR/articles/*.json`` (the texts). It shows counts by actor, action,
instrument and product, a timeline of the measures as inline SVG, a table that sorts and
filters, and each article's text with every measure's trigger, actor, products, magnitudes
and dates highlighted. Styles and script are inline and a Content-Security-Policy forbids
any fetch, so the file opens offline; every piece of text from the data is escaped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import itertools
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .schema import Article, Measure
from .show import (
    UNKNOWN,
    describe_date,
    describe_magnitude,
    describe_party,
    describe_product,
)

MEASURES_FILE = "measures.jsonl"
RUN_FILE = "run.json"
ARTICLES_DIR = "articles"
DEFAULT_NAME = "report.html"
FILTERS = (("actor", "Actor"), ("action", "Action"), ("instrument", "Instrument"),
           ("product", "Product"), ("modality", "Modality"), ("direction", "Direction"))


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


# ---------------------------------------------------------------------------------------
# Reading the output folder


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
    try:
        return Article.model_validate_json(_read_text(path))
    except ValidationError as err:
        raise ReportError(f"{path}: not an Article JSON ({_first_error(err)}); "
                          "re-run 'extractor run' to rewrite the folder") from None


def _read_rows(path: Path) -> list[Row]:
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
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"{path}: cannot be read ({err}); re-run 'extractor run' to rewrite the folder") from None


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    return f"{'.'.join(str(part) for part in first['loc']) or 'top level'}: {first['msg']}"


# ---------------------------------------------------------------------------------------
# The page


def build_report(out_dir: str | Path) -> str:
    """Return the HTML report of an output folder (see ``read_output`` for the errors)."""
    output = read_output(out_dir)
    sections = {article.doc_id: _section_id(article.doc_id, number)
                for number, article in enumerate(output.articles)}
    published = {article.doc_id: article.published for article in output.articles}
    title = f"Trade-policy measures \u00b7 {output.folder.resolve().name}"
    if output.rows:
        body = "\n".join([
            _summary(output), _run_summary(output.folder), _counts(output.rows),
            timeline_svg([(row.measure, row.doc_id, published.get(row.doc_id)) for row in output.rows]),
            _table(output.rows, sections), _articles(output, sections)])
    else:
        body = ('<section class="panel empty" id="no-measures"><h2>No measures</h2>'
                f"<p>{_esc(_nothing_found(output))}</p></section>" + _run_summary(output.folder))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_esc(title)}</title><style>{PAGE_STYLE}</style></head>\n<body>"
        f"<header class=\"top\"><h1>{_esc(title)}</h1></header>\n<main>\n{body}\n</main>"
        f"<script>{PAGE_SCRIPT}</script></body></html>\n")


def write_report(out_dir: str | Path, target: str | Path | None = None) -> Path:
    """Build the report of ``out_dir`` and write it to ``target`` (default OUT_DIR/report.html).

    A target that is a folder gets ``report.html`` inside it. The file is written beside
    the target under a temporary name and renamed, so a reader never sees half a report.
    Returns the path written.
    """
    page = build_report(out_dir)
    target = Path(target) if target is not None else Path(out_dir) / DEFAULT_NAME
    if target.is_dir():
        target = target / DEFAULT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    # A plain open rather than mkstemp, so the report gets the usual file permissions.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(page)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _nothing_found(output: Output) -> str:
    if output.articles or (output.folder / MEASURES_FILE).exists():
        return f"The folder holds {len(output.articles)} article(s) and no trade-policy measures."
    return (f"The folder has no {ARTICLES_DIR}/ and no {MEASURES_FILE}: "
            "is it the output folder of 'extractor run'?")


def _summary(output: Output) -> str:
    measures = [row.measure for row in output.rows]
    restrictive = sum(m.direction == "restrictive" for m in measures)
    figures = [("measures", len(measures)), ("articles", len(output.articles)),
               ("restrictive", restrictive), ("liberalizing", len(measures) - restrictive),
               ("actors", len({m.actor.country or UNKNOWN for m in measures}))]
    cards = "".join(f'<div class="figure {name}"><span class="value" data-figure="{name}">{value}</span>'
                    f'<span class="label">{name}</span></div>' for name, value in figures)
    return f'<section class="figures" id="summary">{cards}</section>'


def _run_summary(folder: Path) -> str:
    """A line about the run from ``run.json`` and the inputs that failed; empty without one.

    The file is context, not data: anything missing or unexpected in it is left out.
    """
    try:
        run = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(run, dict):
        return ""
    counts, versions = run.get("counts"), run.get("versions")
    facts = [f"run finished {run['finished']}"] if isinstance(run.get("finished"), str) else []
    if isinstance(counts, dict):
        facts.append(", ".join(f"{value} {name}" for name, value in counts.items() if isinstance(value, int)))
    if isinstance(versions, dict):
        facts += [f"{name} {versions[name]}" for name in ("extractor", "model") if versions.get(name)]
    inputs = run.get("inputs") if isinstance(run.get("inputs"), list) else []
    failed = [entry for entry in inputs if isinstance(entry, dict) and entry.get("status") == "failed"]
    items = "".join(f"<li><strong>{_esc(entry.get('source'))}</strong>: "
                    f"{_esc(entry.get('reason') or 'no reason given')}</li>" for entry in failed)
    details = (f'<details class="failed"><summary>{len(failed)} input(s) failed</summary><ul>{items}</ul></details>'
               if failed else "")
    line = " \u00b7 ".join(_esc(fact) for fact in facts)
    return f'<div class="run" id="run"><p>{line}</p>{details}</div>'


def row_values(measure: Measure) -> dict[str, list[str]]:
    """The values a measure has for each filter (a measure may have several products)."""
    return {
        "actor": [measure.actor.country or UNKNOWN],
        "action": [measure.action.type],
        "instrument": [measure.instrument.type],
        "product": sorted({describe_product(product) for product in measure.products}),
        "modality": [measure.modality],
        "direction": [measure.direction],
    }


def _counts(rows: list[Row]) -> str:
    panels = []
    for field, heading in FILTERS[:4]:
        counts = Counter(value for row in rows for value in row_values(row.measure)[field])
        top = max(counts.values(), default=1)
        items = "".join(
            f'<li data-key="{_esc(key)}" data-count="{count}"><button type="button" data-filter="{field}" '
            f'data-value="{_esc(key)}" title="Show only {_esc(key)}"><span class="key">{_esc(key)}</span>'
            f'<span class="bar"><span style="width:{100 * count / top:.1f}%"></span></span>'
            f'<span class="n">{count}</span></button></li>'
            for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        panels.append(f'<section class="panel count" data-field="{field}"><h2>By {heading.lower()}</h2>'
                      f"<ol>{items or '<li class=none>none</li>'}</ol></section>")
    return f'<div class="counts" id="counts">{"".join(panels)}</div>'


# ---------------------------------------------------------------------------------------
# The table

COLUMNS = (("doc", "Article", "text"), ("actor", "Actor", "text"), ("action", "Action", "text"),
           ("instrument", "Instrument", "text"), ("products", "Products", "text"),
           ("partners", "Partners", "text"), ("magnitudes", "Magnitudes", "text"),
           ("dates", "Dates", "text"), ("modality", "Modality", "text"),
           ("historical", "Historical", "text"), ("confidence", "Conf.", "number"))


def search_text(record: object) -> str:
    """Every text value of a record (nested lists and objects too), lowercased, one per line.

    The table's filter box keeps a row when each word typed appears in one of these values.
    """
    if isinstance(record, str):
        return record.lower()
    if isinstance(record, dict):
        return "\n".join(filter(None, (search_text(value) for value in record.values())))
    if isinstance(record, list):
        return "\n".join(filter(None, (search_text(value) for value in record)))
    return ""


def _table(rows: list[Row], sections: dict[str, str]) -> str:
    heads = "".join(f'<th scope="col" data-type="{kind}" class="col-{key}" tabindex="0">{label}</th>'
                    for key, label, kind in COLUMNS)
    body = "\n".join(_table_row(row, sections.get(row.doc_id)) for row in rows)
    return (f'<section class="panel" id="measures-section"><h2>Measures</h2>{_filter_bar(rows)}'
            f'<div class="table-wrap"><table id="measures"><thead><tr>{heads}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div></section>")


def _filter_bar(rows: list[Row]) -> str:
    selects = []
    for field, label in FILTERS:
        counts = Counter(value for row in rows for value in row_values(row.measure)[field])
        options = "".join(f'<option value="{_esc(value)}">{_esc(value)} ({count})</option>'
                          for value, count in sorted(counts.items()))
        selects.append(f'<label>{label}<select id="filter-{field}" data-field="{field}">'
                       f'<option value="">all</option>{options}</select></label>')
    return ('<div class="filters"><label class="search">Filter<input type="search" id="filter-text" '
            'placeholder="words in any field: gallium CHN licence\u2026" autocomplete="off"></label>'
            f'{"".join(selects)}<button type="button" id="filter-clear">Clear</button>'
            f'<span class="shown"><strong id="shown-count">{len(rows)}</strong> of {len(rows)} shown</span></div>')


def _table_row(row: Row, section: str | None) -> str:
    m = row.measure
    record = {**m.model_dump(mode="json"), "doc_id": row.doc_id, "source": row.source}
    filters = "".join(f' data-{field}="{_esc(_joined(values))}"' for field, values in row_values(m).items())
    doc = (f'<a href="#m-{_esc(m.id)}">{_esc(row.doc_id)}</a>' if section else _esc(row.doc_id))
    trigger = f'<span class="trigger">\u201c{_esc(m.action.text)}\u201d</span>' if m.action.text else ""
    actor = f'<span title="{_esc(m.actor.text or "")}">{_esc(describe_party(m.actor))}</span>'
    date = timeline_date(m, None)
    cells = [
        (row.doc_id, doc),
        (m.actor.country or "~", actor),
        (m.action.type, f'<span class="pill {m.direction}" title="{m.direction}">{m.action.type}</span>{trigger}'),
        (m.instrument.type, _esc(m.instrument.type.replace("_", " "))
         + (f'<span class="sub">{_esc(m.instrument.subtype)}</span>' if m.instrument.subtype else "")),
        (None, _list(describe_product(p) for p in m.products)),
        (None, _list(describe_party(p) for p in m.partners)),
        (None, _list(describe_magnitude(x) for x in m.magnitudes)),
        (date[0].isoformat() if date else "~",
         _list([describe_date(d) for d in m.dates] + ([f"for {m.duration.value}"] if m.duration else []))),
        (m.modality, _esc(m.modality)),
        ("yes" if m.historical else "no", "yes" if m.historical else ""),
        (f"{m.confidence:.3f}", f"{m.confidence:.2f}"),
    ]
    tds = "".join(f"<td{_sort_attr(key)}>{content}</td>" for key, content in cells)
    return (f'<tr id="row-{_esc(m.id)}" data-m="{_esc(m.id)}"{filters} '
            f'data-search="{_esc(search_text(record))}">{tds}</tr>')


def _sort_attr(key: str | None) -> str:
    return "" if key is None else f' data-sort="{_esc(key)}"'


def _list(phrases) -> str:
    return "".join(f"<span class=\"item\">{_esc(phrase)}</span>" for phrase in phrases)


def _joined(values: list[str]) -> str:
    """Values as ``|a|b|``, the form the page script looks a value up in."""
    return "|" + "|".join(value.replace("|", "/") for value in values) + "|"


# ---------------------------------------------------------------------------------------
# The articles


def _articles(output: Output, sections: dict[str, str]) -> str:
    by_doc: dict[str, list[Measure]] = {}
    for row in output.rows:
        by_doc.setdefault(row.doc_id, []).append(row.measure)
    shown = [article for article in output.articles if by_doc.get(article.doc_id)]
    parts = [_article(article, by_doc[article.doc_id], sections[article.doc_id]) for article in shown]
    quiet = [article for article in output.articles if not by_doc.get(article.doc_id)]
    if quiet:
        names = ", ".join(f'<span title="{_esc(a.title or "")}">{_esc(a.doc_id)}</span>' for a in quiet)
        parts.append(f'<p class="quiet">Articles without measures ({len(quiet)}): {names}</p>')
    legend = "".join(f'<span class="hl hl-{kind}">{kind}</span>'
                     for kind in ("trigger", "actor", "product", "magnitude", "date"))
    return (f'<section class="panel" id="articles"><h2>Articles</h2>'
            f'<p class="legend">Highlighted: {legend} <span class="hint">click a table row or a '
            f"timeline dot to mark its measure</span></p>{''.join(parts)}</section>")


def _article(article: Article, measures: list[Measure], section: str) -> str:
    facts = [article.doc_id, f"published {article.published or 'unknown'}"]
    facts += [article.source] if article.source else []
    facts.append(f"{len(measures)} measure(s)")
    meta = " \u00b7 ".join(_esc(fact) for fact in facts)
    index = "".join(f'<li><a href="#m-{_esc(m.id)}" data-m="{_esc(m.id)}">'
                    f'<span class="pill {m.direction}">{m.action.type}</span> {_esc(describe_party(m.actor))}'
                    f" {_esc(m.instrument.type.replace('_', ' '))}</a></li>"
                    for m in measures)
    return (f'<article class="article" id="{section}"><header><h3>{_esc(article.title or article.doc_id)}</h3>'
            f'<p class="meta">{meta} \u00b7 <a href="#measures-section">back to the table</a></p></header>'
            f'<div class="body"><div class="text">{highlight_article(article.text, measures)}</div>'
            f'<aside><h4>Measures in this article</h4><ol>{index}</ol></aside></div></article>')


def _section_id(doc_id: str, number: int) -> str:
    """An HTML id for an article's section: ``article-`` and the doc_id's safe characters."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", doc_id).strip("-") or "doc"
    return f"article-{slug}-{number}" if slug != doc_id else f"article-{slug}"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------------------------
# The timeline: one row per actor, x the effective date, else the announced, else published

TIMELINE_WIDTH, LABELS, MARGIN, ROW_HEIGHT, AXIS_HEIGHT = 1100, 110, 24, 26, 24
LANE, DOT_GAP, MAX_LANES = 8, 9, 11  # stacked dots: lane spacing, the x gap that needs no new lane
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-W(\d{2}))?")
_MOD_FRACTION = {"start": 1 / 6, "mid": 1 / 2, "end": 5 / 6, "approx": 1 / 2}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_point(value: str | None, mod: str | None = None) -> dt.date | None:
    """The day that stands for a date value on the timeline; None for anything else.

    "2025-04-04" is that day; a year, quarter ("2024-Q4"), month or ISO week ("2025-W44")
    is its middle, or a sixth of the way in from its start or end with mod ``start``/``end``.
    """
    match = _PERIOD.fullmatch(value or "")
    if not match:
        return None
    year, month, day, quarter, week = match.groups()
    try:
        first, last = _period(int(year), month, day, quarter, week)
    except ValueError:
        return None
    return first + dt.timedelta(days=round((last - first).days * _MOD_FRACTION.get(mod, 1 / 2)))


def _period(year: int, month: str | None, day: str | None, quarter: str | None,
            week: str | None) -> tuple[dt.date, dt.date]:
    if day:
        first = dt.date(year, int(month), int(day))
        return first, first
    if month or quarter:
        first = dt.date(year, int(month) if month else 3 * int(quarter) - 2, 1)
        months = 1 if month else 3
        following = dt.date(year + (first.month + months - 1) // 12, (first.month + months - 1) % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    if week:
        first = dt.date.fromisocalendar(year, int(week), 1)
        return first, first + dt.timedelta(days=6)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def timeline_date(measure: Measure, published: str | None) -> tuple[dt.date, str] | None:
    """The measure's place in time and what it is: ``effective``, ``announced`` or ``published``."""
    for role in ("effective", "announced"):
        for date in measure.dates:
            point = date_point(date.value, date.mod) if date.role == role else None
            if point:
                return point, role
    point = date_point(published)
    return (point, "published") if point else None


def timeline_svg(items: list[tuple[Measure, str, str | None]]) -> str:
    """The timeline panel for (measure, doc_id, article's published date) items.

    One band per actor, the busiest first; dots that would overlap stack in lanes, and a
    band grows with its lanes (up to MAX_LANES, after which dots share lanes).
    """
    dated = sorted(((m, doc_id, *when) for m, doc_id, published in items
                    if (when := timeline_date(m, published))), key=lambda item: (item[2], item[0].id))
    if not dated:
        return ('<section class="panel" id="timeline"><h2>Timeline</h2>'
                "<p>No measure has a date to place on the timeline.</p></section>")
    actors = Counter(m.actor.country or UNKNOWN for m, *_ in dated)
    order = sorted(actors, key=lambda actor: (actor == UNKNOWN, -actors[actor], actor))
    first, last = _domain([day for _, _, day, _ in dated])

    def x(day: dt.date) -> float:
        return LABELS + (TIMELINE_WIDTH - LABELS - MARGIN) * (day - first).days / max(1, (last - first).days)

    lanes = {actor: _lanes([x(day) for m, _, day, _ in dated if (m.actor.country or UNKNOWN) == actor])
             for actor in order}
    parts, centres, top = _bands(order, actors, lanes)
    for day, label in _ticks(first, last):
        parts.append(f'<line class="tick" x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{AXIS_HEIGHT - 4}" y2="{top + 4}"/>'
                     f'<text class="tick" x="{x(day):.1f}" y="{AXIS_HEIGHT - 9}">{label}</text>'
                     f'<text class="tick" x="{x(day):.1f}" y="{top + AXIS_HEIGHT - 9}">{label}</text>')
    for measure, doc_id, day, basis in dated:
        actor = measure.actor.country or UNKNOWN
        lane = lanes[actor].pop(0)
        offset = (lane + 1) // 2 * (1 if lane % 2 else -1)  # lanes 0, 1, 2... sit at 0, +1, -1, +2...
        parts.append(_dot(measure, doc_id, day, basis, x(day), centres[actor] + offset * LANE))
    return ('<section class="panel" id="timeline"><h2>Timeline</h2><p class="legend">'
            '<span class="swatch restrictive"></span>restrictive <span class="swatch liberalizing"></span>'
            'liberalizing <span class="sep"></span><span class="shape effective"></span>effective date '
            '<span class="shape announced"></span>announced date <span class="shape published"></span>'
            'article date (no date in the text)</p>'
            f'<svg id="timeline-svg" viewBox="0 0 {TIMELINE_WIDTH} {top + AXIS_HEIGHT}" role="img" '
            f'aria-label="Measures over time, one row per actor">{"".join(parts)}</svg></section>')


def _bands(order: list[str], actors: Counter, lanes: dict[str, list[int]]) -> tuple[list[str], dict, float]:
    """The actors' bands, each as tall as its lanes need: (SVG parts, centre of each band, bottom)."""
    parts, centres, top = [], {}, AXIS_HEIGHT
    for number, actor in enumerate(order):
        height = max(ROW_HEIGHT, LANE * (max(lanes[actor]) + 1) + 12)
        centres[actor] = top + height / 2
        parts.append(f'<rect class="band{number % 2}" x="0" y="{top}" width="{TIMELINE_WIDTH}" height="{height}"/>'
                     f'<text class="actor" x="{LABELS - 12}" y="{top + height / 2 + 4:.1f}">{_esc(actor)} '
                     f'<tspan class="n">{actors[actor]}</tspan></text>')
        top += height
    return parts, centres, top


def _lanes(xs: list[float]) -> list[int]:
    """The lane of each dot (xs ascending): the first lane where it clears the dot before it."""
    ends: list[float] = []
    lanes = []
    for x in xs:
        lane = next((number for number, end in enumerate(ends) if x - end >= DOT_GAP), len(ends))
        if lane == len(ends):
            if lane == MAX_LANES:
                lane = min(range(MAX_LANES), key=ends.__getitem__)
            else:
                ends.append(x)
        ends[lane] = x
        lanes.append(lane)
    return lanes


def _dot(measure: Measure, doc_id: str, day: dt.date, basis: str, x: float, y: float) -> str:
    products = ", ".join(describe_product(p) for p in measure.products) or "no product"
    tip = (f"{describe_party(measure.actor)} {measure.action.type} {measure.instrument.type.replace('_', ' ')}"
           f" \u2013 {products}\n{basis} {day.isoformat()} \u00b7 {measure.modality} \u00b7 {doc_id}")
    if measure.action.text:
        tip += f"\n\u201c{measure.action.text}\u201d"
    radius = 3.5 if basis == "published" else 4.5
    return (f'<a class="dot" href="#m-{_esc(measure.id)}" data-m="{_esc(measure.id)}">'
            f'<circle class="{measure.direction} {basis}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">'
            f"<title>{_esc(tip)}</title></circle></a>")


def _domain(days: list[dt.date]) -> tuple[dt.date, dt.date]:
    first, last = min(days), max(days)
    pad = dt.timedelta(days=max(15, (last - first).days // 30))
    return first - pad, last + pad


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Month, quarter, year or five-year ticks, whichever gives a readable number of them."""
    span = (last - first).days
    step = 1 if span <= 200 else 3 if span <= 1100 else 12 if span <= 9000 else 60
    month = first.year * 12 + first.month - 1
    month += -month % step
    ticks = []
    while (day := dt.date(month // 12, month % 12 + 1, 1)) <= last:
        if day >= first:
            ticks.append((day, str(day.year) if step >= 12 else f"{_MONTHS[day.month - 1]} {day.year}"))
        month += step
    return ticks


# ---------------------------------------------------------------------------------------
# The highlighted text of an article

HIGHLIGHTS = ("trigger", "magnitude", "date", "product", "actor")  # which colour wins on overlap
REACH = 400  # how far from the trigger a slot's text is looked for outside the evidence


@dataclass(frozen=True)
class Mark:
    """A stretch of the article text to highlight as one slot of one measure."""

    start: int
    end: int
    kind: str
    measure: str


def locate(text: str, surface: str | None, scope: tuple[int, int], centre: int) -> tuple[int, int] | None:
    """Where ``surface`` occurs as whole words in ``text``, nearest to ``centre``.

    Looks inside ``scope`` (the evidence sentence) first, then within REACH characters of
    ``centre``; the exact case first, then any case. None when it is not found.
    """
    words = (surface or "").split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    windows = (scope, (max(0, centre - REACH), centre + REACH))
    for flags in (0, re.IGNORECASE):
        pattern = re.compile(rf"(?<!\w){body}(?!\w)", flags)
        for start, end in windows:
            found = [hit.span() for hit in pattern.finditer(text, start) if hit.end() <= end]
            if found:
                return min(found, key=lambda span: abs(span[0] - centre))
    return None


def measure_marks(text: str, measure: Measure) -> list[Mark]:
    """The marks of one measure: its trigger by offsets, its slots by their text."""
    ev = measure.evidence
    scope = (ev.start, ev.end) if ev.start is not None and ev.end is not None else (0, len(text))
    action = measure.action
    written = text[action.start:action.end] if action.start is not None and action.end else ""
    if written and written == (action.text or written):
        trigger = (action.start, action.end)
    else:
        trigger = locate(text, action.text, scope, scope[0])
    centre = trigger[0] if trigger else scope[0]
    marks = [Mark(*trigger, "trigger", measure.id)] if trigger else []
    surfaces = ([("actor", measure.actor.text)] + [("product", p.text) for p in measure.products]
                + [("magnitude", m.text) for m in measure.magnitudes] + [("date", d.text) for d in measure.dates])
    for kind, surface in surfaces:
        span = locate(text, surface, scope, centre)
        if span:
            marks.append(Mark(*span, kind, measure.id))
    return marks


def highlight_article(text: str, measures: list[Measure]) -> str:
    """The article text as escaped HTML with ``<mark>`` elements for every measure's slots.

    Where marks overlap, the text is cut at every mark boundary and each piece takes the
    colour of its most important kind (HIGHLIGHTS) and lists all its measures in ``data-m``.
    Each measure's trigger carries the HTML id ``m-<measure id>`` (or an empty anchor with it
    just before, when measures share a trigger); a measure whose trigger is not found gets
    the anchor at the start of its evidence.
    """
    marks = [mark for measure in measures for mark in measure_marks(text, measure)]
    triggered = {mark.measure for mark in marks if mark.kind == "trigger"}
    anchors: dict[int, list[str]] = {}
    for measure in measures:
        if measure.id not in triggered:
            anchors.setdefault(min(measure.evidence.start or 0, len(text)), []).append(measure.id)
    cuts = sorted({0, len(text), *anchors, *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[list] = []  # [key, measure ids, text] runs of the same highlight
    for start, end in itertools.pairwise(cuts):
        if start in anchors:
            pieces.append([("anchor", start), anchors.pop(start), ""])
        covering = [mark for mark in marks if mark.start <= start and end <= mark.end]
        kind = min((mark.kind for mark in covering), key=HIGHLIGHTS.index, default=None)
        key = (kind, frozenset(mark for mark in covering if mark.kind == kind))
        ids = [mark.measure for mark in covering]
        if pieces and pieces[-1][0] == key:
            pieces[-1][1] += ids
            pieces[-1][2] += text[start:end]
        else:
            pieces.append([key, ids, text[start:end]])
    pieces += [[("anchor", at), ids, ""] for at, ids in anchors.items()]
    titles = {measure.id: _mark_title(measure) for measure in measures}
    placed: set[str] = set()
    return "".join(_piece_html(*piece, titles, placed) for piece in pieces)


def _piece_html(key: tuple, ids: list[str], chunk: str, titles: dict[str, str], placed: set[str]) -> str:
    """One run of text as HTML; ``placed`` holds the measures whose HTML id is already out."""
    kind, detail = key
    ids = list(dict.fromkeys(ids))
    if kind == "anchor":
        placed.update(ids)
        return "".join(f'<span class="anchor" id="m-{_esc(mid)}" data-m="{_esc(mid)}"></span>' for mid in ids)
    if kind is None:
        return _esc(chunk)
    title = "\n".join(titles[mid] for mid in ids) if kind == "trigger" else f"{kind} of {len(ids)} measure(s)"
    own = [mid for mid in ids if kind == "trigger" and mid not in placed
           and any(mark.measure == mid for mark in detail)]
    placed.update(own)
    lead = "".join(f'<span class="anchor" id="m-{_esc(mid)}"></span>' for mid in own[1:])
    html_id = f' id="m-{_esc(own[0])}"' if own else ""
    return (f'{lead}<mark class="hl hl-{kind}"{html_id} data-m="{_esc(" ".join(ids))}" '
            f'title="{_esc(title)}">{_esc(chunk)}</mark>')


def _mark_title(measure: Measure) -> str:
    return (f"{describe_party(measure.actor)} {measure.action.type} {measure.instrument.type.replace('_', ' ')}"
            f" \u00b7 {measure.direction} \u00b7 {measure.modality}")


# ---------------------------------------------------------------------------------------
# The command


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


# ---------------------------------------------------------------------------------------
# The page's style and script (inline, so the file needs nothing else)

PAGE_STYLE = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--accent:#2563eb;
--restrictive:#c8553d;--liberalizing:#2a9d8f;--trigger:#fcd34d;--actor:#bfdbfe;--product:#bbf7d0;
--magnitude:#e9d5ff;--date:#fecdd3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header.top{background:#1f2933;color:#fff;padding:14px 28px}
header.top h1{margin:0;font-size:19px;font-weight:600;letter-spacing:.2px}
main{max-width:1480px;margin:0 auto;padding:18px 28px 60px}
h2{font-size:15px;margin:0 0 10px;font-weight:600}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 18px}
.figures{display:flex;gap:12px;margin:0 0 18px;flex-wrap:wrap}
.figure{flex:1 1 120px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.figure .value{display:block;font-size:26px;font-weight:650}
.figure .label{color:var(--muted);text-transform:uppercase;font-size:11px;letter-spacing:.6px}
.figure.restrictive .value{color:var(--restrictive)} .figure.liberalizing .value{color:var(--liberalizing)}
.counts{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:14px;margin:0 0 18px}
.counts .panel{margin:0}
.count ol{list-style:none;margin:0;padding:0;max-height:230px;overflow:auto}
.count button{all:unset;box-sizing:border-box;cursor:pointer;display:grid;width:100%;align-items:center;
grid-template-columns:minmax(70px,42%) 1fr 34px;gap:8px;padding:2px 4px;border-radius:4px}
.count button:hover,.count button:focus-visible{background:#eef2ff}
.count .key{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.count .bar{height:8px;background:#eef0f3;border-radius:4px;overflow:hidden}
.count .bar span{display:block;height:100%;background:#7b93b8}
.count .n{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.legend{color:var(--muted);margin:0 0 8px;display:flex;flex-wrap:wrap;align-items:center;gap:6px}
.legend .sep{width:14px}
.swatch,.shape{display:inline-block;width:11px;height:11px;border-radius:50%}
.swatch.restrictive{background:var(--restrictive)} .swatch.liberalizing{background:var(--liberalizing)}
.shape.effective{background:#52606d} .shape.announced{border:2px solid #52606d;background:#fff}
.shape.published{background:#52606d;opacity:.35;width:8px;height:8px}
#timeline-svg{width:100%;height:auto;display:block;font-size:12px}
#timeline-svg .band0{fill:#fafbfc} #timeline-svg .band1{fill:#fff}
#timeline-svg text.actor{text-anchor:end;fill:var(--ink);font-weight:600}
#timeline-svg text.actor .n{fill:var(--muted);font-weight:400}
#timeline-svg line.tick{stroke:#d9dee5;stroke-dasharray:2 3}
#timeline-svg text.tick{text-anchor:middle;fill:var(--muted)}
#timeline-svg circle{stroke-width:2;cursor:pointer}
#timeline-svg circle.restrictive{fill:var(--restrictive);stroke:var(--restrictive)}
#timeline-svg circle.liberalizing{fill:var(--liberalizing);stroke:var(--liberalizing)}
#timeline-svg circle.announced{fill:#fff} #timeline-svg circle.published{opacity:.45}
#timeline-svg .dot:hover circle{stroke:#111} #timeline-svg .dot.off{display:none}
#timeline-svg .dot.current circle{stroke:#111;stroke-width:3}
.filters{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:end;margin:0 0 10px}
.filters label{display:flex;flex-direction:column;font-size:11px;color:var(--muted);text-transform:uppercase;
letter-spacing:.5px;gap:3px}
.filters .search{flex:1 1 260px}
.filters input,.filters select,.filters button{font:inherit;font-size:13px;text-transform:none;letter-spacing:0;
padding:5px 8px;border:1px solid #cbd2d9;border-radius:6px;background:#fff;color:var(--ink)}
.filters select{max-width:170px}
.filters button{cursor:pointer} .filters button:hover{background:#f0f4f8}
.shown{margin-left:auto;color:var(--muted);padding-bottom:6px}
.table-wrap{max-height:72vh;overflow:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:13px}
thead th{position:sticky;top:0;background:#f0f3f7;text-align:left;font-weight:600;padding:7px 8px;
border-bottom:1px solid #d9dee5;cursor:pointer;white-space:nowrap;user-select:none;z-index:1}
thead th:hover{background:#e4e9f0}
thead th[aria-sort=ascending]::after{content:" \\25B2";font-size:9px}
thead th[aria-sort=descending]::after{content:" \\25BC";font-size:9px}
tbody td{padding:6px 8px;border-bottom:1px solid #eef0f3;vertical-align:top}
tbody tr{cursor:pointer} tbody tr:hover{background:#f7f9fc}
tbody tr.current{background:#fff7db}
td .item{display:block;white-space:nowrap} td .sub,td .trigger{display:block;color:var(--muted);font-size:12px}
td a{color:var(--accent);text-decoration:none} td a:hover{text-decoration:underline}
.col-confidence,td:last-child{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;padding:0 7px;border-radius:9px;color:#fff;font-size:12px;font-weight:600}
.pill.restrictive{background:var(--restrictive)} .pill.liberalizing{background:var(--liberalizing)}
.article{border-top:1px solid var(--line);padding:14px 4px 6px;scroll-margin-top:12px}
.article.current{border-left:4px solid var(--accent);padding-left:14px;background:#fbfcff}
.article h3{margin:0 0 2px;font-size:16px}
.article .meta{margin:0 0 8px;color:var(--muted);font-size:12px}
.article .meta a{color:var(--accent)}
.article .body{display:grid;grid-template-columns:minmax(0,900px) minmax(200px,320px);gap:28px;align-items:start}
.text{white-space:pre-wrap;font:15px/1.6 Georgia,"Times New Roman",serif}
.article aside{position:sticky;top:10px;font-size:12px;border-left:1px solid var(--line);padding-left:14px}
.article aside h4{margin:2px 0 6px;font-size:11px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted)}
.article aside ol{margin:0;padding-left:20px;max-height:80vh;overflow:auto}
.article aside li{margin:0 0 4px} .article aside a{color:var(--ink);text-decoration:none}
.article aside a:hover{text-decoration:underline} .article aside a.current{font-weight:700}
.article aside .pill{font-size:11px}
mark.hl,span.hl{border-radius:3px;padding:0 1px;color:inherit}
.hl-trigger{background:var(--trigger);font-weight:700} .hl-actor{background:var(--actor)}
.hl-product{background:var(--product)} .hl-magnitude{background:var(--magnitude)} .hl-date{background:var(--date)}
.legend span.hl{padding:1px 6px;color:var(--ink);font-size:12px}
.legend .hint{margin-left:8px;font-style:italic}
mark.hl.current{outline:2px solid #1f2933;outline-offset:1px}
mark.hl-trigger.current{box-shadow:0 0 0 4px rgba(37,99,235,.35)}
.anchor{scroll-margin-top:40vh}
.quiet{color:var(--muted);font-size:12px;margin-top:14px}
.run{color:var(--muted);font-size:12px;margin:-8px 0 16px} .run p{margin:0}
.run details{margin-top:6px;color:var(--restrictive)} .run summary{cursor:pointer;font-weight:600}
.empty p{color:var(--muted)}
@media (max-width:1000px){.counts{grid-template-columns:repeat(2,minmax(0,1fr))}
.article .body{grid-template-columns:1fr} .article aside{display:none}}
"""

PAGE_SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("measures");
  if (!table) { return; }
  var body = table.tBodies[0];
  var items = Array.prototype.map.call(body.rows, function (row, index) {
    return {row: row, id: row.getAttribute("data-m"), search: row.getAttribute("data-search"), index: index};
  });
  var box = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-field]"));
  var shown = document.getElementById("shown-count");
  var dots = {};
  Array.prototype.forEach.call(document.querySelectorAll("#timeline-svg .dot"), function (dot) {
    dots[dot.getAttribute("data-m")] = dot;
  });

  function applyFilters() {
    var terms = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = selects.filter(function (s) { return s.value; }).map(function (s) {
      return {field: "data-" + s.getAttribute("data-field"), value: "|" + s.value + "|"};
    });
    var count = 0;
    items.forEach(function (item) {
      var keep = terms.every(function (t) { return item.search.indexOf(t) >= 0; }) &&
        wanted.every(function (w) { return item.row.getAttribute(w.field).indexOf(w.value) >= 0; });
      item.row.hidden = !keep;
      if (dots[item.id]) { dots[item.id].classList.toggle("off", !keep); }
      if (keep) { count += 1; }
    });
    shown.textContent = count;
  }
  var pending = null;
  box.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(applyFilters, 120); });
  selects.forEach(function (s) { s.addEventListener("change", applyFilters); });
  document.getElementById("filter-clear").addEventListener("click", function () {
    box.value = ""; selects.forEach(function (s) { s.value = ""; }); applyFilters();
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-filter]"), function (button) {
    button.addEventListener("click", function () {
      var select = document.getElementById("filter-" + button.getAttribute("data-filter"));
      select.value = button.getAttribute("data-value"); applyFilters();
      document.getElementById("measures-section").scrollIntoView({block: "start"});
    });
  });

  var sorted = {column: -1, direction: 1};
  function sortBy(th) {
    var column = th.cellIndex;
    var direction = sorted.column === column ? -sorted.direction : 1;
    var numeric = th.getAttribute("data-type") === "number";
    items.forEach(function (item) {
      var cell = item.row.cells[column];
      var key = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
      item.key = numeric ? parseFloat(key) : key.toLowerCase();
      item.blank = key === "" || key === "~";
    });
    items.sort(function (a, b) {
      if (a.blank !== b.blank) { return a.blank ? 1 : -1; }
      if (a.key < b.key) { return -direction; }
      if (a.key > b.key) { return direction; }
      return a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    sorted = {column: column, direction: direction};
  }
  table.tHead.addEventListener("click", function (event) {
    var th = event.target.closest("th"); if (th) { sortBy(th); }
  });
  table.tHead.addEventListener("keydown", function (event) {
    var th = event.target.closest("th");
    if (th && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); sortBy(th); }
  });

  function focusMeasure(id) {
    var target = document.getElementById("m-" + id);
    if (!target) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (el) {
      el.classList.remove("current");
    });
    var section = target.closest(".article");
    if (section) {
      section.classList.add("current");
      var selector = '[data-m~="' + CSS.escape(id) + '"]';
      Array.prototype.forEach.call(section.querySelectorAll(selector), function (el) { el.classList.add("current"); });
    }
    var row = document.getElementById("row-" + id);
    if (row) { row.classList.add("current"); }
    if (dots[id]) { dots[id].classList.add("current"); }
    try { history.replaceState(null, "", "#m-" + id); } catch (error) { /* some file: URLs refuse */ }
    target.scrollIntoView({block: "center"});
  }
  body.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-m]");
    if (row) { event.preventDefault(); focusMeasure(row.getAttribute("data-m")); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    var href = link && link.getAttribute("href");
    if (href && href.indexOf("#m-") === 0) { event.preventDefault(); focusMeasure(href.slice(3)); }
  });
  function fromHash() {
    if (location.hash.indexOf("#m-") === 0) { focusMeasure(decodeURIComponent(location.hash.slice(3))); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""
