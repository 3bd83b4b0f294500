"""Discourse context: who "it", "the ministry" or a bare passive stands for.

A ``Discourse`` follows an article sentence by sentence: the last jurisdiction that acted,
the country of the dateline, and how often each country is named. ``resolve_actors``
turns a link's parse-level actor into parties, falling back on that context.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .recognize import Mention, Mentions, in_sentence, is_dateline

PRONOUNS = frozenset({"it", "its", "they", "their", "them", "we", "our", "he", "his", "she", "her"})
JOINT_SUBJECT_LEMMAS = frozenset({"side", "country", "nation", "government", "president", "leader",
                                  "economy", "superpower", "party", "capital"})


@dataclass(frozen=True)
class Actor:
    country: str | None
    text: str
    source: str          # subject, agent, possessive, sentence, previous, dateline, document


@dataclass
class Discourse:
    """What the article has established so far."""

    last_actor: Actor | None = None
    dateline: Actor | None = None
    counts: Counter = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)
    last_instrument: object | None = None
    institutions: list[tuple[int, str, Actor]] = field(default_factory=list)
    acted: Counter = field(default_factory=Counter)    # records so far, by actor country

    @classmethod
    def of(cls, mentions: Mentions) -> Discourse:
        """Count the named countries of a document, find its dateline and whose institutions
        its generic mentions name ("China's commerce ministry" makes "the ministry" Chinese)."""
        state = cls()
        for party in mentions.parties:
            country = party.rule.country
            if party.rule.generic:
                owner = _named_owner(party, mentions)
                if owner is not None:
                    state.institutions.append((party.start, party.root.lemma_.lower(), owner))
            elif country is not None and party.rule.id.endswith(".institution"):
                # "the European Commission" makes a later "the Commission" European
                state.institutions.append((party.start, party.root.lemma_.lower(),
                                           Actor(country, party.span.text, "institution")))
            if country is None:
                continue
            state.counts[country] += 1
            state.first_seen.setdefault(country, party.start)
            if state.dateline is None and is_dateline(party):
                state.dateline = Actor(country, party.span.text, "dateline")
        return state

    def institution(self, party: Mention) -> Actor | None:
        """The country a generic institution belongs to: its nearest named mention, earlier first
        (a later one only when the story has no dateline)."""
        key = party.root.lemma_.lower()
        same = [(start, actor) for start, k, actor in self.institutions if k == key]
        before = [item for item in same if item[0] <= party.start]
        # a later mention ("China's commerce ministry said ...") tells less than the dateline
        chosen = before[-1] if before else (same[0] if same and self.dateline is None else None)
        return Actor(chosen[1].country, party.span.text, "institution") if chosen else None

    def salient(self, exclude: set[str] = frozenset()) -> list[str]:
        """Countries by how often they are named, earliest first on ties."""
        ranked = sorted(self.counts, key=lambda c: (-self.counts[c], self.first_seen[c]))
        return [c for c in ranked if c not in exclude]

    def main_actor(self) -> str | None:
        """The country that has acted most so far, else the most named one."""
        if self.acted:
            return self.acted.most_common(1)[0][0]
        ranked = self.salient()
        return ranked[0] if ranked else None

    def fallback(self) -> Actor | None:
        """The actor of the discourse when a sentence names none."""
        if self.last_actor is not None:
            return Actor(self.last_actor.country, self.last_actor.text, "previous")
        if self.dateline is not None:
            return self.dateline
        ranked = self.salient()
        return Actor(ranked[0], ranked[0], "document") if ranked else None


def _named_owner(party: Mention, mentions: Mentions) -> Actor | None:
    """The named country inside a generic institution's phrase ("the Chinese commerce ministry")."""
    head = party.root
    tokens = [t for t in head.subtree if t.i < party.start or party.end <= t.i]
    tokens += [t for t in head.head.children if t.dep_ == "poss"] if head.dep_ == "compound" else []
    for token in tokens:
        named = mentions.at(mentions.parties, token.i)
        if named is not None and named.rule.country is not None:
            return Actor(named.rule.country, named.span.text, "institution")
    return None


def _is_joint_subject(token: Token) -> bool:
    """"both sides", "the two countries": a subject standing for both parties to a deal."""
    return token.lemma_.lower() in JOINT_SUBJECT_LEMMAS and any(
        c.lower_ in {"both", "two"} for c in token.children)


# Prepositions whose object is where goods go or come from, or whom a measure aims at: a
# party there is no actor ("shipments to members such as Belarus would be exempt").
TARGET_PREPOSITIONS = frozenset({"to", "from", "into", "against", "on", "toward", "towards", "with", "as",
                                 "including", "like"})


def _without_clauses(head: Token) -> list[Token]:
    """A subject phrase without its clauses and its destination or target phrases: "cargoes
    that leave U.S. ports" and "shipments to Belarus" name no actor, "a spokesman for the
    ministry" does."""
    clauses = [child for child in head.subtree if child.i != head.i and (
        child.dep_ in {"relcl", "acl"} or child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS)]
    inside = {token.i for clause in clauses for token in clause.subtree}
    return [token for token in head.subtree if token.i not in inside]


