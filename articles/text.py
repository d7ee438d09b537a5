"""Plain-text helpers over stored article HTML."""

import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

# The one size limit of an article body, on every path that writes one (desk and admin forms, Word
# import, archive import, services). A bulletin article is a few thousand characters and the longest
# reports run to some 20,000; 50,000 characters of text leave room for any real article. Markup
# (tables, headings, image tags) rarely triples the text, so 200,000 characters of HTML leave room
# for a formatted one. At the limit a body is at most ~600 KB in UTF-8, and so is each revision,
# which stores a full copy.
MAX_BODY_HTML = 200_000
MAX_BODY_TEXT = 50_000

_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_BLOCK_END = re.compile(r"</(p|h2|h3|li|td|th|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body: str) -> str:
    """The text of an HTML body, one line per block, entities decoded."""
    text = _BLOCK_END.sub("\n", body or "")
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


def body_too_long(body: str) -> str | None:
    """The Chinese sentence that refuses a body over the limit, naming it; None when it fits. The
    HTML length is checked first, so an oversized body is refused before it is parsed."""
    body = body or ""
    if len(body) > MAX_BODY_HTML:
        return _(
            "The article's text with its formatting is %(length)s characters long; at most %(limit)s "
            "are allowed. Remove surplus formatting or split the article."
        ) % {"length": f"{len(body):,}", "limit": f"{MAX_BODY_HTML:,}"}
    length = len(plain_text(body))
    if length > MAX_BODY_TEXT:
        return _(
            "The article's text is %(length)s characters long; at most %(limit)s are allowed. "
            "Split it into several articles."
        ) % {"length": f"{length:,}", "limit": f"{MAX_BODY_TEXT:,}"}
    return None


def word_count(body: str) -> int:
    """字数 as Chinese offices count it: every CJK character is one, every run of Latin letters or
    digits (a word or a number such as 2026 or 12.5) is one; punctuation is not counted."""
    text = plain_text(body)
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(_CJK_CHAR.sub(" ", text)))


_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"}


def body_blocks(body: str) -> list[str]:
    """The body's top-level blocks (paragraphs, headings, figures, lists, tables) as HTML strings, in
    order: what a paragraph comment points at by its index. Loose text between blocks is a block of
    its own. The body is sanitised HTML, so tags are balanced."""
    from html.parser import HTMLParser

    source = body or ""
    line_starts = [0]
    for index, char in enumerate(source):
        if char == "\n":
            line_starts.append(index + 1)

    blocks: list[str] = []

    class Splitter(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=False)
            self.depth = 0
            self.start = None

        def _offset(self):
            line, column = self.getpos()
            return line_starts[line - 1] + column

        def handle_starttag(self, tag, attrs):
            if self.depth == 0:
                self.start = self._offset()
            if tag in _VOID:
                if self.depth == 0:
                    blocks.append(self.get_starttag_text())
                return
            self.depth += 1

        def handle_startendtag(self, tag, attrs):
            if self.depth == 0:
                blocks.append(self.get_starttag_text())

        def handle_endtag(self, tag):
            if tag in _VOID or self.depth == 0:
                return
            self.depth -= 1
            if self.depth == 0 and self.start is not None:
                end = source.find(">", self._offset()) + 1
                blocks.append(source[self.start : end])
                self.start = None

        def _loose(self, text):
            if self.depth == 0 and text.strip():
                blocks.append(text.strip())

        def handle_data(self, data):
            self._loose(data)

        def handle_entityref(self, name):
            self._loose(f"&{name};")

        def handle_charref(self, name):
            self._loose(f"&#{name};")

    splitter = Splitter()
    splitter.feed(source)
    splitter.close()
    return blocks


def validate_body_length(body: str) -> None:
    """``body_too_long`` as a form field validator (the article forms of the admin and the desk)."""
    from django.core.exceptions import ValidationError

    problem = body_too_long(body)
    if problem:
        raise ValidationError(problem, code="too_long")
