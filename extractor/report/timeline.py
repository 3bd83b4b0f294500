"""The timeline panel: one band per actor, a dot per measure as inline SVG.

A measure sits at its effective date, else its announced date, else the date its article
was published; dots that would overlap stack in lanes within their actor's band.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..schema import Measure
from ..show import UNKNOWN, describe_party, describe_product
from .markup import escape

TIMELINE_WIDTH, LABELS, MARGIN, ROW_HEIGHT, AXIS_HEIGHT = 1100, 110, 24, 26, 24
LANE, DOT_GAP, MAX_LANES = 8, 9, 11  # stacked dots: lane spacing, the x gap that needs no new lane
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-W(\d{2}))?")
_MOD_FRACTION = {"start": 1 / 6, "mid": 1 / 2, "end": 5 / 6, "approx": 1 / 2}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LEGEND = ('<p class="legend">'
           '<span class="swatch restrictive"></span>restrictive <span class="swatch liberalizing"></span>'
           'liberalizing <span class="sep"></span><span class="shape effective"></span>effective date '
           '<span class="shape announced"></span>announced date <span class="shape published"></span>'
           'article date (no date in the text)</p>')


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
    """The first and last day of the period a matched date value names."""
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
    parts += [_tick(x(day), label, top) for day, label in _ticks(first, last)]
    for measure, doc_id, day, basis in dated:
        actor = measure.actor.country or UNKNOWN
        lane = lanes[actor].pop(0)
        offset = (lane + 1) // 2 * (1 if lane % 2 else -1)  # lanes 0, 1, 2... sit at 0, +1, -1, +2...
        parts.append(_dot(measure, doc_id, day, basis, x(day), centres[actor] + offset * LANE))
    return (f'<section class="panel" id="timeline"><h2>Timeline</h2>{_LEGEND}'
            f'<svg id="timeline-svg" viewBox="0 0 {TIMELINE_WIDTH} {top + AXIS_HEIGHT}" role="img" '
            f'aria-label="Measures over time, one row per actor">{"".join(parts)}</svg></section>')


def _bands(order: list[str], actors: Counter, lanes: dict[str, list[int]]) -> tuple[list[str], dict, float]:
    """The actors' bands, each as tall as its lanes need: (SVG parts, centre of each band, bottom)."""
    parts, centres, top = [], {}, AXIS_HEIGHT
    for number, actor in enumerate(order):
        height = max(ROW_HEIGHT, LANE * (max(lanes[actor]) + 1) + 12)
        centres[actor] = top + height / 2
        parts.append(f'<rect class="band{number % 2}" x="0" y="{top}" width="{TIMELINE_WIDTH}" height="{height}"/>'
                     f'<text class="actor" x="{LABELS - 12}" y="{top + height / 2 + 4:.1f}">{escape(actor)} '
                     f'<tspan class="n">{actors[actor]}</tspan></text>')
        top += height
    return parts, centres, top


def _tick(x: float, label: str, bottom: float) -> str:
    """A dashed line down the bands at ``x``, labelled above the first band and below the last."""
    return (f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{AXIS_HEIGHT - 4}" y2="{bottom + 4}"/>'
            f'<text class="tick" x="{x:.1f}" y="{AXIS_HEIGHT - 9}">{label}</text>'
            f'<text class="tick" x="{x:.1f}" y="{bottom + AXIS_HEIGHT - 9}">{label}</text>')


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
    """One measure's dot, a link to its trigger, with a tooltip saying what and when."""
    products = ", ".join(describe_product(p) for p in measure.products) or "no product"
    tip = (f"{describe_party(measure.actor)} {measure.action.type} {measure.instrument.type.replace('_', ' ')}"
           f" \u2013 {products}\n{basis} {day.isoformat()} \u00b7 {measure.modality} \u00b7 {doc_id}")
    if measure.action.text:
        tip += f"\n\u201c{measure.action.text}\u201d"
    radius = 3.5 if basis == "published" else 4.5
    return (f'<a class="dot" href="#m-{escape(measure.id)}" data-m="{escape(measure.id)}">'
            f'<circle class="{measure.direction} {basis}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">'
            f"<title>{escape(tip)}</title></circle></a>")


def _domain(days: list[dt.date]) -> tuple[dt.date, dt.date]:
    """The first and last day the axis shows: the days' range with a margin at each end."""
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