def _sentence_subject_party(anchor: Token, sent: Span, mentions: Mentions) -> Mention | None:
    """A named party that is the subject of a verb governing the trigger ("Beijing said it would...")."""
    for ancestor in anchor.ancestors:
        for child in ancestor.children:
            if child.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            for token in _without_clauses(child):
                party = mentions.at(mentions.parties, token.i)
                if party is not None and (party.rule.country is not None or party.rule.generic):
                    return party
    return None


def _fronted_location(anchor: Token, sent: Span, mentions: Mentions) -> Mention | None:
    """A country in a locative phrase that opens the sentence and governs the trigger ("In
    Kazakhstan, the ministry ..."): where the unnamed office sits."""
    for party in in_sentence(mentions.parties, sent):
        prep = party.root.head
        if party.rule.country is not None and party.root.dep_ == "pobj" and prep.lower_ == "in" \
                and prep.i < anchor.i and prep.i - sent.start <= 2 and prep.head in {anchor, *anchor.ancestors}:
            return party
    return None


def resolve_actors(link, sent: Span, mentions: Mentions, discourse: Discourse) -> list[Actor]:
    """The parties that act in a link: from the parse, else from context."""
    named = [p for p in link.actor_parties if p.rule.country is not None]
    if named:
        source = link.actor_source
        return _unique([Actor(p.rule.country, p.span.text, source) for p in named])
    token = link.actor_token
    if token is not None and _is_joint_subject(token):
        return [Actor(country, token.text, "joint") for country in discourse.salient()[:2]]
    if token is not None and mentions.at(mentions.parties, token.i) is None and _is_foreign_name(token, link):
        return []    # a company or a person the patterns do not know: not a jurisdiction
    if link.actor_source == "agent" and token is not None and mentions.at(mentions.parties, token.i) is None \
            and token.pos_ not in {"PRON", "PROPN"} and not _is_office(token):
        return []    # "imposed by the give and take of politics": no state acts
    if token is not None and token.lower_ in PERSON_PRONOUNS:
        person = _last_person(token, mentions, discourse.main_actor())
        if person is not None:     # "he threatened to restore tariffs": the leader named last
            return [Actor(person.rule.country, token.text, "previous")]
    if token is not None and _is_office(token):
        located = _fronted_location(link.trigger.root, sent, mentions)
        if located is not None:     # "In neighbouring Kazakhstan, the energy ministry prolonged ..."
            return [Actor(located.rule.country, located.span.text, "sentence")]
    party = _sentence_subject_party(link.trigger.root, sent, mentions)
    if party is not None and party.rule.country is not None and (token is None or token.i != party.root.i):
        return [Actor(party.rule.country, party.span.text, "sentence")]
    generic = next((p for p in link.actor_parties if p.rule.generic), None)
    if generic is None and party is not None and party.rule.generic:
        generic = party     # "the ministry said it would ...": the ministry's country
    if generic is not None:
        owner = discourse.institution(generic)
        if owner is not None:
            return [owner]
        if discourse.dateline is not None:
            return [discourse.dateline]     # "the ministry" in wire copy is the dateline's
        main = discourse.main_actor()
        if main is not None:
            return [Actor(main, generic.span.text, "document")]
    fallback = discourse.fallback()
    return [fallback] if fallback is not None else []


# Words that make a named subject an office of state ("Mines Minister Winston Chitando",
# "the ARECOMS regulator", "the Directorate General of Foreign Trade"), not a company.
OFFICE_WORDS = frozenset({
    "minister", "ministry", "president", "premier", "chancellor", "secretary", "official", "spokesman",
    "spokeswoman", "spokesperson", "governor", "commissioner", "representative", "ambassador", "regulator",
    "authority", "agency", "commission", "council", "office", "bureau", "customs", "government",
    "administration", "department", "directorate", "parliament", "senate", "congress", "cabinet", "king",
    "leader", "envoy", "negotiator", "senator", "lawmaker", "court", "tribunal", "assembly",
})


PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})


def _last_person(pronoun: Token, mentions: Mentions, main: str | None) -> Mention | None:
    """The leader a personal pronoun stands for: of those named before it, the last one of the
    country the article is mostly about, else the last named as a subject, else the last."""
    people = [p for p in mentions.parties if p.rule.id.endswith(".leader") and p.start < pronoun.i]
    subjects = [p for p in people if p.root.dep_ in {"nsubj", "nsubjpass"}
                or p.root.head.dep_ in {"nsubj", "nsubjpass"} and p.root.dep_ in {"compound", "appos", "flat"}]
    salient = [p for p in subjects if p.rule.country == main]
    chosen = salient or subjects or people
    return chosen[-1] if chosen else None


def _is_office(token: Token) -> bool:
    return bool({t.lemma_.lower() for t in token.subtree} & OFFICE_WORDS)


def _is_foreign_name(token: Token, link) -> bool:
    """A named subject that is no party: "Nvidia halted sales" is not a state measure;
    a minister or an agency the patterns do not know stands for the state in context."""
    if token.lower_ in PRONOUNS or link.actor_parties:
        return False
    phrase = {t.lemma_.lower() for t in token.subtree} | {t.lemma_.lower() for t in token.children}
    if phrase & OFFICE_WORDS:
        return False
    return token.ent_type_ in {"ORG", "PERSON"} or token.pos_ == "PROPN"


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, out = set(), []
    for actor in actors:
        if actor.country not in seen:
            seen.add(actor.country)
            out.append(actor)
    return out

