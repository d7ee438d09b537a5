"""Highlighted, HTML-escaped excerpts. Text is escaped piece by piece and the ``<mark>`` tags are ours:
nothing from the article or the query reaches the page unescaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import fold

SNIPPET_LENGTH = 120
LEAD = 24  # characters of context kept before the first match
ELLIPSIS = "…"


def match_spans(text: str, terms) -> list[tuple[int, int]]:
    """Where ``terms`` (folded) occur in ``text``, as merged, sorted ``(start, end)`` spans."""
    folded = fold(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans, offset: int = 0) -> str:
    out, cursor = [], 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if end <= 0 or start >= len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


def highlight(text: str, terms) -> SafeString:
    """All of ``text``, escaped, with every match of ``terms`` in ``<mark>``."""
    text = text or ""
    return mark_safe(_render(text, match_spans(text, terms)))  # noqa: S308  every piece escaped


def _best_window(spans, terms_text: str, terms, length: int) -> int:
    """The start of the window of ``length`` that shows the most distinct terms (earliest wins)."""
    best_start, best_seen = 0, -1
    for start, _end in spans:
        window_start = max(start - LEAD, 0)
        window = terms_text[window_start : window_start + length]
        seen = sum(1 for term in terms if term in window)
        if seen > best_seen:
            best_start, best_seen = window_start, seen
    return best_start


def snippet(text: str, terms, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the matches, escaped, matches in ``<mark>``;
    the opening of the text when nothing matches in it."""
    text = " ".join((text or "").split())
    spans = match_spans(text, terms)
    start = _best_window(spans, fold(text), terms, length) if spans else 0
    end = min(start + length, len(text))
    window = text[start:end]
    visible = [(s, e) for s, e in spans if e > start and s < end]
    html = _render(window, visible, offset=start)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308  every piece escaped
