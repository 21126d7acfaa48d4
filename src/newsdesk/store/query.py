"""The search query language, and its translation to SQLite FTS5 and PostgreSQL tsquery.

One syntax for both back ends::

    ceasefire talks            both words (AND is implicit)
    ceasefire OR truce         either
    ceasefire -Gaza            NOT: the first without the second (also: ceasefire NOT Gaza)
    "peace talks"              the phrase
    negotiat*                  a prefix
    (ceasefire OR truce) Kabul grouping

User words never reach the engine's own syntax: each is quoted (FTS5) or passed as a bound
parameter (PostgreSQL), so punctuation such as 'U.S.' or a stray quote cannot break a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..errors import UnsupportedInput

_TOKEN = re.compile(r'"([^"]*)"?|(\()|(\))|(-)?([^\s()"]+)')


@dataclass
class Term:
    words: list[str]     # one word, or a phrase, as FTS5 tokenises it ('U.S.' -> ['U', 'S'])
    raw: str             # as typed: PostgreSQL's parser has its own idea of 'U.S.'
    prefix: bool = False


@dataclass
class Not:
    node: "Node"


@dataclass
class Op:
    kind: str            # 'and' | 'or'
    items: list["Node"]


Node = Union[Term, Not, Op]


def parse(query: str) -> Node:
    """Parse a query; raises a user-facing error for an empty or unbalanced one."""
    tokens = _tokens(query)
    if not tokens:
        raise _error(query, "the query is empty; give at least one word")
    node, rest = _or(tokens, query)
    if rest:
        raise _error(query, "unbalanced ')'")
    _check_positive(node, query)
    return node


def _tokens(query: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for match in _TOKEN.finditer(query):
        phrase, opening, closing, minus, word = match.groups()
        if phrase is not None:
            words = re.findall(r"\w+", phrase)
            if words:
                out.append(("term", Term(words, phrase)))
        elif opening:
            out.append(("(", None))
        elif closing:
            out.append((")", None))
        elif word in ("AND", "OR", "NOT") and not minus:
            out.append((word, None))
        else:
            prefix = word.endswith("*")
            words = re.findall(r"\w+", word)
            if words:
                term = Term([words[0]] if prefix else words, word.rstrip("*"), prefix=prefix)
                out.append(("term", Not(term) if minus else term))
    return out


def _or(tokens: list, query: str) -> tuple[Node, list]:
    items = []
    node, tokens = _and(tokens, query)
    items.append(node)
    while tokens and tokens[0][0] == "OR":
        node, tokens = _and(tokens[1:], query)
        items.append(node)
    return (items[0] if len(items) == 1 else Op("or", items)), tokens


def _and(tokens: list, query: str) -> tuple[Node, list]:
    items = []
    while tokens and tokens[0][0] not in ("OR", ")"):
        kind, value = tokens[0]
        if kind == "AND":
            tokens = tokens[1:]
            continue
        if kind == "NOT":
            node, tokens = _unit(tokens[1:], query)
            items.append(Not(node))
            continue
        node, tokens = _unit(tokens, query)
        items.append(node)
    if not items:
        raise _error(query, "an operator has nothing on one side")
    return (items[0] if len(items) == 1 else Op("and", items)), tokens


def _unit(tokens: list, query: str) -> tuple[Node, list]:
    if not tokens:
        raise _error(query, "the query ends with an operator")
    kind, value = tokens[0]
    if kind == "(":
        if len(tokens) == 1 or tokens[1][0] == ")":
            raise _error(query, "unbalanced or empty '('")
        node, rest = _or(tokens[1:], query)
        if not rest or rest[0][0] != ")":
            raise _error(query, "unbalanced '('")
        return node, rest[1:]
    if kind == "term":
        return value, tokens[1:]
    raise _error(query, f"unexpected '{kind}'")


def _check_positive(node: Node, query: str) -> None:
    """Every AND group needs a positive part: 'NOT x' alone would mean 'every sentence but'."""
    if isinstance(node, Not):
        raise _error(query, "a query needs at least one word that is not negated")
    if isinstance(node, Op):
        if node.kind == "and" and all(isinstance(i, Not) for i in node.items):
            raise _error(query, "a query needs at least one word that is not negated")
        for item in node.items:
            if node.kind == "or" and isinstance(item, Not):
                raise _error(query, "'OR' cannot join a negated word; write 'a -b' or 'a NOT b'")
            if not isinstance(item, Not):
                _check_positive(item, query)
            elif isinstance(item.node, Op):
                _check_positive(item.node, query)


def to_fts5(node: Node) -> str:
    """The FTS5 MATCH expression (every word quoted)."""
    if isinstance(node, Term):
        quoted = '"' + " ".join(w.replace('"', '""') for w in node.words) + '"'
        return quoted + ("*" if node.prefix else "")
    if isinstance(node, Not):
        return to_fts5(node.node)
    if node.kind == "or":
        return "(" + " OR ".join(to_fts5(i) for i in node.items) + ")"
    positive = [to_fts5(i) for i in node.items if not isinstance(i, Not)]
    negative = [to_fts5(i) for i in node.items if isinstance(i, Not)]
    # FTS5's NOT is binary ('a NOT b'): negatives follow the positive group.
    return "(" + " AND ".join(positive) + ")" + "".join(f" NOT {n}" for n in negative)


def to_tsquery(node: Node) -> tuple[str, list[str]]:
    """A PostgreSQL tsquery SQL expression with '?' parameters, and the parameters."""
    if isinstance(node, Term):
        if node.prefix:
            return "to_tsquery('english', ?)", [f"{node.words[0]}:*"]
        return "phraseto_tsquery('english', ?)", [node.raw]
    if isinstance(node, Not):
        sql, params = to_tsquery(node.node)
        return f"(!! {sql})", params
    parts = [to_tsquery(i) for i in node.items]
    joiner = " || " if node.kind == "or" else " && "
    return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def _error(query: str, detail: str) -> UnsupportedInput:
    return UnsupportedInput(f"search query '{query}'", detail)
