"""Files an archive really holds besides bulletins, and bulletins saved oddly: each bad one gives the
exact message naming the file, leaves nothing behind and lets the rest of the folder import; a file
whose name lies about its format is read as what it is. And the PDF line rules the generated
bulletins (tests/formats/variants.py) once broke, pinned on hand-built lines."""

import io

import docx
import pytest

from articles.models import Article
from bulletin.models import Issue
from distribution.models import IssueLine
from formats.importer.parser import parse_bulletin
from formats.importer.readers import read_source
from formats.importer.readers.pdf import INDENT, _drop_running_heads, _Line, _logical_lines
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.documents import png
from tests.formats.variants import as_text, expected, found, generate, write_docx


def images_only_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(png()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_paragraph("\u3000\u3000")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def cluttered(tmp_path):
    folder = tmp_path / "旧 简报"
    folder.mkdir()
    (folder / "一 2015年 UTF8.txt").write_text(as_text(generate(5)), encoding="utf-8")
    (folder / "二 带BOM UTF16.txt").write_bytes(as_text(generate(7)).encode("utf-16"))
    (folder / "三 GB18030.txt").write_bytes(as_text(generate(8)).encode("gb18030"))
    write_docx(generate(11), folder / "四 其实是Word.pdf")
    (folder / "五 空.txt").write_bytes(b"")
    (folder / "六 只有图片.docx").write_bytes(images_only_docx())
    (folder / "七 空白.docx").write_bytes(blank_docx())
    (folder / "八 NUL.txt").write_bytes(as_text(generate(12)).encode().replace("。".encode(), b"\x00", 1))
    (folder / "九 大.txt").write_text(("职工之家建设" * 40 + "\n") * 22000, encoding="utf-8")  # 5 MB
    (folder / "表格.xlsx").write_bytes(b"PK\x03\x04junk")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "~$一 2015年 UTF8.docx").write_bytes(b"lock")
    (folder / ".隐藏.txt").write_text("x", encoding="utf-8")
    return folder


def test_a_cluttered_folder_imports_what_it_can_and_names_every_bad_file(db, cluttered):
    text = as_text(generate(12))
    nul_line = text[: text.find("。")].count("\n") + 1
    out, err, error = run_failing_import(cluttered)
    assert "9 个文件中有 5 个未能导入" in str(error)
    for name, problem in (
        ("五 空.txt", " 第 1 行：文件是空的。"),
        ("六 只有图片.docx", "：该文件没有文字，只有图片。"),
        ("七 空白.docx", "：该文件没有文字：是空的或全是空白。"),
        ("八 NUL.txt", f" 第 {nul_line} 行：这是二进制文件，不是纯文本简报。"),
        ("九 大.txt", " 第 22000 行：没有找到【工作动态】这样的栏目标题。"),
    ):
        assert f"错误：{cluttered / name}{problem}" in err, [row for row in err.splitlines() if name in row]
        assert f"{cluttered / name} 的内容均未保存。" in err
    for name in ("表格.xlsx", "照片.jpg", "~$一 2015年 UTF8.docx", ".隐藏.txt"):
        assert str(cluttered / name) in out
    # The four good files, whatever their encoding or misleading name, are in.
    assert sorted(Issue.objects.values_list("number", flat=True)) == sorted(
        generate(seed).number for seed in (5, 7, 8, 11)
    )
    assert Article.objects.count() == sum(
        len(section.articles) for seed in (5, 7, 8, 11) for section in generate(seed).sections
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gb18030"])
def test_a_text_bulletin_reads_the_same_in_every_encoding(encoding):
    bulletin = generate(7)
    data = as_text(bulletin).encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data
    read = read_source(data=data, name="b.txt")
    assert found(parse_bulletin(text=read.text)) == expected(bulletin)


def test_a_word_file_named_pdf_or_txt_is_read_as_word(tmp_path):
    bulletin = generate(11)
    data = write_docx(bulletin, tmp_path / "b.docx").read_bytes()
    for name in ("b.pdf", "b.txt"):
        read = read_source(data=data, name=name)
        assert found(parse_bulletin(text=read.text, hints=read.hints)) == expected(bulletin)


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path):
    from tests.formats.documents import simple_pdf

    read = read_source(data=simple_pdf([["Hello"]]), name="b.txt")
    assert read.label.startswith("PDF") and read.lines == ["Hello"]


