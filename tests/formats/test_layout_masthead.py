"""The mastheads real bulletins print: the title spaced out, the year in the number line, …编 or …编印
with the date after spaces, a tab or on the next line, dates in Chinese numerals. And the number
lines and dates that make no sense: refused, naming the line, nothing saved."""

import datetime
import json

import pytest

from articles.models import Article
from bulletin.models import Issue
from contributors.models import Unit
from formats.importer.masthead import parse_masthead
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.layouts import layout, write


def read(*lines: str):
    warnings = []
    masthead = parse_masthead(lines=list(enumerate(lines, start=1)), warnings=warnings)
    return masthead, warnings


@pytest.mark.parametrize(
    "title",
    [
        "工 会 工 作 简 报",
        "工\u3000会\u3000工\u3000作\u3000简\u3000报",
        "工  会  工  作  简  报",
        "《工会工作简报》",
    ],
)
def test_a_spaced_out_title_is_the_publication_title(db, tmp_path, title):
    path = write(tmp_path, layout(masthead=f"{title}\n第7期\n苏州市总工会办公室编  2016年5月20日"))
    out, err = run_import(path, "--dry-run", "--format", "json")
    assert json.loads(out)["masthead"]["title"] == "工会工作简报"
    assert "警告：" not in err
    run_import(path)
    assert Issue.objects.get().publication.slug == "gonghui-gongzuo-jianbao"


@pytest.mark.parametrize(
    "line, year, number, total",
    [
        ("2014年第3期（总第87期）", 2014, 3, 87),
        ("2014年第3期 (总第87期)", 2014, 3, 87),
        ("第3期 (总第87期)", None, 3, 87),
        ("第3期（总第87期）", None, 3, 87),
        ("2014年 第3期", 2014, 3, None),
        ("2014年度第3期", 2014, 3, None),
        ("二〇一四年第三期", 2014, 3, None),
        ("（2014年第3期）", 2014, 3, None),
        ("2014年第3期　　总第87期", 2014, 3, 87),
    ],
)
def test_the_number_line_may_carry_the_year_and_the_running_number(line, year, number, total):
    masthead, warnings = read("工会工作简报", line, "苏州市总工会办公室编  2015年1月9日")
    assert (masthead.year, masthead.number, masthead.total_number, warnings) == (year, number, total, [])


def test_the_year_of_the_number_line_is_the_issue_year(db, tmp_path):
    masthead = "工会工作简报\n2014年第52期（总第87期）\n苏州市总工会办公室编  2015年1月9日"
    run_import(write(tmp_path, layout(masthead=masthead)))
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.total_number, issue.issue_date) == (
        2014,
        52,
        87,
        datetime.date(2015, 1, 9),
    )


@pytest.mark.parametrize(
    "lines",
    [
        ["苏州市总工会办公室编  2016年5月20日"],
        ["苏州市总工会办公室编印  2016年5月20日"],
        ["苏州市总工会办公室编\t2016年5月20日"],
        ["苏州市总工会办公室编印\t\t2016年5月20日"],
        ["苏州市总工会办公室 编印\u3000\u3000\u3000\u30002016年5月20日"],
        ["苏州市总工会办公室编", "2016年5月20日"],
        ["苏州市总工会办公室编印", "2016年5月20日"],
        ["2016年5月20日\u3000\u3000苏州市总工会办公室编印"],
        ["主办：苏州市总工会办公室  2016年5月20日"],
        ["编印单位： 苏州市总工会办公室", "2016年5月20日"],
        ["苏州市总工会办公室编  2016年5月20日（星期五）"],
        ["苏州市总工会办公室编  2016年5月20日 星期五"],
    ],
)
def test_the_editing_unit_and_the_date(lines):
    masthead, warnings = read("工会工作简报", "第7期", *lines)
    assert (masthead.editor_unit, masthead.date, warnings) == (
        "苏州市总工会办公室",
        datetime.date(2016, 5, 20),
        [],
    )


@pytest.mark.parametrize(
    "text, day",
    [
        ("二〇一〇年六月八日", datetime.date(2010, 6, 8)),
        ("二○一○年十二月三十一日", datetime.date(2010, 12, 31)),
        ("二零一零年十月二十日", datetime.date(2010, 10, 20)),
        ("二〇一〇年十一月十一日", datetime.date(2010, 11, 11)),
        ("二ＯＯ九年三月一日", datetime.date(2009, 3, 1)),
        ("2010年6月8日", datetime.date(2010, 6, 8)),
        ("2010年06月08日", datetime.date(2010, 6, 8)),
        ("２０１０年６月８日", datetime.date(2010, 6, 8)),
        ("2010 年 6 月 8 日", datetime.date(2010, 6, 8)),
        ("2010.6.8", datetime.date(2010, 6, 8)),
        ("2010-06-08", datetime.date(2010, 6, 8)),
        ("2010/6/8", datetime.date(2010, 6, 8)),
    ],
)
def test_dates_in_chinese_numerals_and_the_usual_arabic_forms(text, day):
    masthead, _ = read("工会工作简报", "第十二期", f"苏州市总工会办公室编  {text}")
    assert (masthead.number, masthead.date) == (12, day)


def test_a_masthead_in_chinese_numerals_imports(db, tmp_path):
    masthead = "内部资料\n工 会 工 作 简 报\n二〇一〇年第十二期（总第五十六期）\n苏州市总工会办公室编印\n二○一○年十二月三十一日"
    run_import(write(tmp_path, layout(masthead=masthead)))
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.total_number, issue.issue_date, issue.visibility) == (
        2010,
        12,
        56,
        datetime.date(2010, 12, 31),
        "internal",
    )


@pytest.mark.parametrize(
    "number_line, line, message",
    [
        ("第0期", 2, "“第0期”不是有效的期号：期号从 1 开始。"),
        ("第-3期", 2, "“第-3期”不是有效的期号：期号从 1 开始。"),
        ("第 期", 2, "“第 期”不是有效的期号：期号从 1 开始。"),
        ("2016年第〇期", 2, "“2016年第〇期”不是有效的期号：期号从 1 开始。"),
        ("第7期（总第0期）", 2, "“总第0期”不是有效的期号：期号从 1 开始。"),
        ("1899年第7期", 2, "“1899年第7期”中的年份 1899 不可能正确。"),
    ],
)
def test_a_number_line_that_makes_no_sense_is_refused(db, tmp_path, number_line, line, message):
    path = write(
        tmp_path, layout(masthead=f"工会工作简报\n{number_line}\n苏州市总工会办公室编  2016年5月20日")
    )
    _, err, error = run_failing_import(path)
    assert f"错误：{path} 第 {line} 行：{message}" in err
    assert f"{path} 的内容均未保存。" in err
    assert str(error) == "1 个文件中有 1 个未能导入。"
    assert not Issue.objects.exists()
    assert not Article.objects.exists()
    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    "date",
    ["二〇一〇年二月三十日", "二〇一〇年十三月一日", "2011年2月29日", "2010.4.31"],
)
def test_a_date_that_does_not_exist_is_refused(db, tmp_path, date):
    path = write(tmp_path, layout(masthead=f"工会工作简报\n第7期\n苏州市总工会办公室编\n{date}"))
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 4 行：“{date}”不是有效日期。" in err
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_stray_text_in_the_masthead_is_still_refused(db, tmp_path):
    path = write(
        tmp_path,
        layout(masthead="工会工作简报\n第7期\n苏州市总工会办公室编  2016年5月20日\n本期要目：技能比武"),
    )
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 4 行：第一个栏目标题之前有无法识别的文字。" in err
    assert not Issue.objects.exists()
