"""PDF bulletins: lines rebuilt in reading order, wrapped paragraphs joined across lines and pages,
running heads and page numbers dropped, titles and masthead told by their look; scans, encrypted,
damaged and far too long files refused with their reason, and nothing saved."""

import time

import pytest
from weasyprint import HTML

from articles.models import Article
from bulletin.models import Issue
from contributors.models import Unit
from distribution.models import IssueLine
from formats.importer.readers import read_source
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.documents import convert, demo_bulletin, scanned_pdf, simple_pdf, write_docx

PARAGRAPH = "近日，北湖区总工会组织安全生产监督员深入企业车间，检查安全生产责任落实情况，督促整改隐患。" * 8


def assert_nothing_saved():
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()


@pytest.fixture
def demo_pdf(tmp_path):
    return convert(write_docx(demo_bulletin(), tmp_path / "demo.docx"), "pdf")


@pytest.fixture
def paged_pdf(tmp_path):
    """Three pages and more, with a running head and — N — page numbers, by WeasyPrint."""
    articles = "".join(
        f"<h2>北湖区总工会开展第{number}轮安全检查</h2><p>{PARAGRAPH}（北湖区总工会）</p>"
        for number in range(1, 7)
    )
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 25mm 26mm;
        @top-center {{ content: "工会工作简报（内部资料）"; font-size: 9pt }}
        @bottom-center {{ content: "— " counter(page) " —"; font-size: 11pt }} }}
      body {{ font-family: 'Noto Serif CJK SC'; font-size: 14pt; line-height: 1.6 }}
      h1 {{ color: #d00; text-align: center; font-size: 36pt; letter-spacing: 0.5em }}
      h2 {{ text-align: center; font-size: 16pt; font-weight: bold }}
      p {{ text-indent: 2em; margin: 0; text-align: justify }} .plain {{ text-indent: 0 }}
    </style></head><body>
      <h1>工会工作简报</h1><p class="plain" style="text-align: center">第7期</p>
      <p class="plain">江南市总工会办公室编　　2020年7月1日</p>
      <p class="plain">【工作动态】</p>{articles}
      <p class="plain">本期报送：省总工会</p><p class="plain">共印60份</p>
    </body></html>"""
    path = tmp_path / "paged.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def test_it_imports_a_word_bulletin_printed_to_pdf_as_the_word_file(db, demo_pdf):
    out, _ = run_import(demo_pdf)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.total_number, str(issue.issue_date), issue.copies) == (
        2019,
        5,
        188,
        "2019-05-08",
        80,
    )
    assert list(
        Article.objects.order_by("section__position", "position").values_list("title", "body", "byline")
    ) == [
        (
            "东湖区总工会举办“安康杯”安全知识竞赛",
            "<p>日前，东湖区总工会在区职工服务中心举办“安康杯”安全知识竞赛，全区二十支代表队参加。</p>\n"
            "<p>竞赛分必答、抢答和风险题三个环节，现场气氛热烈。</p>",
            "东湖区总工会",
        ),
        (
            "西山区总工会开展夏季送清凉活动",
            "<p>近日，西山区总工会走访建筑工地和环卫站点，为一线职工送去防暑降温用品。</p>",
            "西山区总工会",
        ),
        (
            "市总工会召开女职工工作座谈会",
            "<p>会议交流了各地女职工工作经验，部署了下半年重点任务。</p>",
            "市总女职工部",
        ),
    ]
    assert dict(IssueLine.objects.values_list("kind", "text")) == {
        "report": "省总工会",
        "distribute": "市四套班子有关领导、各市（县）、区、局（公司）工会",
    }
    assert f"{demo_pdf}（PDF）：已导入2019年第5期（总第188期），共 3 篇稿件。" in out


def test_it_reads_the_red_masthead_and_bold_centred_titles_by_their_look(demo_pdf):
    read = read_source(data=demo_pdf.read_bytes(), name=demo_pdf.name)
    hints = dict(zip(read.lines, read.hints, strict=True))
    masthead = hints["工 会 工 作 简 报"]
    assert (masthead.red, masthead.centred, masthead.size) == (True, True, 36.0)
    title = hints["西山区总工会开展夏季送清凉活动"]
    assert (title.bold, title.centred, title.red) == (True, True, False)


def test_it_drops_running_heads_and_page_numbers_and_joins_paragraphs_across_pages(paged_pdf):
    read = read_source(data=paged_pdf.read_bytes(), name=paged_pdf.name)
    assert not [line for line in read.lines if "内部资料" in line or "—" in line]
    paragraphs = [line for line in read.lines if line.startswith("\u3000\u3000")]
    assert paragraphs == [f"\u3000\u3000{PARAGRAPH}（北湖区总工会）"] * 6


def test_it_imports_a_bulletin_of_several_pages(db, paged_pdf):
    run_import(paged_pdf)
    issue = Issue.objects.get()
    assert (issue.number, str(issue.issue_date), issue.copies) == (7, "2020-07-01", 60)
    assert [article.title for article in issue.articles.order_by("position")] == [
        f"北湖区总工会开展第{number}轮安全检查" for number in range(1, 7)
    ]
    assert {article.body for article in issue.articles.all()} == {f"<p>{PARAGRAPH}</p>"}


# --- bad PDF files ------------------------------------------------------------------------------


def test_it_refuses_a_scan_without_a_text_layer(db, tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf")
    _, err, _ = run_failing_import(path, "--number", "1", "--date", "2020-01-02")
    assert (
        f"错误：{path}：该 PDF 是扫描件，无文字层，读不出文字。请导入原始的 Word 文件，或先对 PDF 做文字识别（OCR）。"
        in err
    )
    assert f"{path} 的内容均未保存。" in err
    assert_nothing_saved()


def test_it_refuses_a_damaged_pdf(db, tmp_path, demo_pdf):
    path = tmp_path / "damaged.pdf"
    data = demo_pdf.read_bytes()
    path.write_bytes(data[:400] + b"\x00garbage\xff" * 200)
    _, err, _ = run_failing_import(path)
    assert f"错误：{path}：PDF 文件已损坏，无法读取。" in err
    assert_nothing_saved()


def test_it_refuses_a_file_named_pdf_that_is_not_one(db, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("【工作动态】\n", encoding="utf-8")
    _, err, _ = run_failing_import(path)
    assert f"错误：{path}：该文件的扩展名是 .pdf，但内容不是 PDF。" in err
    assert_nothing_saved()


def test_it_refuses_an_encrypted_pdf(db, tmp_path):
    docx = write_docx(demo_bulletin(), tmp_path / "locked.docx")
    path = convert(
        docx,
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"mima2019"}}',
    )
    _, err, _ = run_failing_import(path)
    assert f"错误：{path}：该 PDF 设有密码（已加密），请去掉密码另存后再导入。" in err
    assert_nothing_saved()


def test_it_refuses_a_200_page_report_quickly(db, tmp_path):
    path = tmp_path / "annual-report.pdf"
    path.write_bytes(
        simple_pdf([[f"Annual report, page {page}", "Figures and tables."] for page in range(200)])
    )
    started = time.perf_counter()
    _, err, _ = run_failing_import(path)
    assert time.perf_counter() - started < 5
    assert f"错误：{path}：该 PDF 共 200 页，一期简报最多 60 页。请确认是否选错了文件。" in err
    assert_nothing_saved()


def test_it_refuses_a_short_pdf_that_is_not_a_bulletin(db, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(
        simple_pdf([[f"Minutes of meeting {page}", "Present: all members."] for page in range(30)])
    )
    _, err, _ = run_failing_import(path, "--number", "1", "--date", "2020-01-02")
    assert f"错误：{path} 第 60 行：没有找到【工作动态】这样的栏目标题。" in err
    assert_nothing_saved()
