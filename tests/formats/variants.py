"""A generator of invented bulletins in the layouts real ones use, for the importer's robustness tests
(tests/formats/test_import_variants.py). ``generate(seed)`` draws one bulletin — its masthead, sections,
articles, briefs and footer — from the layout variants at random; ``as_text`` and ``write_docx`` print
it as a plain-text file or a Word file laid out as offices do; ``expected`` says what an import must find.
Every sentence here is made up."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

RED = RGBColor(0xD0, 0x10, 0x10)
CN_DIGITS = "〇一二三四五六七八九"

PLACES = ["东湖区", "西山区", "南塘县", "北港市", "青石镇", "柳岸街道", "白沙区", "金溪县"]
DEPARTMENTS = ["生产部", "宣教部", "女职工部", "民管部", "经审办", "组织部", "财务部"]
SECTIONS = ["工作动态", "创先争优", "立功竞赛", "基层风采", "维权服务", "经验交流"]
BRIEF_SECTIONS = ["工作简讯", "基层快讯"]
SUBJECTS = ["职工技能比武", "安全知识竞赛", "困难职工帮扶", "女职工健康讲座", "工资集体协商", "劳模座谈会"]
VERBS = ["开展", "举办", "推进", "召开", "部署", "启动"]
PHRASES = [
    "组织辖区企业的青年职工参加比赛",
    "走访慰问了一线环卫工人和建筑工人",
    "发放《劳动合同法》宣传材料500余份",
    "现场为职工提供法律咨询和就业指导",
    "评出一等奖3名、二等奖6名",
    "覆盖全区120家非公企业和3.6万名职工",
    "邀请专家围绕“健康生活、快乐工作”作专题辅导",
    "采用“线上+线下”的方式推进APP注册和职工入会",
    "对照KPI考核要求逐项梳理工作台账",
    "提出合理化建议1.2万条，创造经济效益2,000余万元",
    "用好“职工之家”和“职工书屋”两个阵地",
    "结合QC小组活动开展岗位练兵",
]


def cn_year(year: int) -> str:
    return "".join(CN_DIGITS[int(digit)] for digit in str(year))


def cn_number(value: int) -> str:
    """1–99 in Chinese numerals: 七, 十二, 二十, 四十五."""
    tens, ones = divmod(value, 10)
    text = ("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else ""
    return text + (CN_DIGITS[ones] if ones or not tens else "")


@dataclass
class Article:
    title: list[str]  # the title's printed lines (a long one wraps over two)
    paragraphs: list[str]
    byline: str | None  # inside the parentheses, as printed; None: no attribution
    units: list[str]
    subtitle: str | None = None
    byline_alone: bool = False  # on a line of its own under the last paragraph
    half_width: bool = False  # (…) rather than （…）


@dataclass
class Section:
    name: str
    briefs: bool
    articles: list[Article]


@dataclass
class Bulletin:
    masthead: list[str]
    year: int
    number: int
    internal: bool
    sections: list[Section]
    footer: list[tuple[str, str, str]]  # (label as printed, kind 报送/抄送/印发, text)
    copies_line: str | None
    copies: int | None
    rule: bool = False
    file_name: str = "bulletin"
    extra: dict = field(default_factory=dict)


def _sentence(rng: random.Random) -> str:
    parts = rng.sample(PHRASES, rng.randint(1, 3))
    return "，".join(parts) + rng.choice(["。", "。", "！", "；同时加强宣传。"])


def _paragraph(rng: random.Random, *, long: bool = False) -> str:
    count = rng.randint(6, 14) if long else rng.randint(1, 3)
    text = "".join(_sentence(rng) for _ in range(count))
    lead = rng.random()
    if lead < 0.15:
        text = rng.choice(["一是", "二要", "一、", "（一）", "1.", "2、"]) + text
    elif lead < 0.25:
        text = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，" + text
    return text


def _unit(rng: random.Random) -> str:
    return rng.choice(PLACES) + "总工会"


def _attribution(rng: random.Random) -> tuple[str | None, list[str]]:
    kind = rng.choice(["unit", "unit", "two", "shared", "供稿", "综合", "none", "department"])
    if kind == "unit":
        unit = _unit(rng)
        return unit, [unit]
    if kind == "department":
        name = "市总" + rng.choice(DEPARTMENTS)
        return name, [name]
    if kind == "two":
        first, second = rng.sample(PLACES, 2)
        return f"{first}总工会、{second}总工会", [f"{first}总工会", f"{second}总工会"]
    if kind == "shared":
        parts = rng.sample(DEPARTMENTS, rng.randint(2, 3))
        return "市总" + "、".join(parts), ["市总" + part for part in parts]
    if kind == "供稿":
        unit = _unit(rng)
        return unit + "供稿", [unit]
    if kind == "综合":
        return "综合来稿", []
    return None, []


def _title(rng: random.Random) -> list[str]:
    place = rng.choice(PLACES)
    title = f"{place}总工会{rng.choice(VERBS)}{rng.choice(SUBJECTS)}"
    if rng.random() < 0.1:
        return [rng.choice(["职工书屋如何“活”起来？", "让2000名职工用上APP！", f"{place}：小岗位也有大作为"])]
    if rng.random() < 0.3:
        title = f"{title}“{rng.choice(['安康杯', '春风行动', '金点子', 'E路同行'])}”"
    if rng.random() < 0.3:
        # A long title, printed over two lines.
        return [title, f"助力{rng.choice(SUBJECTS)}和{rng.choice(SUBJECTS)}"]
    return [title]


def _article(rng: random.Random) -> Article:
    byline, units = _attribution(rng)
    subtitle = None
    if rng.random() < 0.2:
        subtitle = f"——记{rng.choice(PLACES)}{rng.choice(['劳模创新工作室', '职工书屋', '女职工之家'])}"
    paragraphs = [_paragraph(rng, long=rng.random() < 0.3) for _ in range(rng.randint(1, 4))]
    if len(paragraphs) > 2 and rng.random() < 0.3:
        # Sub-headings inside the article: short, numbered, no full stop.
        paragraphs.insert(1, "一、加强组织领导")
        paragraphs.insert(3, "二、" + rng.choice(["突出工作重点", "创新活动载体"]))
    if rng.random() < 0.1:
        paragraphs[-1] = paragraphs[-1].replace("，", ",").replace("；", ";")
    return Article(
        title=_title(rng),
        paragraphs=paragraphs,
        byline=byline,
        units=units,
        subtitle=subtitle,
        byline_alone=byline is not None and rng.random() < 0.3,
        half_width=rng.random() < 0.15,
    )


def _brief(rng: random.Random) -> Article:
    byline, units = _attribution(rng)
    if byline is None:
        byline, units = "综合来稿", []
    lead = f"{rng.choice(PLACES)}总工会{rng.choice(VERBS)}{rng.choice(SUBJECTS)}"
    return Article(title=[lead], paragraphs=[_paragraph(rng)], byline=byline, units=units)


def _masthead(rng: random.Random, *, year: int, number: int) -> tuple[list[str], bool]:
    lines: list[str] = []
    internal = rng.random() < 0.4
    if internal:
        lines.append(rng.choice(["内部资料　　注意保存", "内部资料", "（内部资料）", "内部资料 注意保存"]))
    lines.append(rng.choice(["工会工作简报", "工 会 工 作 简 报", "工会工作简报"]))
    total = rng.randint(60, 300)
    number_line = rng.choice(
        [
            f"第{number}期",
            f"第{number}期（总第{total}期）",
            f"{year}年第{number}期",
            f"{year}年第{number}期（总第{total}期）",
            f"第{cn_number(number)}期",
            f"{cn_year(year)}年第{cn_number(number)}期",
        ]
    )
    lines.append(number_line)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice(
        [
            f"{year}年{month}月{day}日",
            f"{cn_year(year)}年{cn_number(month)}月{cn_number(day)}日",
        ]
    )
    editor = rng.choice(["市总工会办公室编", "市总工会办公室编印", "市总工会宣教部　编"])
    if rng.random() < 0.7:
        lines.append(f"{editor}{rng.choice(['　　', '\t', '    '])}{date}")
    else:
        lines.extend([editor, date])
    return lines, internal


FOOTER_FORMS = [
    [("本期报送：", "报送"), ("本期印发：", "印发")],
    [("本期报送：", "报送"), ("抄送：", "抄送"), ("本期印发：", "印发")],
    [("报：", "报送"), ("送：", "抄送"), ("发：", "印发")],
    [("报: ", "报送"), ("发: ", "印发")],
    [("报送：", "报送"), ("抄 送：", "抄送"), ("印发：", "印发")],
]
RECIPIENTS = [
    "省总工会",
    "市委办公室",
    "市四套班子有关领导",
    "各市（县）、区总工会",
    "市总各部室",
    "各产业工会",
]


def generate(seed: int) -> Bulletin:
    rng = random.Random(seed)
    year, number = rng.randint(2005, 2024), rng.randint(1, 40)
    masthead, internal = _masthead(rng, year=year, number=number)
    # In the order of the section list (an issue is exported in that order, not as printed).
    names = sorted(rng.sample(SECTIONS, rng.randint(1, 4)), key=SECTIONS.index)
    sections = [Section(name, False, [_article(rng) for _ in range(rng.randint(1, 4))]) for name in names]
    if rng.random() < 0.7:
        name = rng.choice(BRIEF_SECTIONS)
        sections.append(Section(name, True, [_brief(rng) for _ in range(rng.randint(1, 5))]))
    footer = [
        (label, kind, "、".join(rng.sample(RECIPIENTS, rng.randint(1, 3))))
        for label, kind in rng.choice(FOOTER_FORMS)
    ]
    copies = rng.choice([None, 45, 80, 120])
    copies_line = None
    if copies:
        copies_line = rng.choice([f"共印{copies}份", f"（共印{copies}份）", f"(共印{copies}份)"])
    return Bulletin(
        masthead=masthead,
        year=year,
        number=number,
        internal=internal,
        sections=sections,
        footer=footer,
        copies_line=copies_line,
        copies=copies,
        rule=rng.random() < 0.5,
        file_name=f"{year}年第{number}期 简报" if rng.random() < 0.5 else f"{year}-{number:02d}",
    )


def _closing(article: Article) -> str:
    opening, closing = ("(", ")") if article.half_width else ("（", "）")
    return f"{opening}{article.byline}{closing}"


def article_lines(article: Article, *, briefs: bool) -> list[str]:
    """The article's printed lines (paragraphs unindented; the text writer adds the indent)."""
    if briefs:
        return [f"{article.title[0]}。{article.paragraphs[0]}{_closing(article)}"]
    lines = list(article.title)
    if article.subtitle:
        lines.append(article.subtitle)
    body = list(article.paragraphs)
    if article.byline is not None:
        if article.byline_alone:
            body.append(_closing(article))
        else:
            body[-1] = body[-1] + "　　　　" + _closing(article)
    return [*lines, *body]


