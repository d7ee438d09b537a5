"""The issue as a Word document (python-docx) that the office can go on editing in Word or WPS:
real styles (Title for the masthead, Heading 1 for sections, Heading 2 for article titles, Normal
with a two-character first-line indent), A4 with official-document margins, East Asian fonts set
through ``w:eastAsia``, page numbers ``— N —`` and the imprint block at the end."""

import io
import logging
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from bulletin.document import IssueDocument, lead_sentence

from .errors import ExportError
from .pictures import placeholder, read_picture

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)
logger = logging.getLogger(__name__)


# --- A small tree of the stored (sanitised) HTML ------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict | None = None, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs or {}, parent, []


class TreeBuilder(HTMLParser):
    VOID = {"br", "img", "col"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root


def text_of(node) -> str:
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node.children)


# --- Styles -------------------------------------------------------------------------------------------


def set_fonts(target, east_asian: str, size: float | None = None, bold: bool | None = None, color=None):
    """Set Latin and East Asian fonts on a style or run (python-docx only sets the Latin one)."""
    font = target.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def setup_styles(document):
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT, 16)
    fmt = normal.paragraph_format
    fmt.first_line_indent = Pt(32)  # two characters of 16 pt
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles["Title"]
    set_fonts(title, TITLE_FONT, 36, bold=True, color=RED)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.space_after = Pt(12)
    # The built-in Title style draws a blue bottom border; the masthead has its own red rule.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)

    section_heading = styles["Heading 1"]
    set_fonts(section_heading, HEADING_FONT, 16, bold=True, color=RGBColor(0, 0, 0))
    section_heading.paragraph_format.first_line_indent = Pt(0)
    section_heading.paragraph_format.space_before = Pt(12)
    section_heading.paragraph_format.space_after = Pt(6)
    section_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    article_title = styles["Heading 2"]
    set_fonts(article_title, TITLE_FONT, 18, bold=True, color=RGBColor(0, 0, 0))
    article_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    article_title.paragraph_format.first_line_indent = Pt(0)
    article_title.paragraph_format.space_before = Pt(12)
    article_title.paragraph_format.space_after = Pt(6)
    article_title.font.italic = False

    for name in ("Heading 3", "List Bullet", "List Number", "Caption"):
        style = styles[name]
        set_fonts(style, HEADING_FONT if name == "Heading 3" else BODY_FONT, 16 if name != "Caption" else 12)
        style.paragraph_format.first_line_indent = Pt(0)
        if name == "Heading 3":
            style.font.color.rgb = RGBColor(0, 0, 0)


def page_setup(document):
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    set_fonts(footer.add_run("— "), BODY_FONT, 14)
    add_field(footer, "PAGE")
    set_fonts(footer.add_run(" —"), BODY_FONT, 14)


def add_field(paragraph, instruction: str):
    run = paragraph.add_run()
    set_fonts(run, BODY_FONT, 14)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def border(paragraph, *, top: bool = False, bottom: bool = False, color: str = "000000", size: int = 8):
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, wanted in (("top", top), ("bottom", bottom)):
        if wanted:
            line = OxmlElement(f"w:{side}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:space"), "1")
            line.set(qn("w:color"), color)
            borders.append(line)
    ppr.append(borders)


# --- Body HTML → paragraphs ---------------------------------------------------------------------------


