"""The statistical model on windows: :func:`extractor.timex.tag` runs it only where an
expression can be.

Every expression the engine keeps holds a temporal head word ("March", "year", "1998",
"noon"), so :func:`recognise_in_windows` runs the entity recogniser on :func:`head_windows`,
a few tokens around each head, and sets the DATE and TIME entities of the whole Doc (step 1
of the engine in :mod:`extractor.timex`). :func:`tag_clauses` then runs the tagger on the
clauses of the expressions whose value depends on tense (:func:`needs_tense`), which is
what :func:`extractor.tense.tense_preference` reads when there is no parse.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.calendar_words import DAY_PARTS
from extractor.dates import MONTHS, SEASONS, alternation, normalize_date
from extractor.tense import CLAUSE_REACH
from extractor.timex_spans import DECADE_WORDS, HOLIDAY_WORDS, UNIT_WORDS

NER_CONTEXT = 4  # tokens of context on each side of a head word; the model's features reach four
TAGGER_CONTEXT = 2  # tokens of context beyond the reach of the clause's verb search
_HEAD_NAMES = [" ".join(word.capitalize() for word in name.split())
               for name in (*MONTHS, *HOLIDAY_WORDS)]
# The words the cue patterns find on their own ("now", "today", "daily") open no window.
_HEAD_WORDS = (UNIT_WORDS | set(DAY_PARTS) | set(SEASONS) | DECADE_WORDS
               | {"future", "past", "present", "noon", "midnight", "midday", "lately", "previously", "formerly",
                  "weekly", "monthly", "yearly", "annually", "hourly"}) - {"tonight", "second"}
# Month and holiday names count when capitalised only, so that "may" and "march" open no window; weekday
# names open none, since the cue patterns find them with their modifiers ("last Friday", "Friday night").
HEAD_WORD = re.compile(rf"(?-i:\b(?:{alternation(_HEAD_NAMES)})s?\b)|\b(?:{alternation(_HEAD_WORDS)})s?\b"
                       rf"|\b(?:mid-)?(?:1[5-9]|20)\d\ds?\b|'\d0s\b|\b[qh][1-4]\b|\d:\d\d|\d ?[ap]\.m\b", re.I)


def head_windows(doc: Doc, text: str, context: int) -> list[tuple[int, int]]:
    """Token ranges of ``doc`` (whose text is ``text``) around temporal head words, ``context``
    tokens on each side, overlapping ranges merged."""
    windows: list[tuple[int, int]] = []
    for match in HEAD_WORD.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        start, end = max(span.start - context, 0), min(span.end + context, len(doc))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _run_on_windows(nlp: Language, doc: Doc, windows: list[tuple[int, int]], components: tuple[str, ...]):
    """Yield (character offset, annotated Doc) for each window of ``doc``, run through ``components``."""
    missing = [name for name in components if not nlp.has_pipe(name)]
    if missing:
        raise ValueError(f"the spaCy pipeline has no {', '.join(missing)} component; tag() needs a statistical "
                         "English model such as en_core_web_sm")
    offsets = [doc[start].idx for start, _ in windows]
    pieces = (nlp.make_doc(doc[start:end].text) for start, end in windows)
    for name in components:
        pieces = nlp.get_pipe(name).pipe(pieces)
    return zip(offsets, pieces)


def recognise_in_windows(nlp: Language, doc: Doc, text: str) -> None:
    """Set ``doc``'s DATE and TIME entities by running the entity recogniser on the windows
    around temporal head words (``text`` is ``doc.text``); other tokens are marked outside any entity."""
    entities = []
    for offset, piece in _run_on_windows(nlp, doc, head_windows(doc, text, NER_CONTEXT), ("ner",)):
        for ent in piece.ents:
            span = doc.char_span(offset + ent.start_char, offset + ent.end_char, label=ent.label_)
            if ent.label_ in ("DATE", "TIME") and span is not None:
                entities.append(span)
    doc.set_ents(entities, default="outside")


def needs_tense(span: Span, anchor: dt.date | None) -> bool:
    """True when the value of ``span`` depends on reading it as past or future ("Friday")."""
    return anchor is not None and normalize_date(span.text, anchor, "past") != normalize_date(span.text, anchor,
                                                                                                "future")


def tag_clauses(nlp: Language, doc: Doc, spans: list[Span]) -> None:
    """Give the tokens of the clauses around ``spans`` their part-of-speech tags, which
    :func:`extractor.tense.tense_preference` reads when there is no parse."""
    reach = CLAUSE_REACH + TAGGER_CONTEXT
    windows: list[tuple[int, int]] = []
    for span in spans:
        start, end = max(span.start - reach, 0), min(span.end + reach, len(doc))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    for offset, piece in _run_on_windows(nlp, doc, windows, ("tok2vec", "tagger")):
        for token in piece:
            span = doc.char_span(offset + token.idx, offset + token.idx + len(token))
            if span is not None and len(span) == 1:
                span[0].tag_ = token.tag_
