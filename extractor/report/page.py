"""The report page: the HTML around the panels, the figures, counts and article sections.

``build_report`` puts together, in order: the summary figures, a line about the run, the
counts by actor, action, instrument and product, the timeline, the measures table and the
articles with their highlighted text. Styles and script come from ``report.css`` and
``report.js`` beside this module and are inlined, so the page needs no other file.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter
from importlib import resources
from pathlib import Path

from ..schema import Article, Measure
from ..show import UNKNOWN, describe_party
from .load import ARTICLES_DIR, MEASURES_FILE, RUN_FILE, Output, Row, read_output
from .markup import escape
from .table import FILTERS, row_values, table_panel
from .text import highlight_article
from .timeline import timeline_svg

DEFAULT_NAME = "report.html"
# Nothing may be fetched: the page must open offline and data in it cannot call out.
_HEAD = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")


@functools.cache
def page_asset(name: str) -> str:
    """The text of ``report.css`` or ``report.js``, read once from the package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


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
            table_panel(output.rows, sections), _articles(output, sections)])
    else:
        body = ('<section class="panel empty" id="no-measures"><h2>No measures</h2>'
                f"<p>{escape(_nothing_found(output))}</p></section>" + _run_summary(output.folder))
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">{_HEAD}"
        f"<title>{escape(title)}</title><style>\n{page_asset('report.css')}</style></head>\n<body>"
        f"<header class=\"top\"><h1>{escape(title)}</h1></header>\n<main>\n{body}\n</main>"
        f"<script>\n{page_asset('report.js')}</script></body></html>\n")


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
    """Why the page has no measures: the folder has none, or it is not an output folder."""
    if output.articles or (output.folder / MEASURES_FILE).exists():
        return f"The folder holds {len(output.articles)} article(s) and no trade-policy measures."
    return (f"The folder has no {ARTICLES_DIR}/ and no {MEASURES_FILE}: "
            "is it the output folder of 'extractor run'?")


def _summary(output: Output) -> str:
    """The figures at the top: measures, articles, restrictive, liberalizing, actors."""
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
    items = "".join(f"<li><strong>{escape(entry.get('source'))}</strong>: "
                    f"{escape(entry.get('reason') or 'no reason given')}</li>" for entry in failed)
    details = (f'<details class="failed"><summary>{len(failed)} input(s) failed</summary><ul>{items}</ul></details>'
               if failed else "")
    line = " \u00b7 ".join(escape(fact) for fact in facts)
    return f'<div class="run" id="run"><p>{line}</p>{details}</div>'


def _counts(rows: list[Row]) -> str:
    """A panel per field (actor, action, instrument, product) of values by count, as filter buttons."""
    panels = []
    for field, heading in FILTERS[:4]:
        counts = Counter(value for row in rows for value in row_values(row.measure)[field])
        top = max(counts.values(), default=1)
        items = "".join(
            f'<li data-key="{escape(key)}" data-count="{count}"><button type="button" data-filter="{field}" '
            f'data-value="{escape(key)}" title="Show only {escape(key)}"><span class="key">{escape(key)}</span>'
            f'<span class="bar"><span style="width:{100 * count / top:.1f}%"></span></span>'
            f'<span class="n">{count}</span></button></li>'
            for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        panels.append(f'<section class="panel count" data-field="{field}"><h2>By {heading.lower()}</h2>'
                      f"<ol>{items or '<li class=none>none</li>'}</ol></section>")
    return f'<div class="counts" id="counts">{"".join(panels)}</div>'


def _articles(output: Output, sections: dict[str, str]) -> str:
    """The articles panel: each article with measures in full, then the names of the others."""
    by_doc: dict[str, list[Measure]] = {}
    for row in output.rows:
        by_doc.setdefault(row.doc_id, []).append(row.measure)
    shown = [article for article in output.articles if by_doc.get(article.doc_id)]
    parts = [_article(article, by_doc[article.doc_id], sections[article.doc_id]) for article in shown]
    quiet = [article for article in output.articles if not by_doc.get(article.doc_id)]
    if quiet:
        names = ", ".join(f'<span title="{escape(a.title or "")}">{escape(a.doc_id)}</span>' for a in quiet)
        parts.append(f'<p class="quiet">Articles without measures ({len(quiet)}): {names}</p>')
    legend = "".join(f'<span class="hl hl-{kind}">{kind}</span>'
                     for kind in ("trigger", "actor", "product", "magnitude", "date"))
    return (f'<section class="panel" id="articles"><h2>Articles</h2>'
            f'<p class="legend">Highlighted: {legend} <span class="hint">click a table row or a '
            f"timeline dot to mark its measure</span></p>{''.join(parts)}</section>")


def _article(article: Article, measures: list[Measure], section: str) -> str:
    """One article's section: title, facts, highlighted text and an index of its measures."""
    facts = [article.doc_id, f"published {article.published or 'unknown'}"]
    facts += [article.source] if article.source else []
    facts.append(f"{len(measures)} measure(s)")
    meta = " \u00b7 ".join(escape(fact) for fact in facts)
    index = "".join(f'<li><a href="#m-{escape(m.id)}" data-m="{escape(m.id)}">'
                    f'<span class="pill {m.direction}">{m.action.type}</span> {escape(describe_party(m.actor))}'
                    f" {escape(m.instrument.type.replace('_', ' '))}</a></li>"
                    for m in measures)
    return (f'<article class="article" id="{section}"><header><h3>{escape(article.title or article.doc_id)}</h3>'
            f'<p class="meta">{meta} \u00b7 <a href="#measures-section">back to the table</a></p></header>'
            f'<div class="body"><div class="text">{highlight_article(article.text, measures)}</div>'
            f'<aside><h4>Measures in this article</h4><ol>{index}</ol></aside></div></article>')


def _section_id(doc_id: str, number: int) -> str:
    """An HTML id for an article's section: ``article-`` and the doc_id's safe characters."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", doc_id).strip("-") or "doc"
    return f"article-{slug}-{number}" if slug != doc_id else f"article-{slug}"
