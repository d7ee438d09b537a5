"""export_issue writes the plain-text layout: masthead, 【section】, titles, paragraphs, attributions,
footer lines, 共印N份."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bulletin.models import Section
from formats.exporters import available_formats, get_format
from formats.exporters.plaintext import html_to_paragraphs
from tests.factories import ArticleFactory, IssueFactory, IssueLineFactory, RecipientGroupFactory
from tests.formats.bulletins import run_export

EXPECTED = """工会工作简报
第7期（总第190期）
苏州市总工会办公室编\u3000\u30002019年8月2日

【工作动态】

东湖区总工会举办劳动法律知识竞赛

\u3000\u3000东湖区总工会日前举办劳动法律知识竞赛。
\u3000\u3000二十支企业代表队参赛。\u3000\u3000（东湖区总工会）

西山区总工会开展安全生产检查

\u3000\u3000西山区总工会联合区应急管理局开展检查。\u3000\u3000（市总生产部、宣教部）

【工作简讯】

\u3000\u3000北湖区总工会慰问环卫工人。近日，北湖区总工会送去防暑药品。（北湖区总工会）

本期报送：省总工会
本期印发：市四套班子有关领导、市各有关部门
共印150份
"""


@pytest.fixture
def issue(db):
    sections = {section.name: section for section in Section.objects.all()}
    issue = IssueFactory(
        year=2019,
        number=7,
        total_number=190,
        issue_date=datetime.date(2019, 8, 2),
        copies=150,
        published=True,
    )

    def article(section, position, title, body, byline):
        ArticleFactory(
            title=title,
            body=body,
            byline=byline,
            status="published",
            published_at=issue.published_at,
            issue=issue,
            section=sections[section],
            position=position,
        )

    article(
        "工作简讯", 1, "北湖区总工会慰问环卫工人", "<p>近日，北湖区总工会送去防暑药品。</p>", "北湖区总工会"
    )
    article(
        "工作动态",
        2,
        "西山区总工会开展安全生产检查",
        "<p>西山区总工会联合区应急管理局开展检查。</p>",
        "市总生产部、宣教部",
    )
    article(
        "工作动态",
        1,
        "东湖区总工会举办劳动法律知识竞赛",
        "<p>东湖区总工会日前举办劳动法律知识竞赛。</p><p>二十支企业代表队参赛。</p>",
        "东湖区总工会",
    )
    IssueLineFactory(issue=issue, kind="report", text="省总工会")
    line = IssueLineFactory(issue=issue, kind="distribute", text="")
    line.groups.set(
        [
            RecipientGroupFactory(name="市四套班子有关领导", position=1),
            RecipientGroupFactory(name="市各有关部门", position=2),
        ]
    )
    return issue


def test_it_writes_the_issue_in_the_plain_text_layout(issue):
    assert run_export("2019-7", "--format", "txt") == EXPECTED


def test_it_writes_to_a_file_with_o(issue, tmp_path):
    path = tmp_path / "2019-07.txt"
    err = StringIO()
    call_command("export_issue", "2019-7", "--format", "txt", "-o", str(path), stdout=StringIO(), stderr=err)
    assert path.read_text(encoding="utf-8") == EXPECTED
    assert err.getvalue() == f"已将2019年第7期（总第190期）写入 {path}。\n"


def test_it_exports_txt_by_default(issue):
    assert run_export("2019-7") == EXPECTED


def test_it_refuses_an_issue_that_does_not_exist(issue):
    with pytest.raises(CommandError) as error:
        run_export("2019-8")
    assert str(error.value) == "《工会工作简报》没有2019年第8期。"


def test_it_refuses_a_malformed_issue_label(issue):
    with pytest.raises(CommandError) as error:
        run_export("7/2019")
    assert str(error.value) == "请按“年-期号”给出期次，例如 2012-2；收到的是 7/2019。"


def test_it_refuses_an_unknown_format(issue):
    with pytest.raises(CommandError) as error:
        run_export("2019-7", "--format", "rtf")
    assert str(error.value) == "不支持 rtf 格式；可用格式：docx, pdf, txt。"


def test_it_asks_for_a_file_for_binary_formats(issue):
    with pytest.raises(CommandError) as error:
        run_export("2019-7", "--format", "docx")
    assert str(error.value) == "docx 格式是二进制文件，请用 -o 指定输出文件。"


def test_it_finds_every_format_module_in_the_registry():
    assert set(available_formats()) >= {"txt"}
    assert get_format("txt").content_type == "text/plain; charset=utf-8"
    assert get_format("rtf") is None


def test_it_turns_body_html_into_plain_paragraphs():
    html = "<p>第一段<strong>加粗</strong>&amp;符号。</p>\n<ul><li>要点一</li><li>要点二</li></ul><p>甲<br>乙</p>"
    assert html_to_paragraphs(html) == ["第一段加粗&符号。", "要点一", "要点二", "甲", "乙"]


def test_it_runs_a_brief_title_ending_in_a_full_stop_into_the_body_once(issue):
    ArticleFactory(
        title="南塘街道总工会举办运动会。",
        body="<p>三百余名职工参加。</p>",
        byline="",
        status="published",
        published_at=issue.published_at,
        issue=issue,
        section=Section.objects.get(name="工作简讯"),
        position=2,
    )
    assert "\u3000\u3000南塘街道总工会举办运动会。三百余名职工参加。\n" in run_export("2019-7")


def test_it_explains_itself_in_chinese():
    from formats.management.commands.export_issue import Command

    text = Command().create_parser("manage.py", "export_issue").format_help()
    assert "导出一期简报，例如 export_issue 2012-2 --format txt -o 2012-02.txt。" in text
