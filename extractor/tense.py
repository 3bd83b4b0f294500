"""Which way an underspecified date points ("Friday", "Nov. 9"): past, future or nearest.

News dates drop the year and the week; the verb that governs a date says which reading is
meant ("said Friday" looks back, "will meet Friday" ahead). :func:`tense_preference` finds
that verb in the dependency tree when the Doc has been parsed (as in the extraction
pipeline), and otherwise takes the nearest verb group of the clause from the part-of-speech
tags alone, which is what :func:`extractor.timex.tag` provides to stay fast.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from extractor.calendar_words import Prefer

SCHEDULING_VERBS = {"plan", "schedule", "expect", "postpone", "delay", "defer", "slate", "extend", "push", "set"}
PLANNING_VERBS = {"plan", "schedule", "slate"}  # "planned a rally on Saturday": the date is the plan's
STATIVE_VERBS = {"be", "have", "say", "do", "know", "think", "believe", "seem", "remain", "need", "want", "hold"}
PRESENT_FORMS_OF_BE_AND_HAVE = {"is", "are", "am", "'s", "'re", "'m", "has", "\u2019s", "\u2019re"}
INTENTION_VERBS = {"plan", "schedule", "expect", "slate", "set", "intend", "hope", "aim", "agree", "decide", "want",
                   "prepare", "seek", "vow", "promise", "propose", "pledge", "threaten", "due", "likely", "ready",
                   "go", "wish", "invite"}
FUTURE_AUXILIARIES = {"will", "shall", "'ll", "would", "wo"}
PAST_AUXILIARIES = {"had", "was", "were", "did", "has", "have"}
FUTURE_CUES = {"until", "till", "from", "by", "starting", "beginning", "effective", "next", "before"}
PAST_CUES = {"since", "ago", "last", "earlier"}
CLAUSE_ENDS = {".", ";", ":", "!", "?", "--", "\u2014"}
CLAUSE_REACH = 10  # tokens searched on each side for a governing verb when there is no parse
_VERB_GROUP_TAGS = {"MD", "TO", "RB", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}


def tense_preference(span: Span) -> Prefer:
    """"past", "future" or "nearest" for ``span``, from the words around it and its governing verb.

    "until Tuesday", "payable Dec. 1", "will ... Friday", the targets of scheduling verbs
    ("postponed to March", "scheduled for Monday") and infinitives of intention ("plans to
    close Monday") look ahead; possessives ("Friday's meeting") and past-tense verbs look back,
    as does "until" in a clause told in the past ("Until Thursday, they had not called him").
    """
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before == "payable" or doc[max(span.start - 2, 0):span.start].text.lower() == "of record":
        return "future"
    if before == "since" or span.end < len(doc) and doc[span.end].lower_ in ("'s", "\u2019s"):
        return "past"  # "since March" whatever the verb; "Friday's meeting"
    verb = _governing_verb(span.root) if doc.has_annotation("DEP") else _clause_verb(span)
    tense = _verb_tense(verb, before) if verb is not None else None
    if before in ("until", "till"):  # "until Friday" looks ahead unless the clause is told in the past
        return "past" if tense == "past" and _is_narrated_past(verb) else "future"
    if tense is not None:
        return tense
    if before in FUTURE_CUES:
        return "future"
    if before in PAST_CUES:
        return "past"
    return "nearest"


def _verb_tense(verb: Token, before: str) -> Prefer | None:
    """"future" or "past" from ``verb`` and its auxiliaries, None when they do not say."""
    auxiliaries = _auxiliaries(verb)
    scheduled = _is_one_of(verb, SCHEDULING_VERBS) and before in ("for", "to", "until", "till", "by") \
        or _is_one_of(verb, PLANNING_VERBS)
    if auxiliaries & FUTURE_AUXILIARIES or verb.lower_ in ("will", "would") or scheduled:
        return "future"
    if verb.tag_ in ("VBZ", "VBP") and not auxiliaries and not _is_one_of(verb, STATIVE_VERBS) \
            and verb.lower_ not in PRESENT_FORMS_OF_BE_AND_HAVE:
        return "future"  # the scheduled present: "He meets Monday with ...", "talks that begin Friday"
    if verb.tag_ == "VB" and "to" in auxiliaries:  # an infinitive takes its time from the verb above
        head = _infinitive_head(verb)
        if head is None:
            return None
        above = _words_above(head)
        ahead = _is_one_of(head, INTENTION_VERBS) and "had" not in above or head.tag_ in ("VBZ", "VBP", "MD") \
            or bool(above & {"will", "'ll"})
        return "future" if ahead else None
    if verb.tag_ in ("VBD", "VBN") or auxiliaries & PAST_AUXILIARIES:
        return "past"
    if verb.tag_ == "VBG" and not auxiliaries and verb.doc.has_annotation("DEP"):
        finite = _finite_verb_above(verb)
        return _verb_tense(finite, before) if finite is not None else None
    return None


def _finite_verb_above(verb: Token) -> Token | None:
    """"China hit back, imposing tariffs ... and levying duties from March 20": a participle's
    time is that of the verb it hangs from."""
    token = verb
    for _ in range(3):
        if token.dep_ not in ("advcl", "conj", "xcomp") or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.tag_ != "VBG":
            return token
    return None


def _is_narrated_past(verb: Token) -> bool:
    """True for a simple past or past perfect ("stayed", "had not called"), not a present perfect
    ("has given ... until Tuesday", which still looks ahead)."""
    auxiliaries = _auxiliaries(verb)
    return bool(auxiliaries & {"had", "was", "were", "did"}) or verb.tag_ == "VBD" and not auxiliaries


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb or auxiliary at or above ``token`` in the dependency tree."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _clause_verb(span: Span) -> Token | None:
    """Without a parse: the main verb of the nearest verb group before ``span`` in its clause,
    else of the first one after it ("On Friday, the company said")."""
    doc = span.doc
    for i in range(span.start - 1, max(span.start - CLAUSE_REACH, 0) - 1, -1):
        if doc[i].text in CLAUSE_ENDS or "\n" in doc[i].text:
            break
        if _is_verb(doc[i]):
            return doc[i]
    for i in range(span.end, min(span.end + CLAUSE_REACH, len(doc))):
        if doc[i].text in CLAUSE_ENDS or "\n" in doc[i].text:
            break
        if _is_verb(doc[i]):
            while i + 1 < len(doc) and doc[i + 1].tag_ in _VERB_GROUP_TAGS:  # "will | soon | announce"
                i += 1
            while not _is_verb(doc[i]):
                i -= 1
            return doc[i]
    return None


def _is_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def _auxiliaries(verb: Token) -> set[str]:
    """Lower-case auxiliaries (and "to") of ``verb``: its aux children in a parse, else the
    verbal words right before it ("would not have | signed")."""
    if verb.doc.has_annotation("DEP"):
        return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    found, i = set(), verb.i - 1
    while i >= 0 and verb.doc[i].tag_ in _VERB_GROUP_TAGS:
        if verb.doc[i].tag_ != "RB":
            found.add(verb.doc[i].lower_)
        if verb.doc[i].tag_ == "TO":
            break
        i -= 1
    return found


def _infinitive_head(verb: Token) -> Token | None:
    """The word an infinitive depends on ("plans | to close"): its head in a parse, else the
    word before "to"; an adjective's auxiliaries count too ("is likely to")."""
    if verb.doc.has_annotation("DEP"):
        return verb.head
    i = verb.i - 1
    while i >= 0 and verb.doc[i].tag_ != "TO":
        i -= 1
    return verb.doc[i - 1] if i > 0 else None


def _words_above(head: Token) -> set[str]:
    """Lower-case words that set the time of ``head``, the word an infinitive depends on: its
    children (and its own head's, for an adjective: "is likely to") in a parse, else the
    verbal words right before it."""
    if head.doc.has_annotation("DEP"):
        return {c.lower_ for c in head.children} | ({c.lower_ for c in head.head.children} if head.pos_ == "ADJ" else set())
    return _auxiliaries(head)


def _is_one_of(token: Token, lemmas: set[str]) -> bool:
    """True when ``token`` is an inflection of one of ``lemmas`` ("planned" of "plan"); the
    lemma is used when the pipeline set one, else the common English suffixes are stripped."""
    if token.lemma_:
        return token.lemma_.lower() in lemmas
    lower = token.lower_
    return any(re.fullmatch(rf"{re.escape(lemma)}(?:s|es|d|ed|ing|{re.escape(lemma[-1])}(?:ed|ing))?", lower)
               or lemma.endswith("e") and re.fullmatch(rf"{re.escape(lemma[:-1])}(?:ed|ing)", lower)
               for lemma in lemmas)
