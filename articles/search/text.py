"""The searchable text of an article and the folding applied to it and to queries alike.

Folding maps ASCII letters to lower case and full-width letters and digits (Ａ, １) to ASCII, one
character for one character: a position in folded text is the same position in the original, so
matches found in folded text can be highlighted in the text as written.
"""

import re

from articles.text import plain_text

# Full-width digits and letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A) to ASCII.
_FULLWIDTH = {
    code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}


_HAS_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold(text: str) -> str:
    """Case- and width-fold ``text`` without changing its length."""
    if _HAS_FULLWIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A handful of characters (e.g. "İ") lower to two: keep those as they are.
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


def search_text(*, title: str, byline: str, body: str, units: str = "") -> str:
    """The folded text an article is found by: its title (first, so a position within the title's
    length is a match in the title), its attribution, the names of its units (``Article.search_units``)
    and its body without tags. One column holds it all, so that a word naming a unit is matched by the
    same index as any other word (no OR over a join)."""
    return fold("\n".join((title or "", byline or "", units or "", plain_text(body or ""))))


def unit_names(rows) -> str:
    """``Article.search_units`` from ``(name, short_name)`` pairs: each distinct name once, joined with
    the enumeration comma (the way attributions list units)."""
    names: list[str] = []
    for name, short_name in rows:
        for value in (name, short_name):
            if value and value not in names:
                names.append(value)
    return "、".join(names)