class BodyWriter:
    def __init__(self, document):
        self.document = document

    def write(self, html: str, *, lead: str = "", attribution: str = ""):
        """Write a stored body. ``lead`` runs bold into the first paragraph (briefs);
        ``attribution`` ends the last paragraph (briefs) when given."""
        blocks = [
            child for child in parse(html).children if not (isinstance(child, str) and not child.strip())
        ]
        first_paragraph = None
        last_paragraph = None
        for block in blocks:
            paragraph = self.block(block, lead=lead if first_paragraph is None else "")
            if paragraph is not None and first_paragraph is None:
                first_paragraph = paragraph
            last_paragraph = paragraph or last_paragraph
        if first_paragraph is None and lead:
            first_paragraph = last_paragraph = self.paragraph()
            self.run(first_paragraph, lead, bold=True)
        if attribution:
            if last_paragraph is not None and lead:
                self.run(last_paragraph, attribution)
            else:
                self.attribution(attribution)

    def paragraph(self, style=None):
        return self.document.add_paragraph(style=style)

    def run(self, paragraph, text, *, bold=False, italic=False, underline=False):
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        return run

    def inline(self, paragraph, node, *, bold=False, italic=False, underline=False):
        for child in node.children:
            if isinstance(child, str):
                if child:
                    self.run(paragraph, child, bold=bold, italic=italic, underline=underline)
                continue
            if child.tag == "br":
                paragraph.add_run().add_break()
            elif child.tag == "img":
                self.image(child, paragraph=paragraph)
            else:
                self.inline(
                    paragraph,
                    child,
                    bold=bold or child.tag in ("strong", "b"),
                    italic=italic or child.tag in ("em", "i"),
                    underline=underline or child.tag == "u",
                )

    def block(self, node, *, lead: str = ""):
        if isinstance(node, str):
            paragraph = self.paragraph()
            if lead:
                self.run(paragraph, lead, bold=True)
            self.run(paragraph, node.strip())
            return paragraph
        tag = node.tag
        if tag == "p":
            paragraph = self.paragraph()
            classes = node.attrs.get("class", "") or ""
            if "text-align-center" in classes:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.first_line_indent = Pt(0)
            elif "text-align-right" in classes:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if lead:
                self.run(paragraph, lead, bold=True)
            self.inline(paragraph, node)
            return paragraph
        if tag in ("h2", "h3"):
            paragraph = self.paragraph(style="Heading 3")
            self.inline(paragraph, node)
            return paragraph
        if tag in ("ul", "ol"):
            style = "List Bullet" if tag == "ul" else "List Number"
            last = None
            for item in node.children:
                if not isinstance(item, str) and item.tag == "li":
                    last = self.paragraph(style=style)
                    self.inline(last, item)
            return last
        if tag == "blockquote":
            last = None
            for child in node.children:
                if isinstance(child, str) and not child.strip():
                    continue
                last = self.block(child)
                if last is not None:
                    last.paragraph_format.left_indent = Pt(32)
            return last
        if tag == "table":
            self.table(node)
            return None
        if tag == "figure":
            last = None
            for child in node.children:
                if isinstance(child, str):
                    continue
                if child.tag == "img":
                    self.image(child)
                elif child.tag == "table":
                    self.table(child)
                elif child.tag == "figcaption":
                    last = self.paragraph(style="Caption")
                    last.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    self.inline(last, child)
            return last
        if tag == "img":
            self.image(node)
            return None
        paragraph = self.paragraph()
        self.inline(paragraph, node)
        return paragraph

    def table(self, node):
        rows = []

        def collect(element):
            for child in element.children:
                if isinstance(child, str):
                    continue
                if child.tag == "tr":
                    rows.append(
                        [
                            cell
                            for cell in child.children
                            if not isinstance(cell, str) and cell.tag in ("td", "th")
                        ]
                    )
                elif child.tag in ("thead", "tbody", "tfoot"):
                    collect(child)

        collect(node)
        if not rows:
            return
        columns = max(len(row) for row in rows) or 1
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                target = table.cell(r, c).paragraphs[0]
                target.paragraph_format.first_line_indent = Pt(0)
                self.inline(target, cell, bold=cell.tag == "th")
                for run in target.runs:
                    run.font.size = Pt(12)

    def image(self, node, paragraph=None):
        data = read_picture(node.attrs.get("src"))
        target = paragraph or self.paragraph()
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
        target.paragraph_format.first_line_indent = Pt(0)
        if data is not None:
            try:
                target.add_run().add_picture(io.BytesIO(data), width=Cm(14))
                return
            except Exception:  # noqa: BLE001 — an unreadable picture is marked, the text stays
                logger.warning(
                    "Word export: picture %r is not an image python-docx reads", node.attrs.get("src")
                )
        target.add_run(placeholder())

    def attribution(self, text: str):
        paragraph = self.paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.first_line_indent = Pt(0)
        self.run(paragraph, text)


