"""The measures table: one row per measure, with the filters and search text the page script uses.

Each row carries ``data-<field>`` values (``|a|b|``) for the drop-down filters, a
``data-search`` text for the filter box, and ``data-sort`` keys where a cell's text would
sort wrongly.
"""

from __future__ import annotations

from collections import Counter

from ..schema import Measure
from ..show import (
    UNKNOWN,
    describe_date,
    describe_magnitude,
    describe_party,
    describe_product,
)
from .load import Row
from .markup import escape
from .timeline import timeline_date

FILTERS = (("actor", "Actor"), ("action", "Action"), ("instrument", "Instrument"),
           ("product", "Product"), ("modality", "Modality"), ("direction", "Direction"))
COLUMNS = (("doc", "Article", "text"), ("actor", "Actor", "text"), ("action", "Action", "text"),
           ("instrument", "Instrument", "text"), ("products", "Products", "text"),
           ("partners", "Partners", "text"), ("magnitudes", "Magnitudes", "text"),
           ("dates", "Dates", "text"), ("modality", "Modality", "text"),
           ("historical", "Historical", "text"), ("confidence", "Conf.", "number"))


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


def table_panel(rows: list[Row], sections: dict[str, str]) -> str:
    """The measures panel: filter bar and sortable table; ``sections`` maps doc_id to article section."""
    heads = "".join(f'<th scope="col" data-type="{kind}" class="col-{key}" tabindex="0">{label}</th>'
                    for key, label, kind in COLUMNS)
    body = "\n".join(_table_row(row, sections.get(row.doc_id)) for row in rows)
    return (f'<section class="panel" id="measures-section"><h2>Measures</h2>{_filter_bar(rows)}'
            f'<div class="table-wrap"><table id="measures"><thead><tr>{heads}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></div></section>")


def _filter_bar(rows: list[Row]) -> str:
    """The filter box, a drop-down per filter (each value with its count), and the shown count."""
    selects = []
    for field, label in FILTERS:
        counts = Counter(value for row in rows for value in row_values(row.measure)[field])
        options = "".join(f'<option value="{escape(value)}">{escape(value)} ({count})</option>'
                          for value, count in sorted(counts.items()))
        selects.append(f'<label>{label}<select id="filter-{field}" data-field="{field}">'
                       f'<option value="">all</option>{options}</select></label>')
    return ('<div class="filters"><label class="search">Filter<input type="search" id="filter-text" '
            'placeholder="words in any field: gallium CHN licence\u2026" autocomplete="off"></label>'
            f'{"".join(selects)}<button type="button" id="filter-clear">Clear</button>'
            f'<span class="shown"><strong id="shown-count">{len(rows)}</strong> of {len(rows)} shown</span></div>')


def _table_row(row: Row, section: str | None) -> str:
    """One measure's ``<tr>``; the Article cell links to its trigger when the article is shown."""
    m = row.measure
    record = {**m.model_dump(mode="json"), "doc_id": row.doc_id, "source": row.source}
    filters = "".join(f' data-{field}="{escape(_joined(values))}"' for field, values in row_values(m).items())
    doc = (f'<a href="#m-{escape(m.id)}">{escape(row.doc_id)}</a>' if section else escape(row.doc_id))
    trigger = f'<span class="trigger">\u201c{escape(m.action.text)}\u201d</span>' if m.action.text else ""
    actor = f'<span title="{escape(m.actor.text or "")}">{escape(describe_party(m.actor))}</span>'
    date = timeline_date(m, None)
    cells = [
        (row.doc_id, doc),
        (m.actor.country or "~", actor),
        (m.action.type, f'<span class="pill {m.direction}" title="{m.direction}">{m.action.type}</span>{trigger}'),
        (m.instrument.type, escape(m.instrument.type.replace("_", " "))
         + (f'<span class="sub">{escape(m.instrument.subtype)}</span>' if m.instrument.subtype else "")),
        (None, _list(describe_product(p) for p in m.products)),
        (None, _list(describe_party(p) for p in m.partners)),
        (None, _list(describe_magnitude(x) for x in m.magnitudes)),
        (date[0].isoformat() if date else "~",
         _list([describe_date(d) for d in m.dates] + ([f"for {m.duration.value}"] if m.duration else []))),
        (m.modality, escape(m.modality)),
        ("yes" if m.historical else "no", "yes" if m.historical else ""),
        (f"{m.confidence:.3f}", f"{m.confidence:.2f}"),
    ]
    tds = "".join(f"<td{_sort_attr(key)}>{content}</td>" for key, content in cells)
    return (f'<tr id="row-{escape(m.id)}" data-m="{escape(m.id)}"{filters} '
            f'data-search="{escape(search_text(record))}">{tds}</tr>')


def _sort_attr(key: str | None) -> str:
    """The ``data-sort`` attribute for a cell's sort key; none when the cell sorts by its text."""
    return "" if key is None else f' data-sort="{escape(key)}"'


def _list(phrases) -> str:
    """Phrases as escaped ``<span class="item">`` lines of one cell."""
    return "".join(f"<span class=\"item\">{escape(phrase)}</span>" for phrase in phrases)


def _joined(values: list[str]) -> str:
    """Values as ``|a|b|``, the form the page script looks a value up in."""
    return "|" + "|".join(value.replace("|", "/") for value in values) + "|"
