"""Actors from the parse: who acts for a trigger, before any help from context.

The subject (climbing through complements and coordination), the agent of a passive, a
possessor or a party modifying the measure ("Washington's tightened rules", "U.S.
tariffs"), the agent of a noun governing the trigger ("the decision by Washington to
add"), a named party right before a gerund or a headline verb, or the subject of the verb
governing a noun trigger ("China announced a suspension").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .recognize import Mention, Mentions, is_dateline, is_region
from .syntax import noun_phrase_tokens, subject_of

if TYPE_CHECKING:
    from .link import Link


ORIGIN_SUFFIXES = frozenset({"related", "made", "origin", "melted", "linked", "based", "built", "owned",
                             "sourced", "produced", "controlled"})


def is_origin_modifier(party: Mention) -> bool:
    """"China-related surtax", "Chinese-made cars": where goods come from, not who acts."""
    doc = party.span.doc
    return party.end + 1 < len(doc) and doc[party.end].text == "-" and doc[party.end + 1].lower_ in ORIGIN_SUFFIXES


def _party_in(tokens: list[Token], mentions: Mentions) -> list[Mention]:
    found: list[Mention] = []
    for token in tokens:
        party = mentions.at(mentions.parties, token.i)
        if party is not None and party not in found and not is_region(party) and not is_dateline(party) \
                and not is_origin_modifier(party):
            found.append(party)
    return found


def find_actor(link: Link, mentions: Mentions) -> None:
    """Fill the link's actor from the parse: subject, agent, possessor or modifier."""
    anchor = link.trigger.anchor
    owner = link.instrument.token if link.instrument.token is not None else anchor
    if anchor.pos_ == "VERB" and anchor.dep_ not in {"amod", "acl"}:
        subject, via_agent = subject_of(anchor)
        subject = _past_dateline(subject, link, mentions)
        if subject is not None and subject.tag_ in {"WDT", "WP"} and anchor.dep_ == "relcl":
            subject = anchor.head       # "Poland, Hungary and Slovakia, which imposed ..."
            measure = subject.head.head if _is_target(subject, mentions) else subject
            if measure.pos_ == "NOUN" and not _party_in(_left_modifiers(measure), mentions) \
                    and mentions.at(mentions.parties, measure.i) is None:
                # "agreed a package of sanctions against Russia that bans imports": the clause
                # describes a measure; who made the measure acts
                _actor_from_governing_verb(link, measure, mentions)
                if link.actor_token is not None:
                    return
        if subject is not None:
            link.actor_token = subject
            phrase = noun_phrase_tokens(subject)
            for conj in subject.conjuncts:
                phrase += noun_phrase_tokens(conj)
            link.actor_parties = _party_in(phrase, mentions)
            link.actor_source = "agent" if via_agent else "subject"
            return
    if anchor.pos_ == "VERB" and anchor.dep_ in {"acl", "xcomp"} and anchor.head.pos_ == "NOUN":
        parties = _noun_agent(anchor.head, mentions)     # "the decision by Washington to add"
        if parties:
            link.actor_token, link.actor_parties, link.actor_source = parties[0].root, parties, "possessive"
            return
    before = party_before(link.trigger, mentions)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in anchor.children)
    if before is not None and (anchor.tag_ == "VBG" or link.trigger.rule.after_party or infinitive):
        # "hours of Washington raising its duty", a headline's "India lifts ban ..."
        link.actor_token, link.actor_parties, link.actor_source = before.root, [before], "subject"
        return
    for head in _owner_candidates(anchor, owner):
        possessor = next((c for c in head.children if c.dep_ == "poss"), None)
        modifiers = [c for c in head.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
        # a party modifying the measure itself, not one inside another modifier ("Russian oil tariff")
        parties = [p for p in _party_in([t for m in modifiers for t in m.subtree], mentions)
                   if p.root.head.i == head.i or p.root.i in {m.i for m in modifiers}]
        if parties or possessor is not None:
            link.actor_token = possessor or parties[0].root
            link.actor_parties = parties
            link.actor_source = "possessive"
            return
    if anchor.pos_ != "VERB" or anchor.dep_ in {"amod", "acl"}:
        _actor_from_governing_verb(link, anchor, mentions)


def _left_modifiers(noun: Token) -> list[Token]:
    return [t for child in noun.children if child.i < noun.i for t in child.subtree]


TARGET_PREPOSITIONS = frozenset({"against", "on", "to", "toward", "towards"})


def _is_target(token: Token, mentions: Mentions) -> bool:
    """A party that a measure is aimed at ("sanctions against Russia")."""
    return mentions.at(mentions.parties, token.i) is not None and token.dep_ == "pobj" \
        and token.head.lower_ in TARGET_PREPOSITIONS and token.head.head.pos_ == "NOUN"


def _past_dateline(subject: Token | None, link: Link, mentions: Mentions) -> Token | None:
    """"WASHINGTON, June 4 - The United States doubled ...": the parser may take the dateline
    for the subject; the subject is then the first party after it."""
    party = mentions.at(mentions.parties, subject.i) if subject is not None else None
    if party is None or not is_dateline(party):
        return subject
    after = [p for p in mentions.parties if party.end <= p.start < link.trigger.start and not is_dateline(p)]
    return after[0].root if after else None


# Predicates of readiness between a party and its infinitive or gerund: "U.S. open to cutting".
READINESS_WORDS = frozenset({"open", "ready", "willing", "set", "poised", "likely", "expected", "due", "prepared",
                             "eager", "unlikely", "reluctant"})


def party_before(trigger: Mention, mentions: Mentions) -> Mention | None:
    """A named party right before a trigger, adverbs aside ("Beijing also suspends")."""
    index = trigger.start - 1
    doc = trigger.span.doc
    while index >= 0 and (doc[index].pos_ == "ADV" or doc[index].lower_ in {"to", "will", "would"}
                          or doc[index].lower_ in READINESS_WORDS and doc[index + 1].lower_ == "to"):
        index -= 1      # "Beijing also suspends", "U.S. open to cutting"
    party = mentions.at(mentions.parties, index) if index >= 0 else None
    return party if party is not None and party.rule.country is not None else None


def _noun_agent(noun: Token, mentions: Mentions) -> list[Mention]:
    """Who a noun's action belongs to: "China's decision", "the decision by the Commerce Department"."""
    tokens = []
    for child in noun.children:
        if child.dep_ == "poss":
            tokens += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "by":
            tokens += list(child.subtree)
    return _party_in(tokens, mentions)


def _owner_candidates(anchor: Token, owner: Token) -> list[Token]:
    heads = [anchor, owner]
    if anchor.dep_ in {"amod", "acl", "relcl", "compound"}:
        heads.append(anchor.head)
    return heads


def _actor_from_governing_verb(link: Link, anchor: Token, mentions: Mentions) -> None:
    """"China announced a suspension of tariffs": the subject of the verb governing the noun."""
    token = anchor
    while token.dep_ in {"dobj", "pobj", "prep", "conj", "appos", "attr"} and token.head.i != token.i:
        token = token.head
        if token.pos_ == "VERB":
            subject, via_agent = subject_of(token)
            if subject is not None:
                link.actor_token = subject
                link.actor_parties = _party_in(noun_phrase_tokens(subject), mentions)
                link.actor_source = "agent" if via_agent else "subject"
            return
