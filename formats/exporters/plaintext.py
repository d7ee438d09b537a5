"""A whole issue as plain text for the text export: masthead fields, sections in reading order with
their articles (title, plain paragraphs, attribution), footer lines; read with a handful of queries."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from articles.models import Article
from bulletin.models import Issue, Section, Visibility
from distribution.models import LineKind

FOOTER_LABELS = {LineKind.REPORT: "本期报送", LineKind.DISTRIBUTE: "本期印发", LineKind.COPY: "抄送"}

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre",
}  # fmt: skip
_SKIP = {"script", "style", "template"}
_SPACES = re.compile(r"[ \t\r\n\f]+")


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.skipping = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        if text:
            self.paragraphs.append(text)
        self.buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS or tag == "br":
            self.flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)


def html_to_paragraphs(html: str) -> list[str]:
    """The text of an article body, one string per paragraph (block or line break), tags dropped."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.paragraphs


@dataclass
class TextArticle:
    title: str
    paragraphs: list[str]
    byline: str
    article_id: int


@dataclass
class TextSection:
    name: str
    layout: str
    articles: list[TextArticle] = field(default_factory=list)

    @property
    def is_briefs(self) -> bool:
        return self.layout == Section.Layout.BRIEFS


@dataclass
class TextIssue:
    publication_title: str
    editing_unit: str
    year: int
    number: int
    total_number: int | None
    date: datetime.date
    sections: list[TextSection]
    footer: list[tuple[str, str]]  # (label as printed, colon included, text)
    copies: int | None
    internal: bool = False  # printed as 内部资料 above the masthead, as the reader's issue page does
    # An imported issue's masthead lines and copies line as printed (empty: printed from the fields).
    printed_masthead: list[str] = field(default_factory=list)
    printed_copies: str = ""

    @property
    def masthead_lines(self) -> list[str]:
        """The masthead as printed, or made from the fields: 内部资料, title, 第N期, editor and date."""
        if self.printed_masthead:
            return list(self.printed_masthead)
        lines = ["内部资料"] if self.internal else []
        return lines + [
            self.publication_title,
            self.number_line,
            f"{self.editor_line}\u3000\u3000{self.date_line}".strip(),
        ]

    @property
    def copies_line(self) -> str:
        if not self.copies:
            return ""
        return self.printed_copies or f"共印{self.copies}份"

    @property
    def number_line(self) -> str:
        """``第2期（总第123期）``"""
        total = f"（总第{self.total_number}期）" if self.total_number else ""
        return f"第{self.number}期{total}"

    @property
    def date_line(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def editor_line(self) -> str:
        return f"{self.editing_unit}编" if self.editing_unit else ""


def build_text_issue(*, issue: Issue) -> TextIssue:
    """Every article placed in ``issue`` (whatever its status: staff export drafts too), grouped and
    ordered as the reader's issue page groups them (``issue_contents``)."""
    from bulletin.selectors import issue_contents

    contents = issue_contents(issue, articles=Article.objects.filter(issue=issue))
    sections = [
        TextSection(
            name=group.section.name,
            layout=group.section.layout,
            articles=[
                TextArticle(
                    title=article.title,
                    paragraphs=html_to_paragraphs(article.body),
                    byline=article.byline.strip(),
                    article_id=article.pk,
                )
                for article in group.articles
            ],
        )
        for group in contents.sections
    ]
    # In the selector's order (an imported footer's as printed); the label as an imported issue
    # printed it (报：, 发:), else the usual one.
    footer = [
        (line.printed_label or f"{FOOTER_LABELS[line.kind]}：", line.text)
        for line in contents.footer_lines
        if line.text
    ]
    publication = issue.publication
    return TextIssue(
        publication_title=publication.title,
        editing_unit=publication.editing_unit,
        year=issue.year,
        number=issue.number,
        total_number=issue.total_number,
        date=issue.issue_date,
        sections=sections,
        footer=footer,
        copies=issue.copies,
        internal=issue.visibility == Visibility.INTERNAL,
        printed_masthead=[line for line in issue.printed_masthead or [] if isinstance(line, str)],
        printed_copies=issue.printed_copies,
    )
