"""The highlighted text of an article: each measure's trigger and slots as ``<mark>``.

A measure's trigger is found by its offsets, its actor, products, magnitudes and dates by
their text near the trigger (``locate``). Overlapping marks are cut into runs that each
take the colour of their most important slot (``HIGHLIGHTS``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..schema import Measure
from ..show import describe_party
from .markup import escape

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
    pieces = _pieces(text, marks, _untriggered_anchors(text, measures, marks))
    titles = {measure.id: _mark_title(measure) for measure in measures}
    placed: set[str] = set()
    return "".join(_piece_html(*piece, titles, placed) for piece in pieces)


def _untriggered_anchors(text: str, measures: list[Measure], marks: list[Mark]) -> dict[int, list[str]]:
    """The measures without a trigger mark, by the offset where their evidence starts."""
    triggered = {mark.measure for mark in marks if mark.kind == "trigger"}
    anchors: dict[int, list[str]] = {}
    for measure in measures:
        if measure.id not in triggered:
            anchors.setdefault(min(measure.evidence.start or 0, len(text)), []).append(measure.id)
    return anchors


def _pieces(text: str, marks: list[Mark], anchors: dict[int, list[str]]) -> list[list]:
    """The text cut at every mark boundary into [key, measure ids, text] runs of one highlight.

    ``key`` is (kind, the marks of that kind covering the run), with kind None for plain
    text, or ("anchor", offset) for an empty run holding untriggered measures' anchors.
    Neighbouring runs with the same key are merged; ``anchors`` is emptied as it is placed.
    """
    cuts = sorted({0, len(text), *anchors, *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[list] = []
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
    return pieces + [[("anchor", at), ids, ""] for at, ids in anchors.items()]


def _piece_html(key: tuple, ids: list[str], chunk: str, titles: dict[str, str], placed: set[str]) -> str:
    """One run of text as HTML; ``placed`` holds the measures whose HTML id is already out."""
    kind, detail = key
    ids = list(dict.fromkeys(ids))
    if kind == "anchor":
        placed.update(ids)
        return "".join(f'<span class="anchor" id="m-{escape(mid)}" data-m="{escape(mid)}"></span>' for mid in ids)
    if kind is None:
        return escape(chunk)
    title = "\n".join(titles[mid] for mid in ids) if kind == "trigger" else f"{kind} of {len(ids)} measure(s)"
    own = [mid for mid in ids if kind == "trigger" and mid not in placed
           and any(mark.measure == mid for mark in detail)]
    placed.update(own)
    lead = "".join(f'<span class="anchor" id="m-{escape(mid)}"></span>' for mid in own[1:])
    html_id = f' id="m-{escape(own[0])}"' if own else ""
    return (f'{lead}<mark class="hl hl-{kind}"{html_id} data-m="{escape(" ".join(ids))}" '
            f'title="{escape(title)}">{escape(chunk)}</mark>')


def _mark_title(measure: Measure) -> str:
    """The tooltip of a measure's trigger: actor, action, instrument, direction, modality."""
    return (f"{describe_party(measure.actor)} {measure.action.type} {measure.instrument.type.replace('_', ' ')}"
            f" \u00b7 {measure.direction} \u00b7 {measure.modality}")