def test_a_word_file_with_only_a_picture_leaves_nothing(db, tmp_path):
    path = tmp_path / "图片.docx"
    path.write_bytes(images_only_docx())
    _, err, _ = run_failing_import(path, "--number", "3", "--date", "2019-03-01")
    assert f"错误：{path}：该文件没有文字，只有图片。" in err
    assert not Issue.objects.exists()


# --- PDF lines: what the generated bulletins once broke -------------------------------------------


def line(text, x0, x1, top, *, page=1, size=14.0, bold=False) -> _Line:
    return _Line(
        page=page, text=text, x0=x0, x1=x1, top=top, bottom=top + size, size=size, bold=bold, red=False,
        page_height=842.0, page_width=595.0,
    )  # fmt: skip


BODY = [
    line("日前，东湖区总工会组织辖区二十家企业的青年职工参加比赛，", 90, 505, 300),
    line("评出一等奖三名、二等奖六名，并为获奖选手颁发证书。（东湖区总工会）", 90, 505, 324),
]


def test_an_indented_first_line_that_stops_short_is_not_taken_as_centred():
    """A brief's first line, set in two characters and stopped two short of the margin (what may
    not start a line moved down), sits in the middle like a centred line; the next line goes on."""
    out = _logical_lines(
        [line("青石镇总工会慰问环卫工人。入伏以来，青石镇总工会为全镇环卫工人送去防暑", 118, 477, 100)]
        + [line("用品和慰问金，覆盖全镇二十个环卫站点的三百余名一线职工，", 90, 505, 124)]
        + [line("受到职工欢迎。（青石镇总工会）", 90, 300, 148)]
        + BODY
    )
    assert out.lines[0] == (
        INDENT + "青石镇总工会慰问环卫工人。入伏以来，青石镇总工会为全镇环卫工人送去防暑"
        "用品和慰问金，覆盖全镇二十个环卫站点的三百余名一线职工，受到职工欢迎。（青石镇总工会）"
    )
    assert not out.hints[0].centred


def test_a_centred_title_nearly_as_wide_as_the_text_is_centred():
    out = _logical_lines(
        [line("东湖区总工会举办职工技能比武暨安全知识竞赛决赛", 108, 499, 60, size=18, bold=True)] + BODY
    )
    assert out.lines[0] == "东湖区总工会举办职工技能比武暨安全知识竞赛决赛"
    assert out.hints[0].centred


def test_a_line_at_the_top_of_two_pages_of_eight_is_not_a_running_head():
    heads = [line("工会工作简报", 250, 345, 40, page=page) for page in range(2, 9)]
    subtitles = [line("——记东湖区职工书屋", 238, 374, 74, page=page) for page in (2, 5)]
    kept = _drop_running_heads(heads + subtitles, pages=8)
    assert [kept_line.text for kept_line in kept] == ["——记东湖区职工书屋"] * 2


def test_short_footer_words_start_the_footer_though_a_recipient_list_wraps():
    """报：送：发： after an article without an attribution start the footer when only footer lines
    follow — a recipient list wrapped onto the next line (as in a table cell) included."""
    parsed = parse_bulletin(
        text="【工作动态】\n\n东湖区总工会举办比武\n\n　　东湖区总工会日前举办比武。\n\n"
        "报：市委办公室\n送：市四套班子有关领导、各市\n（县）、区总工会\n发：各区总工会\n（共印45份）\n"
    )
    assert {kind: footer.text for kind, footer in parsed.footer.items()} == {
        "报送": "市委办公室",
        "抄送": "市四套班子有关领导、各市（县）、区总工会",
        "印发": "各区总工会",
    }
    assert [article.title for article in parsed.articles] == ["东湖区总工会举办比武"]


@pytest.mark.parametrize("title", ["职工书屋如何“活”起来？", "让2000名职工用上APP！"])
def test_a_title_ending_in_a_question_or_exclamation_mark_follows_an_article_without_attribution(title):
    """Where paragraphs are indented, an unindented short line ending in ？ or ！ after a finished
    paragraph is the next title, even though the article before it has no attribution."""
    parsed = parse_bulletin(
        text="【工作动态】\n\n东湖区总工会举办比武\n\n　　东湖区总工会日前举办比武。\n\n"
        f"{title}\n\n　　西山区总工会建成职工书屋二十家。（西山区总工会）\n"
    )
    assert [article.title for article in parsed.articles] == ["东湖区总工会举办比武", title]


