"""The plain data a parsed bulletin becomes: no database, no Django models.

Line numbers are kept on everything so that the loader, too, can name the line a problem comes from.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Footer line kinds, keyed as in the JSON output (the word printed in the footer).
REPORT = "报送"
DISTRIBUTE = "印发"
COPY = "抄送"
FOOTER_KINDS = (REPORT, DISTRIBUTE, COPY)


@dataclass
class Notice:
    """A warning about one line of the file; the import goes on."""

    line: int
    message: str


@dataclass
class Masthead:
    line: int
    title: str | None = None
    number: int | None = None
    total_number: int | None = None
    date: datetime.date | None = None
    year: int | None = None
    editor_unit: str | None = None
    # Classification marks printed above (or in) the masthead that make the issue internal: 内部资料, 注意保存.
    marks: list[str] = field(default_factory=list)
    # The masthead's lines exactly as printed (blank lines and rules aside), marks included, in order.
    printed: list[str] = field(default_factory=list)

    @property
    def internal(self) -> bool:
        return bool(self.marks)

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "number": self.number,
            "total_number": self.total_number,
            "date": self.date.isoformat() if self.date else None,
            "editor_unit": self.editor_unit,
            "marks": list(self.marks),
        }


@dataclass(frozen=True)
class FileNameNumbers:
    """What a file name such as ``2012-02.txt`` or ``2012年第2期.docx`` says about its issue."""

    year: int | None = None
    number: int | None = None
    date: datetime.date | None = None


@dataclass
class ParsedArticle:
    line: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    byline: str | None = None
    units: list[str] = field(default_factory=list)
    # A line under the title such as ——记…, as printed (dashes included).
    subtitle: str | None = None

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "paragraphs": list(self.paragraphs),
            "byline": self.byline,
            "units": list(self.units),
        }


@dataclass
class ParsedSection:
    line: int
    name: str
    layout: str
    articles: list[ParsedArticle] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"name": self.name, "articles": [article.as_json() for article in self.articles]}


@dataclass
class FooterLine:
    line: int
    kind: str
    text: str
    # The label as printed, colon included: 报：, 本期印发：, 抄 送：
    label: str = ""


@dataclass
class ParsedBulletin:
    masthead: Masthead | None = None
    sections: list[ParsedSection] = field(default_factory=list)
    footer: dict[str, FooterLine] = field(default_factory=dict)
    copies: int | None = None
    # The copies line as printed: 共印80份, （共印八十份）
    copies_printed: str = ""
    warnings: list[Notice] = field(default_factory=list)
    file_name: FileNameNumbers = field(default_factory=FileNameNumbers)

    @property
    def articles(self) -> list[ParsedArticle]:
        return [article for section in self.sections for article in section.articles]

    def as_json(self) -> dict:
        return {
            "masthead": self.masthead.as_json() if self.masthead else None,
            "sections": [section.as_json() for section in self.sections],
            "distribution": {
                kind: (self.footer[kind].text if kind in self.footer else None) for kind in FOOTER_KINDS
            },
            "copies": self.copies,
        }