def as_text(bulletin: Bulletin, *, compact: bool = False) -> str:
    """The bulletin as a text file; ``compact`` as typed in a hurry: no blank lines, no indents."""
    out = list(bulletin.masthead)
    if bulletin.rule:
        out.append("━━━━━━━━━━━━━━━━━━━━")
    for section in bulletin.sections:
        out += ["", f"【{section.name}】", ""]
        for article in section.articles:
            lines = article_lines(article, briefs=section.briefs)
            titles = 0 if section.briefs else len(article.title) + bool(article.subtitle)
            out += lines[:titles]
            if titles and not compact:
                out.append("")
            out += [("" if compact else "　　") + line for line in lines[titles:]]
            out.append("")
    out.append("")
    if compact:
        out = [line for line in out if line]
    out += [label + text for label, _kind, text in bulletin.footer]
    if bulletin.copies_line:
        out.append(bulletin.copies_line)
    return "\n".join(out) + "\n"


def _run(paragraph, text: str, *, bold=False, size=None, colour=None):
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    run.font.name = "Noto Sans CJK SC"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
    return run


def write_docx(
    bulletin: Bulletin, path: Path, *, footer_table: bool = False, wrap_break: bool = True
) -> Path:
    """The bulletin as offices print it in Word: a red centred masthead, bold centred titles (a long
    one broken over two lines), paragraphs with a first-line indent, the footer as a table or lines."""
    document = Document()
    for line in bulletin.masthead:
        if "内部资料" in line:
            _run(document.add_paragraph(), line, size=12)
        elif "工会工作简报" in line.replace(" ", ""):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, bold=True, size=36, colour=RED)
        else:
            paragraph = document.add_paragraph()
            if "期" in line:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, size=14)
    if bulletin.rule:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, "━━━━━━━━━━━━━━━━━━━━", colour=RED)
    for section in bulletin.sections:
        _run(document.add_paragraph(), f"【{section.name}】", bold=True, size=16)
        for article in section.articles:
            lines = article_lines(article, briefs=section.briefs)
            if section.briefs:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(28)
                lead, _stop, rest = lines[0].partition("。")
                _run(paragraph, lead + "。", bold=True, size=14)
                _run(paragraph, rest, size=14)
                continue
            title = document.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for index, line in enumerate(article.title):
                if index and not wrap_break:
                    title = document.add_paragraph()
                    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = _run(title, line, bold=True, size=18)
                if wrap_break and index < len(article.title) - 1:
                    run.add_break(WD_BREAK.LINE)
            if article.subtitle:
                paragraph = document.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(paragraph, article.subtitle, size=14)
            for line in lines[len(article.title) + bool(article.subtitle) :]:
                paragraph = document.add_paragraph()
                if line.startswith(("（", "(")) and article.byline_alone and line == _closing(article):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    paragraph.paragraph_format.first_line_indent = Pt(28)
                _run(paragraph, line, size=14)
    rows = [label + text for label, _kind, text in bulletin.footer]
    if footer_table:
        table = document.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, text in enumerate(rows):
            cells = table.add_row().cells
            _run(cells[0].paragraphs[0], text, size=12)
            if index == len(rows) - 1 and bulletin.copies_line:
                _run(cells[1].paragraphs[0], bulletin.copies_line, size=12)
        document.add_paragraph()  # Word always ends a document with a paragraph, never a table
    else:
        for text in rows:
            _run(document.add_paragraph(), text, size=12)
        if bulletin.copies_line:
            _run(document.add_paragraph(), bulletin.copies_line, size=12)
    document.save(path)
    return path


def expected(bulletin: Bulletin) -> dict:
    """What an import of the bulletin must find, in the shape ``found`` returns."""
    return {
        "sections": [
            (section.name, ["".join(article.title) for article in section.articles])
            for section in bulletin.sections
        ],
        "units": [[article.units for article in section.articles] for section in bulletin.sections],
        "subtitles": [[article.subtitle for article in section.articles] for section in bulletin.sections],
        "footer": {kind: text for _label, kind, text in bulletin.footer},
        "copies": bulletin.copies,
        "number": bulletin.number,
        "internal": bulletin.internal,
    }


def found(parsed) -> dict:
    """The same facts read from a ``ParsedBulletin``."""
    return {
        "sections": [
            (section.name, [article.title for article in section.articles]) for section in parsed.sections
        ],
        "units": [[article.units for article in section.articles] for section in parsed.sections],
        "subtitles": [[article.subtitle for article in section.articles] for section in parsed.sections],
        "footer": {kind: line.text for kind, line in parsed.footer.items()},
        "copies": parsed.copies,
        "number": parsed.masthead.number if parsed.masthead else None,
        "internal": bool(parsed.masthead and parsed.masthead.internal),
    }
