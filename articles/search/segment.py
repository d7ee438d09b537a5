"""Cutting an unspaced Chinese query into words, for when it has no exact match (issue 22).

``职工技能竞赛获奖`` finds nothing as one phrase when an article says 职工技能竞赛 in one place and
获奖 in another; cut into 职工 / 技能 / 竞赛 / 获奖 it finds the articles holding all four. The cutting
is jieba's (rjieba, the Rust jieba-rs), with the names and short names of the contributing units added
to its dictionary so that 张家港市总工会 stays one word. Units are read on each cut (one small query,
only on the fallback path), so a unit added in another process is known without a restart.
"""

import re
import threading

import rjieba

from .query import MAX_TERMS, SearchQuery
from .text import fold

# Characters jieba may hand back that are no word: spaces and punctuation.
_WORD = re.compile(r"\w")
# A name added to the dictionary outranks the general vocabulary's splits of it.
_NAME_FREQUENCY = 100_000

_lock = threading.Lock()
_segmenter: rjieba.Jieba | None = None
_names: set[str] = set()


def _unit_names() -> set[str]:
    from contributors.models import Unit

    names = set()
    for name, short_name in Unit.objects.values_list("name", "short_name"):
        names.update(fold(value) for value in (name, short_name) if value and len(value) > 1)
    return names


def _jieba() -> rjieba.Jieba:
    """The process's segmenter, with every unit name known so far in its dictionary."""
    global _segmenter
    names = _unit_names()
    with _lock:
        if _segmenter is None:
            _segmenter = rjieba.Jieba()
        for name in names - _names:
            _segmenter.add_word(name, _NAME_FREQUENCY, None)
            _names.add(name)
        return _segmenter


def words(text: str) -> list[str]:
    """The words of two characters or more of ``text``, in order, each once. One-character words
    (的, 和, 在, or the characters of a name jieba does not know: 祥华 → 祥 / 华) are left out: as a
    required word each would match nearly everything, exclude articles for a particle, and cost a
    scan of the newest articles."""
    found: list[str] = []
    for word in _jieba().cut(text, False):
        word = word.strip()
        if len(word) > 1 and _WORD.search(word) and word not in found:
            found.append(word)
    return found


def segmentable(query: SearchQuery) -> bool:
    """One unquoted word typed without spaces: a phrase the person may not have meant as one."""
    return (
        len(query.terms) == 1
        and not query.dropped_terms
        and not any(character in query.text for character in '"“”')
        and not any(character.isspace() for character in query.text)
    )


def segment(query: SearchQuery) -> SearchQuery | None:
    """``query`` as its separate words, or None when it is not one unspaced word or does not cut into
    two words of two characters or more."""
    if not segmentable(query):
        return None
    parts = [word for word in words(query.terms[0]) if word]
    if len(parts) < 2:
        return None
    dropped = max(0, len(parts) - MAX_TERMS)
    return SearchQuery(
        text=query.text, terms=tuple(parts[:MAX_TERMS]), truncated=query.truncated, dropped_terms=dropped
    )
