"""Word (.docx) bulletins: the masthead, titles and footer told by their look, pictures kept with
their articles, and every bad Word file refused with its reason and nothing saved."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from articles.models import Article, ArticleImage
from bulletin.models import Issue
from contributors.models import Unit
from distribution.models import IssueLine
from formats.importer.errors import BulletinImportError
from formats.importer.hints import LineHint
from formats.importer.parser import parse_bulletin
from formats.importer.readers import read_source
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.documents import Article as DemoArticle
from tests.formats.documents import demo_bulletin, encrypted_docx, open_with_password, png, write_docx


def media_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def assert_nothing_saved(media_root=None):
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()
    assert not ArticleImage.objects.exists()
    if media_root is not None:
        assert media_files(media_root) == []


@pytest.fixture
def demo_docx(tmp_path):
    return write_docx(demo_bulletin(), tmp_path / "demo.docx")


def test_it_reads_the_look_of_each_line(demo_docx):
    read = read_source(data=demo_docx.read_bytes(), name=demo_docx.name)
    assert read.label == "Word .docx"
    hints = dict(zip(read.lines, read.hints, strict=True))
    assert hints["工 会 工 作 简 报"] == LineHint(bold=True, centred=True, size=36.0, red=True)
    assert hints["西山区总工会开展夏季送清凉活动"] == LineHint(bold=True, centred=True, size=18.0, red=False)
    assert hints["江南市总工会办公室编\t2019年5月8日"].centred is False


def test_it_turns_a_line_break_inside_a_paragraph_into_two_lines(demo_docx):
    read = read_source(data=demo_docx.read_bytes(), name=demo_docx.name)
    first = read.lines.index("东湖区总工会举办“安康杯”")
    assert read.lines[first + 1] == "安全知识竞赛"


def test_it_imports_the_red_spaced_masthead_and_the_tabbed_editing_line(db, demo_docx):
    out, _ = run_import(demo_docx)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.total_number, str(issue.issue_date)) == (
        2019,
        5,
        188,
        "2019-05-08",
    )
    assert f"{demo_docx}（Word .docx）：已导入2019年第5期（总第188期），共 3 篇稿件。" in out


def test_it_joins_a_centred_bold_title_over_its_line_break(db, demo_docx):
    run_import(demo_docx)
    assert list(Article.objects.order_by("section__position", "position").values_list("title", "byline")) == [
        ("东湖区总工会举办“安康杯”安全知识竞赛", "东湖区总工会"),
        ("西山区总工会开展夏季送清凉活动", "西山区总工会"),
        ("市总工会召开女职工工作座谈会", "市总女职工部"),
    ]


def test_it_reads_the_footer_from_a_table(db, demo_docx):
    run_import(demo_docx)
    issue = Issue.objects.get()
    assert issue.copies == 80
    assert dict(IssueLine.objects.values_list("kind", "text")) == {
        "report": "省总工会",
        "distribute": "市四套班子有关领导、各市（县）、区、局（公司）工会",
    }


def test_it_keeps_a_picture_with_its_article_re_encoded(db, demo_docx, media_root):
    out, _ = run_import(demo_docx)
    article = Article.objects.get(title="东湖区总工会举办“安康杯”安全知识竞赛")
    image = ArticleImage.objects.get()
    assert image.article == article
    assert (image.width, image.height) == (40, 30)
    assert f'<img src="{image.image.url}"' in article.body
    assert article.body.startswith("<p>日前，东湖区总工会")
    assert "随稿件保存的图片：1 张" in out


def test_it_leaves_out_a_picture_that_fails_the_upload_checks_with_a_warning(db, tmp_path):
    bulletin = demo_bulletin()
    # 8,000 × 6,000 pixels: over the 40-million-pixel cap of every upload.
    bulletin.sections["工作动态"][0].picture = png(8000, 6000, colour=(255, 255, 255))
    path = write_docx(bulletin, tmp_path / "big-picture.docx")
    _, err = run_import(path)
    assert "文档中的一张图片未导入：图片为 8000×6000 像素，最多允许 40 百万像素。" in err.replace("\n", "")
    assert Article.objects.count() == 3
    assert not ArticleImage.objects.exists()


def test_a_dry_run_checks_pictures_but_stores_none(db, demo_docx, media_root):
    out, _ = run_import(demo_docx, "--dry-run")
    assert "随稿件保存的图片：1 张" in out
    assert_nothing_saved(media_root)


def test_a_word_file_refused_as_a_duplicate_stores_no_second_picture(db, demo_docx, media_root):
    run_import(demo_docx)
    files = media_files(media_root)
    assert len(files) == 1
    _, err, _ = run_failing_import(demo_docx)
    assert "已存在，本文件未导入" in err
    assert media_files(media_root) == files
    assert ArticleImage.objects.count() == 1


def test_a_failure_after_the_pictures_were_stored_deletes_their_files(db, demo_docx, media_root, monkeypatch):
    def fail(html):
        raise BulletinImportError(line=9, message="模拟的故障")

    monkeypatch.setattr("formats.importer.pictures.sanitize_html", fail)
    _, err, _ = run_failing_import(demo_docx)
    assert f"错误：{demo_docx} 第 9 行：模拟的故障" in err
    assert_nothing_saved(media_root)


def test_the_look_decides_a_long_title_and_a_short_body_line(tmp_path):
    """Where the words mislead — a title longer than any typed title line, a short body line
    without punctuation — the file's look decides."""
    bulletin = demo_bulletin()
    bulletin.sections = {
        "工作动态": [
            DemoArticle(
                title=[
                    "东湖区总工会联合区人社局区司法局区法院开展劳动法律法规进企业进工地进社区宣传服务月活动"
                ],
                paragraphs=["活动分三个阶段", "各街道工会组织宣讲团深入企业，发放资料二千余份。"],
                byline="东湖区总工会",
            )
        ]
    }
    path = write_docx(bulletin, tmp_path / "long-title.docx")
    read = read_source(data=path.read_bytes(), name=path.name)
    with_look = parse_bulletin(text=read.text, hints=read.hints).articles
    assert [(article.title, article.paragraphs) for article in with_look] == [
        (
            "东湖区总工会联合区人社局区司法局区法院开展劳动法律法规进企业进工地进社区宣传服务月活动",
            ["活动分三个阶段", "各街道工会组织宣讲团深入企业，发放资料二千余份。"],
        )
    ]


