"""The masthead gives the issue its number, running number, date and year; options fill the gaps."""

import datetime
import json

import pytest

from bulletin.models import Issue
from formats.importer.masthead import cjk_number, parse_masthead
from tests.formats.bulletins import bulletin, run_failing_import, run_import


def test_it_reads_number_total_number_editor_and_date_from_a_masthead(db):
    out, _ = run_import(bulletin("full-masthead.txt"), "--dry-run", "--format", "json")
    assert json.loads(out)["masthead"] == {
        "title": "工会工作简报",
        "number": 5,
        "total_number": 188,
        "date": "2019-06-18",
        "editor_unit": "江南市总工会办公室",
        "marks": [],
    }


def test_it_creates_the_issue_from_the_masthead(db):
    run_import(bulletin("full-masthead.txt"))
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.total_number, issue.issue_date) == (
        2019,
        5,
        188,
        datetime.date(2019, 6, 18),
    )


def test_it_reads_the_total_number_on_the_same_line():
    masthead = parse_masthead(
        lines=[(1, "工会工作简报"), (2, "第9期（总第192期）"), (3, "某某编  2019年10月12日")], warnings=[]
    )
    assert (masthead.number, masthead.total_number, masthead.date) == (9, 192, datetime.date(2019, 10, 12))


def test_it_reads_chinese_numerals_in_the_masthead():
    masthead = parse_masthead(
        lines=[(1, "工会工作简报"), (2, "第十二期"), (3, "二〇一三年四月二十六日")], warnings=[]
    )
    assert (masthead.number, masthead.date) == (12, datetime.date(2013, 4, 26))


def test_it_converts_chinese_numbers():
    assert [cjk_number(text) for text in ["12", "１２", "十", "十二", "二十六", "一百零八", "二〇一三"]] == [
        12,
        12,
        10,
        12,
        26,
        108,
        2013,
    ]


def test_it_warns_when_the_masthead_names_another_editing_unit(db):
    _, err = run_import(bulletin("full-masthead.txt"))
    assert (
        f"警告：{bulletin('full-masthead.txt')} 第 1 行：报头的编印单位是“江南市总工会办公室”，刊物设置为“苏州市总工会办公室”。"
        in err
    )


def test_it_takes_number_and_date_from_the_options_when_there_is_no_masthead(db):
    run_import(bulletin("no-masthead.txt"), "--number", "4", "--date", "2020-03-09")
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2020, 4, datetime.date(2020, 3, 9))


def test_it_takes_the_year_from_the_option_over_the_date(db):
    run_import(bulletin("no-masthead.txt"), "--number", "12", "--date", "2021-01-05", "--year", "2020")
    assert Issue.objects.get().year == 2020


def test_it_refuses_a_file_without_masthead_or_number(db):
    _, err, error = run_failing_import(bulletin("no-masthead.txt"), "--date", "2020-03-09")
    assert (
        f"错误：{bulletin('no-masthead.txt')} 第 1 行：报头和文件名中都没有以下各项：期号（第N期），请用 --number 指定。"
        in err
    )
    assert str(error) == "1 个文件中有 1 个未能导入。"
    assert not Issue.objects.exists()


def test_it_refuses_a_file_without_masthead_or_date(db):
    _, err, _ = run_failing_import(bulletin("no-masthead.txt"), "--number", "4")
    assert (
        f"错误：{bulletin('no-masthead.txt')} 第 1 行：报头和文件名中都没有以下各项：日期，请用 --date 指定（格式如 2012-02-28）。"
        in err
    )
    assert not Issue.objects.exists()


def test_it_warns_when_an_option_overrides_the_masthead(db):
    _, err = run_import(bulletin("full-masthead.txt"), "--number", "6")
    assert f"警告：{bulletin('full-masthead.txt')} 第 1 行：--number 6 取代了报头中的 5。" in err
    assert Issue.objects.get().number == 6


@pytest.mark.parametrize("value", ["2020/03/09", "yesterday"])
def test_it_refuses_a_malformed_date_option(db, value):
    _, _, error = run_failing_import(bulletin("no-masthead.txt"), "--number", "4", "--date", value)
    assert str(error) == f"Error: argument --date: --date 的格式应为 2013-04-26，收到的是 {value}。"


def test_it_reads_a_masthead_with_spaced_title_dotted_date_and_a_detached_editor_mark():
    masthead = parse_masthead(
        lines=[
            (1, "工 会 工 作 简 报"),
            (2, "2019年第3期  总第186期"),
            (3, "江南市总工会办公室 编   2019.3.15"),
        ],
        warnings=[],
    )
    assert masthead.as_json() == {
        "title": "工会工作简报",
        "number": 3,
        "total_number": 186,
        "date": "2019-03-15",
        "editor_unit": "江南市总工会办公室",
        "marks": [],
    }


def test_it_keeps_classification_marks_in_the_masthead_without_a_warning():
    warnings = []
    masthead = parse_masthead(
        lines=[(1, "工会工作简报"), (2, "内部资料  注意保存"), (3, "第3期  2019年3月15日")], warnings=warnings
    )
    assert (masthead.marks, masthead.internal, warnings) == (["内部资料", "注意保存"], True, [])


def test_it_warns_that_a_special_issue_mark_is_not_kept():
    warnings = []
    masthead = parse_masthead(
        lines=[(1, "工会工作简报（增刊）"), (2, "第3期  2019年3月15日")], warnings=warnings
    )
    assert [(notice.line, notice.message) for notice in warnings] == [(1, "报头中的“增刊”未予保留。")]
    assert (masthead.title, masthead.internal) == ("工会工作简报", False)
