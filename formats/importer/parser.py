"""Plain text → ``ParsedBulletin``. No database: the caller says which sections are briefs and which
unit names already exist.

The layout, from top to bottom: an optional masthead; sections headed 【名称】; in a standard section,
articles made of a title (one or more short lines, blank lines allowed between them), paragraphs (one
line each) and an attribution in parentheses closing the last paragraph or alone on the next line; in
a briefs section, one paragraph per item whose lead sentence (up to the first 。) is the title; and
the footer: 本期报送：…, 本期印发：…, 抄送：… (or 报：… 发：… 送：…), 共印N份.

The variants real bulletins use — a mark such as 内部资料 above the masthead, a subtitle under a title
(——记…), attributions ending in 供稿, the short footer words — are read here and in the helper
modules (``masthead``, ``lines``, ``attribution``, ``filename``), so that every format's reader, which
turns its file into lines, gets the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from . import lines as L
from .attribution import unit_names
from .errors import BulletinImportError
from .filename import numbers_from_file_name
from .hints import LineHint, body_size
from .masthead import cjk_number, mark_words, parse_masthead
from .structure import FooterLine, Notice, ParsedArticle, ParsedBulletin, ParsedSection

STANDARD = "standard"
BRIEFS = "briefs"
# A section unknown to the database is read as briefs when its name says so.
_BRIEFS_NAME = re.compile(r"(简讯|快讯|短讯|简报摘编)$")
TITLE_LINES_MAX = 4


def join_title(parts: list[str]) -> str:
    """Title lines joined as one: no space between Chinese, one space between Latin words."""
    title = ""
    for part in parts:
        if title and title[-1].isascii() and title[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            title += " "
        title += part
    return title


@dataclass
class _Draft:
    """An article being read: its title lines so far, then its paragraphs."""

    line: int
    title_parts: list[str]
    paragraphs: list[str] = field(default_factory=list)
    last_line: int = 0
    subtitle: str | None = None
    # Whether the last paragraph was indented (　　…): the file sets paragraphs apart from titles.
    indented: bool = False


class _Parser:
    def __init__(
        self,
        *,
        layouts: Mapping[str, str],
        known_units: Collection[str],
        hints: Sequence[LineHint | None] | None = None,
    ):
        self.layouts = layouts
        self.known_units = known_units
        self.hints = hints
        self.body_size: float | None = None
        self.result = ParsedBulletin()
        self.section: ParsedSection | None = None
        self.draft: _Draft | None = None
        self.last_footer: FooterLine | None = None
        self.in_footer = False
        self.pending_brief: tuple[int, str] | None = None
        self.brief_title: tuple[int, str] | None = None
        self.following: dict[int, tuple[str, str]] = {}
        self.following_line: dict[int, int] = {}
        self.styled_titles = False
        self.footer_after: dict[int, bool] = {}
        self.heading_after: dict[int, bool] = {}

    # --- helpers ---------------------------------------------------------------------------------

    def warn(self, line: int, message: str) -> None:
        self.result.warnings.append(Notice(line=line, message=message))

    def hint(self, number: int) -> LineHint | None:
        if not self.hints or number > len(self.hints):
            return None
        return self.hints[number - 1]

    def set_as_title(self, number: int) -> bool | None:
        """What the look of a line (Word, PDF) says: a title (bold and centred, or centred in larger
        type than the body) or not; None for plain text, where only the words tell."""
        hint = self.hint(number)
        if hint is None:
            return None
        larger = bool(hint.size and self.body_size and hint.size > self.body_size + 0.5)
        return hint.centred and (hint.bold or larger)

    def masthead_line(self, number: int, line: str) -> str:
        """The publication's title printed large or red and spaced out (工  会  工  作  简  报) is
        one word: its spaces are letter spacing, not separators."""
        hint = self.hint(number)
        if hint is None or not hint.centred or not (hint.red or (hint.size or 0) >= 22):
            return line
        if re.search(r"[0-9０-９]|第.+期", line):
            return line
        return re.sub(r"\s+", "", line)

    def title_line(self, number: int, raw: str) -> bool:
        """Whether a line can be (more of) a title. Where the file sets its titles apart (bold and
        centred), its look decides; otherwise its words: short, not indented, no sentence in it."""
        if self.styled_titles:
            return bool(self.set_as_title(number)) and L.trailing_attribution(L.clean(raw)) is None
        return L.could_continue_title(raw)

    def add_article(
        self, *, line: int, title: str, paragraphs: list[str], byline: str | None, subtitle: str | None = None
    ) -> None:
        assert self.section is not None
        units = unit_names(byline=byline, known=self.known_units) if byline else []
        self.section.articles.append(
            ParsedArticle(
                line=line, title=title, paragraphs=paragraphs, byline=byline, units=units, subtitle=subtitle
            )
        )

    def finish_draft(self, *, byline: str | None) -> None:
        """Close the article being read."""
        draft, self.draft = self.draft, None
        if draft is None:
            return
        if not draft.paragraphs:
            raise BulletinImportError(
                line=draft.line,
                message=_("The title %(title)s has no text under it.")
                % {"title": join_title(draft.title_parts)},
            )
        if byline is None:
            self.warn(
                draft.last_line,
                _("The article %(title)s has no attribution in parentheses at its end.")
                % {"title": join_title(draft.title_parts)},
            )
        self.add_article(
            line=draft.line,
            title=join_title(draft.title_parts),
            paragraphs=draft.paragraphs,
            byline=byline,
            subtitle=draft.subtitle,
        )

    def finish_brief(self, *, number: int, text: str, byline: str | None, attribution_line: int) -> None:
        if self.brief_title is not None:
            # The lead printed as a line of its own (a bold 东湖区总工会举办比武 above the text).
            (number, lead), rest = self.brief_title, text
            self.brief_title = None
        else:
            lead, rest = L.split_lead(text) or ("", "")
        rest = rest.strip()
        if not lead.strip() or not rest:
            raise BulletinImportError(
                line=number,
                message=_(
                    "The brief %(title)s has no text after its lead sentence (the lead sentence ends at the first 。)."
                )
                % {"title": text[:30]},
            )
        if byline is None:
            self.warn(
                attribution_line,
                _("The article %(title)s has no attribution in parentheses at its end.")
                % {"title": lead.strip()},
            )
        self.add_article(line=number, title=lead.strip(), paragraphs=[rest], byline=byline)

    # --- line handlers ---------------------------------------------------------------------------

    def open_section(self, *, number: int, name: str) -> None:
        self.close_section(number=number)
        layout = self.layouts.get(name) or (BRIEFS if _BRIEFS_NAME.search(name) else STANDARD)
        self.section = ParsedSection(line=number, name=name, layout=layout)
        self.result.sections.append(self.section)

    def close_section(self, *, number: int) -> None:
        if self.section is None:
            return
        if self.section.layout == BRIEFS:
            self.flush_brief(number=number)
        else:
            self.finish_draft(byline=None)
        if not self.section.articles:
            self.warn(
                self.section.line, _("The section %(name)s has no articles.") % {"name": self.section.name}
            )

    def flush_brief(self, *, number: int) -> None:
        if self.pending_brief is None and self.brief_title is not None:
            line, text = self.brief_title
            self.brief_title = None
            self.finish_brief(number=line, text=text, byline=None, attribution_line=line)
        if self.pending_brief is not None:
            line, text = self.pending_brief
            self.pending_brief = None
            self.finish_brief(number=line, text=text, byline=None, attribution_line=line)

    def footer(self, *, number: int, text: str) -> None:
        if not self.in_footer:
            self.close_section(number=number)
            self.section = None
            self.in_footer = True
        copies = L.COPIES.search(text)
        if copies:
            if self.result.copies is not None:
                raise BulletinImportError(line=number, message=_("共印N份 appears twice."))
            self.result.copies = cjk_number(copies[1])
            self.result.copies_printed = copies[0].strip()
            text = (text[: copies.start()] + text[copies.end() :]).strip()
        if not text:
            return
        found = L.FOOTER.match(text)
        if found:
            kind, body = L.footer_kind(found[1]), found[2].strip()
            if kind in self.result.footer:
                raise BulletinImportError(
                    line=number, message=_("The footer line %(kind)s appears twice.") % {"kind": kind}
                )
            label = text[: found.start(2)].rstrip()
            self.last_footer = FooterLine(line=number, kind=kind, text=body, label=label)
            self.result.footer[kind] = self.last_footer
        elif self.last_footer is not None:
            # A long recipient list wrapped onto the next line.
            self.last_footer.text += text
        else:
            raise BulletinImportError(line=number, message=_("Text in the footer that is not a footer line."))

    def starts_footer(self, *, number: int, line: str) -> bool:
        """Whether ``line`` begins the footer. 本期报送：…, 抄送：… and 共印N份 do wherever they stand. The
        short words (报：送：发：) do only where the footer can begin: no section heading after them, not
        ending like a paragraph, and either no article left open (the last one closed with its
        attribution) or nothing but footer lines after them."""
        if not L.is_footer_like(line):
            return False
        if not L.is_short_footer(line):
            return True
        if self.heading_after.get(number) or L.ends_like_article(line):
            return False
        article_open = self.draft is not None or self.pending_brief is not None
        return not article_open or self.footer_after.get(number, False)

    def paragraph_follows(self, number: int) -> bool:
        """Whether the next line with text is more of an article body (not a title, a heading, the
        footer or an attribution of its own)."""
        following = self.following.get(number)
        if following is None:
            return False
        raw, line = following
        if L.HEADING.match(line):
            return False
        if L.is_footer_like(line) and not (L.is_short_footer(line) and L.ends_like_article(line)):
            return False
        attribution = L.trailing_attribution(line)
        if attribution is not None and not attribution.text:
            return True
        return not self.title_line(self.following_line[number], raw)

    def standard_line(self, *, number: int, raw: str, text: str) -> None:
        attribution = L.trailing_attribution(text)
        if attribution is not None and attribution.weak and self.paragraph_follows(number):
            attribution = None
        if self.draft is None:
            if attribution is not None:
                if not attribution.text:
                    raise BulletinImportError(
                        line=number, message=_("An attribution that follows no article.")
                    )
                raise BulletinImportError(
                    line=number,
                    message=_("The title %(title)s has no text under it.") % {"title": attribution.text},
                )
            self.draft = _Draft(line=number, title_parts=[text], last_line=number)
            return
        draft = self.draft
        if not draft.paragraphs and draft.subtitle is None and attribution is None and L.SUBTITLE.match(text):
            # ——记…: the subtitle, kept apart from the title and the paragraphs.
            draft.subtitle = text
            draft.last_line = number
            return
        if (
            not draft.paragraphs
            and draft.subtitle is None
            and (
                attribution is None
                and len(draft.title_parts) < TITLE_LINES_MAX
                and self.title_line(number, raw)
            )
        ):
            draft.title_parts.append(text)
            draft.last_line = number
            return
        if attribution is not None:
            if attribution.text:
                draft.paragraphs.append(attribution.text)
                draft.last_line = number
            self.finish_draft(byline=attribution.byline)
            return
        if (
            draft.paragraphs
            and (self.title_line(number, raw) or self.asking_title(raw, draft))
            and (self.styled_titles or L.ends_sentence(draft.paragraphs[-1]))
        ):
            # A title-like line after a finished paragraph: the previous article lacks its attribution.
            self.finish_draft(byline=None)
            self.draft = _Draft(line=number, title_parts=[text], last_line=number)
            return
        draft.paragraphs.append(text)
        draft.last_line = number
        draft.indented = L.is_indented(raw)

    def asking_title(self, raw: str, draft: _Draft) -> bool:
        """A title may end in ？ or ！ (职工书屋如何“活”起来？); where the file does not set titles apart
        by their look, such a line is one only where paragraphs are indented and this line is not."""
        line = L.clean(raw)
        return (
            not self.styled_titles
            and draft.indented
            and line[-1:] in "？！?!"
            and L.could_continue_title(raw[: len(raw.rstrip()) - 1])
        )

    def briefs_line(self, *, number: int, text: str) -> None:
        attribution = L.trailing_attribution(text)
        if attribution is not None and not attribution.text:
            if self.pending_brief is None:
                raise BulletinImportError(line=number, message=_("An attribution that follows no article."))
            line, body = self.pending_brief
            self.pending_brief = None
            self.finish_brief(number=line, text=body, byline=attribution.byline, attribution_line=number)
            return
        if self.pending_brief is not None and self.brief_title is None:
            line, previous = self.pending_brief
            if L.split_lead(previous) is None and L.could_continue_title(previous):
                # A short line without a full stop, then more text: the brief's lead on its own line.
                self.brief_title, self.pending_brief = self.pending_brief, None
        if self.pending_brief is not None:
            self.flush_brief(number=number)
        if attribution is not None:
            self.finish_brief(
                number=number, text=attribution.text, byline=attribution.byline, attribution_line=number
            )
        else:
            self.pending_brief = (number, text)

    # --- the whole file --------------------------------------------------------------------------

    def parse(self, text: str) -> ParsedBulletin:
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        numbered = [(number, raw, L.clean(raw)) for number, raw in enumerate(raw_lines, start=1)]
        first_heading = next((n for n, _raw, line in numbered if L.HEADING.match(line)), None)
        if first_heading is None:
            last = next((n for n, _raw, line in reversed(numbered) if line), 1)
            raise BulletinImportError(
                line=last, message=_("No section heading such as 【工作动态】 was found.")
            )
        self.result.masthead = parse_masthead(
            lines=[
                (n, self.masthead_line(n, line))
                for n, _raw, line in numbered[: first_heading - 1]
                if not L.RULE.match(line)
            ],
            warnings=self.result.warnings,
        )
        content = [(n, raw, line) for n, raw, line in numbered if line and not L.RULE.match(line)]
        self.following = {here[0]: (there[1], there[2]) for here, there in pairwise(content)}
        self.following_line = {here[0]: there[0] for here, there in pairwise(content)}
        if self.hints:
            body = [(self.hint(n), line) for n, _raw, line in content if n >= first_heading]
            self.body_size = body_size(body)
            self.styled_titles = any(
                self.set_as_title(n) and not L.HEADING.match(line)
                for n, _raw, line in content
                if n > first_heading
            )
        # For each line: whether only footer lines follow it (a long recipient list wrapped onto
        # the next line counts with its footer line), and whether a section heading does.
        footer_like, wrapped = {}, False
        for n, _raw, line in content:
            footer_like[n] = L.is_footer_like(line) or (wrapped and L.could_continue_footer(line))
            wrapped = footer_like[n]
        only_footer, heading = True, False
        for n, _raw, line in reversed(content):
            self.footer_after[n], self.heading_after[n] = only_footer, heading
            only_footer = only_footer and footer_like[n]
            heading = heading or bool(L.HEADING.match(line))
        for number, raw, line in numbered[first_heading - 1 :]:
            if not line or L.RULE.match(line):
                continue
            heading = L.HEADING.match(line)
            if mark_words(line) is not None:
                raise BulletinImportError(
                    line=number,
                    message=_(
                        "%(text)s stands inside the bulletin, not above the masthead, so it is not read as a mark. Move it above the masthead or delete the line."
                    )
                    % {"text": line},
                )
            if heading:
                if self.in_footer:
                    raise BulletinImportError(
                        line=number, message=_("A section heading after the footer lines.")
                    )
                self.open_section(number=number, name=heading[1])
            elif self.in_footer or self.starts_footer(number=number, line=line):
                for part in L.FOOTER_SPLIT.split(line):
                    self.footer(number=number, text=part)
            elif self.section is not None and self.section.layout == BRIEFS:
                self.briefs_line(number=number, text=line)
            else:
                self.standard_line(number=number, raw=raw, text=line)
        if not self.in_footer:
            self.close_section(number=len(numbered))
        return self.result


def parse_bulletin(
    *,
    text: str,
    layouts: Mapping[str, str] | None = None,
    known_units: Collection[str] = (),
    hints: Sequence[LineHint | None] | None = None,
    file_name: str | None = None,
) -> ParsedBulletin:
    """Parse a bulletin. ``layouts`` maps section names to ``standard``/``briefs`` (sections not in it
    are standard unless named like 简讯); ``known_units`` helps expand shared-prefix attributions;
    ``hints`` (from a Word or PDF reader, one per line of ``text``) tell titles by their look;
    ``file_name`` (``2012-02.txt``) may give the year, number or date the masthead lacks."""
    parsed = _Parser(layouts=layouts or {}, known_units=known_units, hints=hints).parse(text)
    parsed.file_name = numbers_from_file_name(file_name)
    return parsed