def test_an_exclaiming_paragraph_is_not_a_title_where_paragraphs_are_not_indented():
    parsed = parse_bulletin(
        text="【工作动态】\n东湖区总工会举办比武\n东湖区总工会日前举办比武。\n大家都说好！\n（东湖区总工会）\n"
    )
    assert [(article.title, article.paragraphs) for article in parsed.articles] == [
        ("东湖区总工会举办比武", ["东湖区总工会日前举办比武。", "大家都说好！"])
    ]


def test_a_file_in_the_wrong_years_folder_keeps_the_year_of_its_printed_date(db, tmp_path):
    """A file name's year files an issue dated early in January under the year before; a file name
    years away from the printed date (a misfiled folder) does not move the issue there."""
    folder = tmp_path / "2019"
    folder.mkdir()
    path = folder / "第5期.txt"
    path.write_text(
        "工会工作简报\n第5期\n苏州市总工会办公室编　　2009年3月2日\n\n【工作动态】\n\n"
        "东湖区总工会举办比武\n\n　　东湖区总工会日前举办比武。（东湖区总工会）\n",
        encoding="utf-8",
    )
    _, err = run_import(path)
    assert (Issue.objects.get().year, Issue.objects.get().number) == (2009, 5)
    assert f"警告：{path} 第 1 行：文件名中的年份是 2019，报头中是 2009，以报头为准。" in err


@pytest.mark.parametrize(
    "footer, lines",
    [
        (
            "报：省总工会　　送：市总各部室\n发：各区总工会",
            {"报送": ("报：", "省总工会"), "抄送": ("送：", "市总各部室"), "印发": ("发：", "各区总工会")},
        ),
        (
            "本期报送：省总工会　　　本期印发：各区总工会　（共印80份）",
            {"报送": ("本期报送：", "省总工会"), "印发": ("本期印发：", "各区总工会")},
        ),
        (
            "报送：省总工会 抄 送：市总各部室",
            {"报送": ("报送：", "省总工会"), "抄送": ("抄 送：", "市总各部室")},
        ),
    ],
)
def test_two_footer_lines_printed_on_one_line_are_read_apart(db, footer, lines):
    from tests.formats.layouts import layout
    from tests.formats.test_layout_printed_forms import round_trip

    text = layout(footer=footer)
    parsed = parse_bulletin(text=text)
    assert {kind: (line.label, line.text) for kind, line in parsed.footer.items()} == lines
    round_trip(text)
    assert dict(IssueLine.objects.values_list("kind", "printed_label")) == {
        {"报送": "report", "抄送": "copy", "印发": "distribute"}[kind]: label
        for kind, (label, _text) in lines.items()
    }


@pytest.mark.parametrize(
    "brief, title",
    [
        ("青石镇总工会慰问环卫工人！入伏以来，青石镇总工会送去防暑用品。", "青石镇总工会慰问环卫工人！"),
        ("职工书屋如何用起来？青石镇总工会建成职工书屋二十家。", "职工书屋如何用起来？"),
        ("青石镇开展“比一比，赛一赛！”活动。全镇二十家企业参加。", "青石镇开展“比一比，赛一赛！”活动"),
    ],
)
def test_a_briefs_lead_may_end_in_an_exclamation_or_question_mark(db, brief, title):
    """The lead sentence ends at the first 。, ！ or ？ outside quotes; the ！ or ？ is the title's."""
    from tests.formats.layouts import MASTHEAD, layout
    from tests.formats.test_layout_printed_forms import round_trip

    text = layout(masthead=MASTHEAD).replace(
        "青石镇总工会慰问环卫工人。入伏以来，青石镇总工会为全镇环卫工人送去防暑用品。", brief
    )
    assert brief in text
    round_trip(text)
    assert Article.objects.filter(title=title).exists()


def test_a_briefs_lead_printed_on_a_line_of_its_own_is_its_title(db):
    """简讯 set as a short bold line, then the text (as some Word files do): the line is the lead."""
    from tests.formats.layouts import layout
    from tests.formats.test_layout_printed_forms import round_trip

    text = layout().replace(
        "　　青石镇总工会慰问环卫工人。入伏以来，",
        "青石镇总工会慰问环卫工人\n　　入伏以来，",
    )
    assert "慰问环卫工人\n" in text
    round_trip(text)
    article = Article.objects.get(section__name="工作简讯")
    assert article.title == "青石镇总工会慰问环卫工人"
    assert article.body.startswith("<p>入伏以来，")
