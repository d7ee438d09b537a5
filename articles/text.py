"""Plain-text helpers over stored article HTML."""

import html
import re

from django.utils.html import strip_tags

_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_BLOCK_END = re.compile(r"</(p|h2|h3|li|td|th|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body: str) -> str:
    """The text of an HTML body, one line per block, entities decoded."""
    text = _BLOCK_END.sub("\n", body or "")
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def word_count(body: str) -> int:
    """字数 as Chinese offices count it: every CJK character is one, every run of Latin letters or
    digits (a word or a number such as 2026 or 12.5) is one; punctuation is not counted."""
    text = plain_text(body)
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(_CJK_CHAR.sub(" ", text)))
