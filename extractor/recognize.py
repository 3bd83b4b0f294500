"""Recognition: the trade span ruler and the typed mentions it yields.

The rules of ``patterns/*.jsonl`` go into a spaCy SpanRuler and, for fixed-length token
patterns, an index by word (``extractor.matching``), both writing to ``doc.spans["trade"]``; ``find_mentions`` turns those spans into typed mentions (parties,
triggers, instruments, products, trade flows, cues), keeping the longest span where rules
of one label overlap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .matching import FixedPatterns
from .patterns import PatternRule

SPANS_KEY = "trade"
RULER_NAME = "trade_ruler"
FIXED_NAME = "trade_fixed"


def add_trade_ruler(nlp: Language, rules: tuple[PatternRule, ...]) -> None:
    """Add the components that mark the rules' spans, after the entity recogniser.

    Fixed-length token patterns go to ``trade_fixed`` (looked up by word, see
    ``extractor.matching``); phrase patterns and the other token patterns go to a span
    ruler; ``trade_fixed`` then merges its spans into the ruler's group, sorted as the ruler
    sorts its own, so the spans are those one span ruler holding every rule would give.
    """
    entries = [entry for rule in rules for entry in rule.ruler_entries()]
    fixed = nlp.add_pipe("trade_fixed", name=FIXED_NAME, after="ner")
    ruler_entries = [entry for entry in entries
                     if isinstance(entry["pattern"], str)
                     or not fixed.patterns.add(entry["label"], entry["id"], entry["pattern"])]
    ruler = nlp.add_pipe(
        "span_ruler", name=RULER_NAME, before=FIXED_NAME,
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": True},
    )
    # Every token pattern is checked by spaCy's validation, including those the index takes.
    validator = Matcher(nlp.vocab, validate=True)
    for entry in entries:
        if not isinstance(entry["pattern"], str):
            validator.add(entry["id"], [entry["pattern"]])
    # Phrase patterns match on LOWER, so they need only the tokenizer: keep the
    # statistical components off while the patterns are added.
    others = [name for name in nlp.pipe_names if name != RULER_NAME]
    with nlp.select_pipes(disable=others):
        ruler.add_patterns(ruler_entries)


@Language.factory("trade_fixed")
def make_fixed_patterns(nlp: Language, name: str) -> FixedPatternsComponent:
    return FixedPatternsComponent()


class FixedPatternsComponent:
    """Pipeline component: the fixed-length patterns' spans, merged into the ruler's group."""

    def __init__(self) -> None:
        self.patterns = FixedPatterns()

    def __call__(self, doc: Doc) -> Doc:
        found = self.patterns(doc)
        if found:
            doc.spans[SPANS_KEY] = sorted(set(doc.spans.get(SPANS_KEY, [])) | found)
        return doc


@dataclass(frozen=True)
class Mention:
    """A recognised span with the rule that matched it."""

    span: Span
    rule: PatternRule

    @property
    def root(self):
        return self.span.root

    @property
    def anchor(self):
        """The token that stands for the mention in the tree (the verb of "rolled back")."""
        first = self.span[0]
        return first if first.pos_ in {"VERB", "NOUN"} else self.span.root

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass
class Mentions:
    """The mentions of one Doc, by label, each list in text order."""

    parties: list[Mention]
    triggers: list[Mention]
    instruments: list[Mention]
    products: list[Mention]
    flows: list[Mention]
    cues: list[Mention]

    def at(self, label_list: list[Mention], token_index: int) -> Mention | None:
        """The mention of a list that covers a token, if any."""
        for mention in label_list:
            if mention.start <= token_index < mention.end:
                return mention
        return None


def in_sentence(items: list[Mention], sent: Span) -> list[Mention]:
    """The mentions of a list that start inside a sentence."""
    return [m for m in items if sent.start <= m.start < sent.end]


def is_region(party: Mention) -> bool:
    """A region or a body that is no state's trade authority ("Southeast Asia", "the WTO")."""
    return party.rule.country is None and not party.rule.generic