def test_the_parser_still_takes_plain_text_without_hints():
    parsed = parse_bulletin(
        text="【工作动态】\n\n北湖区总工会慰问职工\n\n北湖区总工会日前慰问一线职工。（北湖区总工会）\n"
    )
    assert [article.title for article in parsed.articles] == ["北湖区总工会慰问职工"]


# --- bad Word files ----------------------------------------------------------------------------


def test_the_encrypted_word_file_of_these_tests_is_real(tmp_path, demo_docx):
    path = encrypted_docx(demo_docx.read_bytes(), tmp_path / "locked.docx", password="mima2019")
    assert open_with_password(path, "mima2019").startswith("工 会 工 作 简 报\n第5期（总第188期）\n")
    assert open_with_password(path, "wrong") == ""


def test_it_refuses_an_encrypted_word_file(db, tmp_path, demo_docx):
    path = encrypted_docx(demo_docx.read_bytes(), tmp_path / "locked.docx")
    _, err, _ = run_failing_import(path)
    assert (
        f"错误：{path}：该 Word 文件设有密码（已加密）。请在 Word 或 WPS 中打开，取消密码并保存后导入新文件。"
        in err
    )
    assert f"{path} 的内容均未保存。" in err
    assert_nothing_saved()


def test_it_refuses_a_damaged_word_file(db, tmp_path, demo_docx):
    path = tmp_path / "damaged.docx"
    path.write_bytes(demo_docx.read_bytes()[:3000])
    _, err, _ = run_failing_import(path)
    assert f"错误：{path}：Word 文件已损坏，无法打开。" in err
    assert_nothing_saved()


def test_it_refuses_a_zip_that_is_not_a_word_file(db, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    path = tmp_path / "archive.docx"
    path.write_bytes(buffer.getvalue())
    _, err, _ = run_failing_import(path)
    assert f"错误：{path}：该文件是压缩包，不是 Word 文档（.docx）。" in err
    assert_nothing_saved()


def test_it_refuses_a_word_file_without_any_section_heading(db, tmp_path):
    document = Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("与会人员就下一步工作进行了讨论。")
    path = tmp_path / "minutes.docx"
    document.save(path)
    _, err, _ = run_failing_import(path, "--number", "1", "--date", "2020-01-02")
    assert f"错误：{path} 第 2 行：没有找到【工作动态】这样的栏目标题。" in err
    assert_nothing_saved()