# --- The issue ----------------------------------------------------------------------------------------


def printed_masthead(document, above: list[str], title: str, below: list[str]) -> None:
    """An imported issue's masthead as printed: marks above the title on the left in red, the title,
    then each line under it centred, the red rule under the last."""
    for text in above:
        mark = document.add_paragraph()
        mark.paragraph_format.first_line_indent = Pt(0)
        set_fonts(mark.add_run(text), HEADING_FONT, 12, color=RED)
    last = document.add_paragraph(title, style="Title")
    for text in below:
        last = document.add_paragraph(text)
        last.alignment = WD_ALIGN_PARAGRAPH.CENTER
        last.paragraph_format.first_line_indent = Pt(0)
    border(last, bottom=True, color="C00000", size=18)


def build(doc: IssueDocument):
    document = Document()
    setup_styles(document)
    page_setup(document)
    core = document.core_properties
    core.title = f"{doc.publication.title} {doc.issue.label}"
    core.language = "zh-CN"

    if doc.is_draft:
        header = document.sections[0].header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_fonts(header.add_run(_("DRAFT")), HEADING_FONT, 16, bold=True, color=RED)

    if doc.printed_masthead:
        printed_masthead(document, *doc.printed_masthead)
    else:
        document.add_paragraph(doc.publication.title, style="Title")
        number = document.add_paragraph(doc.number_line)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.first_line_indent = Pt(0)
        meta = document.add_paragraph()
        meta.paragraph_format.first_line_indent = Pt(0)
        meta.paragraph_format.tab_stops.add_tab_stop(
            Mm(156), alignment=2
        )  # right-aligned tab at the text edge
        meta.add_run(doc.editing_line)
        meta.add_run("\t" + doc.date_line)
        border(meta, bottom=True, color="C00000", size=18)

    writer = BodyWriter(document)
    if not doc.sections:
        empty = document.add_paragraph(_("This issue has no articles yet."))
        empty.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in doc.sections:
        document.add_paragraph(f"【{block.section.name}】", style="Heading 1")
        for article in block.articles:
            if block.is_briefs:
                writer.write(article.body, lead=lead_sentence(article.title), attribution=article.attribution)
            else:
                document.add_paragraph(article.title, style="Heading 2")
                writer.write(article.body)
                if article.byline:
                    writer.attribution(article.attribution)

    if doc.lines or doc.copies_line:
        spacer = document.add_paragraph()
        spacer.paragraph_format.space_before = Pt(24)
        rows = [f"{label}：{text}" for label, text in doc.lines]
        for index, text in enumerate(rows):
            line = document.add_paragraph(text)
            line.paragraph_format.first_line_indent = Pt(0)
            line.paragraph_format.line_spacing = Pt(24)
            set_fonts(line.runs[0], BODY_FONT, 14)
            border(line, top=index == 0, bottom=index == len(rows) - 1 and not doc.copies_line)
        if doc.copies_line:
            copies = document.add_paragraph(doc.copies_line)
            copies.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            copies.paragraph_format.first_line_indent = Pt(0)
            set_fonts(copies.runs[0], BODY_FONT, 14)
            border(copies, top=not rows, bottom=True)
    return document


def render(doc: IssueDocument) -> bytes:
    try:
        buffer = io.BytesIO()
        build(doc).save(buffer)
    except (OSError, ValueError, KeyError) as error:
        raise ExportError(_("The Word file could not be made: %(error)s") % {"error": error}) from error
    return buffer.getvalue()