def is_dateline(party: Mention) -> bool:
    """"BEIJING, Dec 3 -": an all-caps place at the start of a line, followed by a comma."""
    span = party.span
    if not span.text.isupper() or len(span.text) < 3:
        return False
    before = span.doc.text[max(0, span.start_char - 1):span.start_char]
    after = span.doc.text[span.end_char:span.end_char + 1]
    return before in {"", "\n"} and after in {",", " "}


_FIELD_OF_LABEL = {"PARTY": "parties", "ACTION": "triggers", "INSTRUMENT": "instruments",
                   "PRODUCT": "products", "FLOW": "flows", "CUE": "cues"}


def find_mentions(doc: Doc, rules: dict[str, PatternRule]) -> Mentions:
    """Group the ruler's spans by label, longest first where spans of one label overlap."""
    by_label: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(SPANS_KEY, []):
        by_label[span.label_].append(span)
    grouped = {}
    for label, field in _FIELD_OF_LABEL.items():
        spans = sorted(filter_spans(by_label[label]), key=lambda s: s.start)
        grouped[field] = [Mention(span, rules[span.id_]) for span in spans if span.id_ in rules]
    grouped["parties"] = [p for p in grouped["parties"] if not _inside_organisation(p.span)]
    grouped["instruments"] = [i for i in grouped["instruments"] if not _idiom(i.span) and not _domestic(i.span)]
    return Mentions(**grouped)


def _idiom(span: Span) -> bool:
    """"off limits", "no limits", "within limits": a limit that is no measure."""
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return span.root.lemma_.lower() == "limit" and before in {"off", "within", "beyond", "no", "without"}


# Modifiers that make a control, limit, quota or ban a domestic rule, never a measure on
# trade: "rent controls", "the fishing quota", "a smartphone ban in schools".
DOMESTIC_DOMAINS = frozenset({
    "rent", "birth", "gun", "pest", "traffic", "speed", "emission", "emissions", "spending", "parking",
    "fishing", "catch", "hosepipe", "water", "smoking", "noise", "salary", "wage", "pay", "budget", "debt",
    "lending", "mortgage", "term", "age", "visa", "immigration", "transfer", "phone", "smartphone", "mobile",
    "drinking", "alcohol", "weight", "abortion", "firework", "fireworks", "protest", "travel", "flight",
    "hunting", "grazing", "logging", "building", "planning", "zoning", "dividend", "bonus", "ticket",
})


# Domains that make a control (only) domestic: "border controls", "price controls".
DOMESTIC_CONTROL_DOMAINS = frozenset({"border", "capital", "price", "quality", "passport", "immigration"})


def _domestic(span: Span) -> bool:
    """An instrument word modified by a domestic domain ("rent controls", "fishing quota")."""
    root = span.root
    modifiers = [child for child in root.children if child.dep_ in {"compound", "amod", "nmod"}]
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.head == root:
        modifiers.append(before)
    domains = DOMESTIC_DOMAINS | (DOMESTIC_CONTROL_DOMAINS if root.lemma_.lower() == "control" else frozenset())
    return any(token.lower_ in domains or token.lemma_.lower() in domains for token in modifiers)


OFFICE_NAMES = frozenset({"ministry", "department", "commission", "government", "council", "office",
                          "administration", "customs", "agency", "authority", "bureau", "parliament"})


def _inside_organisation(span: Span) -> bool:
    """A country inside a company's or an exchange's name ("Bank of China", "London Metal
    Exchange") is no party; inside a state body's name ("Ministry of Commerce of China") it is."""
    entity = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end), None)
    if entity is None or entity.label_ not in {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}:
        return False
    words = [t for t in entity if t.pos_ != "DET" and not t.is_punct and t.lower_ != "'s"]
    if len(words) <= len(span):
        return False
    return not any(t.lower_ in OFFICE_NAMES for t in entity)
