"""Segmentation: text cleaning for the parser, and sentence starts at line breaks.

``clean_for_parsing`` gives the parser a tidy copy of the text (straight quotes, plain
spaces, no zero-width or control characters) together with a map from each character of
the copy back to the original, so every offset the pipeline reports indexes the text the
caller gave. The ``trade_segmenter`` component makes a headline, a first line and every
paragraph end a sentence; the parser otherwise glues a headline to the lead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

# Same-length substitutions: typographic forms the parser handles worse than plain ones.
_REPLACE = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": "",
    "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n", "\t": " ",
}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@dataclass(frozen=True)
class CleanText:
    """The parser's copy of a text, with ``origin[i]`` the original index of character i."""

    text: str
    origin: tuple[int, ...]   # one entry per character, plus one for the end

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the clean text to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _substitute(char: str) -> str:
    if char in _REPLACE:
        return _REPLACE[char]
    if char in _ZERO_WIDTH:
        return ""
    if char != "\n" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}:
        return " "
    return char


def clean_for_parsing(text: str) -> CleanText:
    """Return the parser's copy of ``text`` and its map back to the original offsets."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for out in _substitute(char):
            chars.append(out)
            origin.append(index)
    origin.append(len(text))
    return CleanText(truecase_headlines("".join(chars)), tuple(origin))


_WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*")
_KEEP_CAPITALISED = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "i",
}


def _is_headline_case(words: list[str]) -> bool:
    """True for a short line in Title Case or ALL CAPS, as headlines and slugs are written."""
    if not 3 <= len(words) <= 30:
        return False
    capitalised = sum(word[0].isupper() for word in words if len(word) > 3)
    long_words = sum(len(word) > 3 for word in words)
    return long_words > 0 and capitalised / long_words >= 0.75


def _proper_nouns(lines: list[str]) -> dict[str, str]:
    """Capitalised words seen inside running text, by lower case: the document's names."""
    names: dict[str, str] = {}
    for line in lines:
        for match in list(_WORD.finditer(line))[1:]:
            for word in {match.group(), match.group().rstrip(".")}:
                if len(word) > 1 and word[0].isupper():
                    names.setdefault(word.lower(), word)
    return names


def _recase(word: str, names: dict[str, str], shouting: bool) -> str:
    """A headline word in running-text case. In a Title Case line (not shouting), a word
    written in capitals or with inner capitals ("US", "EVs", "McKinsey") is kept as it is."""
    lower = word.lower()
    if len(lower) != len(word) or any(ch.isdigit() for ch in word):
        return word
    if not shouting and len(word) > 1 and any(ch.isupper() for ch in word[1:]):
        return word
    if lower in names and (lower not in STOP_WORDS or names[lower].isupper()):
        return names[lower]
    if lower in STOP_WORDS:
        return lower
    if lower in _KEEP_CAPITALISED:
        return word[0] + lower[1:]
    if word.isupper() and len(word) <= 3 and "." not in word:
        return word   # likely an acronym (EU, US, EV) that the body never spells out
    return lower


def truecase_headlines(text: str) -> str:
    """Give Title Case and ALL CAPS lines the casing of running text, keeping their length.

    The tagger reads "Eases" in "China Eases Export Bans" as a proper noun; a headline cased
    like a sentence ("China eases export bans") parses as the sentence it is. Words the body
    writes capitalised (names) keep that form.
    """
    lines = text.split("\n")
    is_headline = [_is_headline_case(_WORD.findall(line)) for line in lines]
    if not any(is_headline):
        return text
    names = _proper_nouns([line for line, head in zip(lines, is_headline) if not head])
    out = []
    for line, head in zip(lines, is_headline):
        if head:
            first = True
            words = _WORD.findall(line)
            shouting = sum(w.isupper() for w in words) > len(words) / 2

            def swap(match: re.Match) -> str:
                nonlocal first
                word = match.group()
                recased = _recase(word, names, shouting)
                if first:
                    first = False
                    return recased[0].upper() + recased[1:]
                return recased
            line = _WORD.sub(swap, line)
        out.append(line)
    return "\n".join(out)


# "BEIJING, Nov 8 -", "NEW DELHI, July 20 (Wire) -": a wire dateline opens the lead's sentence.
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{1,40},(?: [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([^)]{1,30}\))? ?[-\u2013\u2014]+ ")


def set_line_starts(doc: Doc) -> Doc:
    """Mark the first token after every line break as a sentence start, and keep a wire
    dateline in the sentence it opens."""
    after_break = True
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break:
            token.is_sent_start = True
            _hold_dateline(doc, token)
        after_break = "\n" in token.whitespace_
    return doc


def _hold_dateline(doc: Doc, first) -> None:
    match = DATELINE.match(doc.text[first.idx:first.idx + 80])
    if match is None:
        return
    end = first.idx + match.end()
    for token in doc[first.i + 1:]:
        if token.idx > end:
            break
        token.is_sent_start = False


@Language.factory("trade_segmenter")
def make_trade_segmenter(nlp: Language, name: str):
    """A pipeline component: sentence starts at line breaks, the parser decides the rest."""
    return set_line_starts
