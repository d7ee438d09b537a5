"""Parsing what a person typed into search terms.

Space-separated words are ANDed; text in quotes ("…" or “…”) is one phrase. Every term is a literal
substring: no character has a meaning to the database (``*``, ``%``, ``_``, ``\\``, ``NEAR`` …), the
backends escape for LIKE and quote for FTS5.
"""

import re
from dataclasses import dataclass

from .text import fold

# Longer input is cut (with a note on the page): nobody types more, and every term costs a pass.
MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# Terms this long use the trigram indexes; shorter ones need a scan on SQLite (PostgreSQL has a
# bigram index for two-character ones).
INDEXED_TERM_LENGTH = 3

_TOKEN = re.compile(r'"([^"]*)"?|“([^”]*)”?|(\S+)')


@dataclass(frozen=True)
class SearchQuery:
    text: str  # what to echo back into the search box (after shortening)
    terms: tuple[str, ...] = ()  # folded, distinct, none contained in another
    truncated: bool = False  # the input was longer than MAX_QUERY_LENGTH
    dropped_terms: int = 0  # terms past MAX_TERMS, ignored

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def indexed_terms(self) -> tuple[str, ...]:
        return tuple(term for term in self.terms if len(term) >= INDEXED_TERM_LENGTH)

    @property
    def short_terms(self) -> tuple[str, ...]:
        return tuple(term for term in self.terms if len(term) < INDEXED_TERM_LENGTH)

    @property
    def needs_scan(self) -> bool:
        """No term is long enough for the trigram indexes (SQLite then scans; PostgreSQL answers
        two-character terms from its bigram index: see ``backends.needs_scan``)."""
        return bool(self.terms) and not self.indexed_terms


def parse_query(raw) -> SearchQuery:
    """``'劳模 "工资集体协商"'`` → terms ``('劳模', '工资集体协商')``. Never raises."""
    text = raw if isinstance(raw, str) else ""
    text = text.replace("\x00", "").strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH]
    terms: list[str] = []
    for match in _TOKEN.finditer(text):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        term = " ".join(quoted.split()) if quoted is not None else match.group(3)
        term = fold(term)
        if term and term not in terms:
            terms.append(term)
    # A term inside another adds nothing to an AND (劳模 in 全国劳模), and short ones cost a scan.
    terms = [term for term in terms if not any(term != other and term in other for other in terms)]
    dropped = max(0, len(terms) - MAX_TERMS)
    return SearchQuery(text=text, terms=tuple(terms[:MAX_TERMS]), truncated=truncated, dropped_terms=dropped)
