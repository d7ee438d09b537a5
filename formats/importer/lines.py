"""What one line of a bulletin is: a section heading, a footer line, an attribution, a title line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import names_a_unit
from .masthead import NUMERAL
from .structure import COPY, DISTRIBUTE, REPORT

HEADING = re.compile(r"^【\s*([^【】]+?)\s*】$")
# 本期报送：… 本期印发：… 抄送：…, or short: 报：… 送：… 发：… (spaces allowed inside the word: 抄 送：)
FOOTER = re.compile(r"^(?:本\s*期\s*)?(报\s*送|印\s*发|抄\s*送|报|送|发)\s*[：:]\s*(.*)$")
# Where a second footer line shares a printed line with the first (报：省总工会　　送：市总各部室):
# blank space, then a footer word and its colon (not the space inside 抄 送：).
FOOTER_SPLIT = re.compile(
    r"(?<![报印抄期本])\s+(?=(?:本\s*期\s*)?(?:报\s*送|印\s*发|抄\s*送|报|送|发)\s*[：:])"
)
FOOTER_WORDS = {"报送": REPORT, "印发": DISTRIBUTE, "抄送": COPY, "报": REPORT, "送": COPY, "发": DISTRIBUTE}
COPIES = re.compile(rf"[（(]?\s*共印\s*[：:]?\s*({NUMERAL})\s*份\s*[）)]?")
# A line under a title such as ——记…, —记…, ──…: dashes, then words.
SUBTITLE = re.compile(r"^[—―─━－-]{1,4}\s*[^—―─━－\-\s]")
# A line that only draws a rule: ———— ━━━━ ---- ====
RULE = re.compile(r"^[-—―─━=＝_＿~～*＊·•.。\s]{3,}$")
# An attribution closing a line: full- or half-width parentheses, nothing after them.
_TRAILING_PARENTHESES = re.compile(r"[（(]\s*([^（）()]{1,60}?)\s*[）)]$")
# What may come right before an attribution that ends a paragraph (besides spaces).
_ENDS_SENTENCE = set("。！？!?…”’」』）)》.；;")
# A title line never ends like a sentence or a clause.
_ENDS_CLAUSE = set("。！？!?；;：:，,、…")
# Items of a list inside an article body: 一、 （一） 1. 1、 第一，
_ENUMERATED = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．]|第[一二三四五六七八九十]+[，、])"
)
_SENTENCE_INSIDE = re.compile(r"[。；;]")

TITLE_LINE_MAX = 40
PARAGRAPH_INDENT_MAX = 5


@dataclass(frozen=True)
class Attribution:
    text: str  # the paragraph before it, stripped; empty when the attribution stands alone
    byline: str
    # Glued to a paragraph that does not end a sentence (…等政策（太仓市总工会）): taken as the
    # attribution only where the article ends there.
    weak: bool = False


def is_short_footer(line: str) -> bool:
    """A footer line written with one word and no 本期 (报：…, 送：…, 发：…): an article paragraph may
    begin the same way (发：动员通知后…), so it counts only where the footer can begin."""
    found = FOOTER.match(line)
    return bool(found) and len(re.sub(r"\s", "", found[1])) == 1 and not line.startswith("本")


def is_footer_like(line: str) -> bool:
    """A footer line in any of its forms, or the copies line."""
    return bool(FOOTER.match(line) or COPIES.fullmatch(line))


def ends_like_article(line: str) -> bool:
    """Ends as a paragraph or an article does (a full stop, an attribution), never as a footer line."""
    return line[-1:] in set("。！？!?") or trailing_attribution(line) is not None


_OPENS, _CLOSES = "“‘「『《（(", "”’」』》）)"


def split_lead(text: str) -> tuple[str, str] | None:
    """A brief split into its lead sentence (the title) and the rest: the lead ends at the first
    。, ！ or ？ outside quotes and brackets (the ！ or ？ stays with the title, the 。 does not); at
    the first 。 anywhere where the quotes do not pair up. None when there is no such mark."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENS:
            depth += 1
        elif char in _CLOSES:
            depth = max(0, depth - 1)
        elif depth == 0 and char in "。！？":
            return (text[:index] if char == "。" else text[: index + 1]), text[index + 1 :]
    lead, stop, rest = text.partition("。")
    return (lead, rest) if stop else None


def could_continue_footer(line: str) -> bool:
    """A line that may be the rest of a footer line's recipient list (wrapped in a table cell or
    at the page edge): no heading, no sentence, no attribution."""
    return (
        not HEADING.match(line)
        and not ends_like_article(line)
        and not _SENTENCE_INSIDE.search(line)
        and len(line) <= TITLE_LINE_MAX
    )


def footer_kind(word: str) -> str:
    """The footer kind (报送, 印发, 抄送) a footer word such as 发 or 抄 送 stands for."""
    return FOOTER_WORDS[re.sub(r"\s", "", word)]


def clean(raw: str) -> str:
    """A line without its surrounding spaces (full-width ones included) and stray BOMs."""
    return raw.replace("\ufeff", "").strip()


def _looks_like_attribution(byline: str) -> bool:
    if any(word in byline for word in ("来稿", "供稿", "通讯员", "记者", "编辑部")):
        return True
    parts = [part.strip() for part in byline.split("、") if part.strip()]
    return bool(parts) and all(names_a_unit(part) for part in parts)


def trailing_attribution(line: str) -> Attribution | None:
    """The attribution ending ``line``, if it has one: alone on the line, or after the last sentence
    (after spaces or after sentence-final punctuation), or — weakly — glued to the last word."""
    found = _TRAILING_PARENTHESES.search(line)
    if not found:
        return None
    byline = found[1].strip()
    if not byline or re.search(r"[。，；！？,;!?]", byline):
        return None
    before = line[: found.start()]
    stripped = before.rstrip()
    if stripped and stripped == before and stripped[-1] not in _ENDS_SENTENCE:
        if not _looks_like_attribution(byline):
            return None
        return Attribution(text=stripped, byline=byline, weak=True)
    return Attribution(text=stripped, byline=byline)


def indent_width(raw: str) -> int:
    """Leading blank space in half-width columns (a full-width space or a tab counts more)."""
    width = 0
    for char in raw.replace("\ufeff", ""):
        if char == "\u3000":
            width += 2
        elif char == "\t":
            width += 4
        elif char.isspace():
            width += 1
        else:
            break
    return width


def is_indented(raw: str) -> bool:
    """Indented like a paragraph (two to five columns: "　　", four spaces); a title pushed far right
    to look centred is not."""
    return 2 <= indent_width(raw) <= PARAGRAPH_INDENT_MAX


def could_continue_title(raw: str) -> bool:
    """A short line, not indented, not ending like a sentence: the second line of a wrapped title."""
    line = clean(raw)
    return (
        0 < len(line) <= TITLE_LINE_MAX
        and line[-1] not in _ENDS_CLAUSE
        and not is_indented(raw)
        and not _ENUMERATED.match(line)
        and not _SENTENCE_INSIDE.search(line)
        and trailing_attribution(line) is None
    )


def ends_sentence(line: str) -> bool:
    return bool(line) and line[-1] in _ENDS_SENTENCE
