"""Dependency-tree helpers shared by linking, dates and modality.

Distances between tokens are counted along the dependency tree, with prepositions and
"pass-through" nouns (``enforcement`` in "delay enforcement of tariffs") costing nothing,
so that "suspension of tariffs" and "tariff suspension" are equally close.
"""

from __future__ import annotations

from spacy.tokens import Token

FAR = 99

# Nouns that stand between an action and the measure it acts on.
PASS_THROUGH = frozenset({
    "implementation", "enforcement", "imposition", "application", "collection", "rule",
    "measure", "part", "set", "package", "scope", "coverage", "portion", "some", "all",
    "most", "certain", "number", "list", "round", "regime", "system", "batch",
})


def edge_cost(token: Token) -> int:
    """Cost of the edge from a token to its head."""
    if token.dep_ in {"prep", "agent", "case", "det", "punct", "cc", "aux", "auxpass"}:
        return 0
    if token.lemma_.lower() in PASS_THROUGH:
        return 0
    if token.dep_ in {"conj", "appos"} and token.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}:
        return 0    # "gallium, germanium and antimony" are equally close to what governs them
    return 1


def _climb(token: Token) -> dict[int, int]:
    """Cost from a token to each of its ancestors (itself included, at 0)."""
    costs = {token.i: 0}
    cost = 0
    while token.head.i != token.i:
        cost += edge_cost(token)
        token = token.head
        costs[token.i] = cost
    return costs


def path_cost(a: Token, b: Token) -> int:
    """Tree distance between two tokens of one sentence; FAR across sentences."""
    if a.sent.start != b.sent.start:
        return FAR
    up = _climb(a)
    cost = 0
    while b.i not in up:
        if b.head.i == b.i:
            return FAR
        cost += edge_cost(b)
        b = b.head
    return cost + up[b.i]


def is_ancestor(ancestor: Token, token: Token) -> bool:
    """True when ``ancestor`` dominates ``token`` (a token does not dominate itself)."""
    return any(a.i == ancestor.i for a in token.ancestors)


def in_subtree(root: Token, token: Token) -> bool:
    return token.i == root.i or is_ancestor(root, token)


CLAUSE_DEPS = frozenset({"advcl", "ccomp", "parataxis"})


def in_arguments(root: Token, token: Token) -> bool:
    """Whether a token is in a word's own arguments: its subtree less the clauses and
    coordinated verbs hanging from it ("added firms to its list, and opened a probe into X")."""
    current = token
    while current.i != root.i:
        if current.head.i == current.i:
            return False
        if current.dep_ in CLAUSE_DEPS or current.dep_ == "conj" and current.pos_ in {"VERB", "AUX"}:
            return False
        current = current.head
    return True


def noun_phrase_tokens(head: Token) -> list[Token]:
    """The head with its left modifiers and "of"/"in" complements: "the Ministry of Commerce of
    China", "the government in Jakarta"."""
    tokens = [t for t in head.subtree if t.i <= head.i and head.left_edge.i <= t.i]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in {"of", "in"}:
            tokens.extend(child.subtree)
        elif child.dep_ in {"compound", "flat", "appos"} and child.pos_ == "PROPN":
            tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The subject that acts for a verb, and whether it came through a passive agent.

    Climbs through open complements and coordination ("agreed to reduce ... and delay"),
    and takes the agent of a passive ("were imposed by Beijing"). Returns (None, False) for
    a bare passive or a verb with no subject in reach.
    """
    current = verb
    for _ in range(6):
        agent = next((c for c in current.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None and not _is_amount(pobj):    # "extended by three months" has no agent
            return pobj, True
        subject = next((c for c in current.children if c.dep_ in {"nsubj", "csubj"}), None)
        if subject is not None:
            return subject, False
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return None, False
        if current.dep_ in {"xcomp", "ccomp"} and current.head.lemma_.lower() in OBJECT_CONTROL:
            controller = next((c for c in current.head.children if c.dep_ == "dobj" and c.i < current.i), None)
            if controller is not None:      # "led TSMC to halt shipments": the object acts
                return controller, False
        if current.dep_ in {"xcomp", "conj", "advcl", "pcomp", "dep"} and current.head.i != current.i:
            current = current.head
            continue
        return None, False
    return None, False


# Verbs whose object, not their subject, does what their complement says ("led TSMC to halt").
OBJECT_CONTROL = frozenset({"lead", "force", "allow", "ask", "order", "push", "urge", "require", "permit",
                            "let", "prompt", "cause", "compel", "persuade", "encourage", "tell", "pressure"})


def _is_amount(token: Token) -> bool:
    """A length of time or a quantity ("by three months", "by 10 percentage points")."""
    return token.ent_type_ in {"DATE", "TIME", "CARDINAL", "PERCENT", "QUANTITY", "MONEY"} or any(
        c.dep_ == "nummod" for c in token.children)
