"""Numbers from the file name when the masthead has none; the masthead wins, a conflict is a warning;
everything nothing supplies is reported at once, with the option that supplies each."""

import datetime

import pytest

from articles.models import Article
from bulletin.models import Issue
from formats.importer.filename import numbers_from_file_name
from formats.importer.structure import FileNameNumbers
from tests.formats.bulletins import run_failing_import, run_import, sample_path
from tests.formats.layouts import ARTICLE, FOOTER, layout, write

NO_MASTHEAD = f"【工作动态】\n\n{ARTICLE}\n\n{FOOTER}\n"
BOTH_MISSING = "报头和文件名中都没有以下各项：期号（第N期），请用 --number 指定；日期，请用 --date 指定（格式如 2012-02-28）。"
DATE_MISSING = "报头和文件名中都没有以下各项：日期，请用 --date 指定（格式如 2012-02-28）。"


@pytest.mark.parametrize(
    "name, year, number, date",
    [
        ("2012-02.txt", 2012, 2, None),
        ("2012年第2期.docx", 2012, 2, None),
        ("简报2012-2.pdf", 2012, 2, None),
        ("2012_02.doc", 2012, 2, None),
        ("2012.02.wps", 2012, 2, None),
        ("2012 02.txt", 2012, 2, None),
        ("2012年2期.txt", 2012, 2, None),
        ("2012年度第十二期.docx", 2012, 12, None),
        ("工会工作简报2012第2期（总第87期）.pdf", 2012, 2, None),
        ("第2期.txt", None, 2, None),
        ("第二期.docx", None, 2, None),
        ("bulletin-2012-02.txt", 2012, 2, None),
        ("/archive/2011/2012-02.txt", 2012, 2, None),
        ("2012-02-28.txt", 2012, None, datetime.date(2012, 2, 28)),
        ("20120228.docx", 2012, None, datetime.date(2012, 2, 28)),
        ("2012年2月28日 第2期.docx", 2012, 2, datetime.date(2012, 2, 28)),
        ("简报2012.txt", None, None, None),
        ("bulletin-1995.txt", None, None, None),
        ("简报.txt", None, None, None),
        ("总第87期.txt", None, None, None),
        ("2012-00.txt", None, None, None),
        ("第0期.txt", None, None, None),
        ("1234-05.txt", None, None, None),
    ],
)
def test_what_a_file_name_says(name, year, number, date):
    assert numbers_from_file_name(name) == FileNameNumbers(year=year, number=number, date=date)


def test_the_sample_needs_only_its_date(db):
    run_import(sample_path(), "--date", "2012-02-28")
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2012, 2, datetime.date(2012, 2, 28))
    assert issue.articles.count() == 15


def test_the_sample_without_a_date_is_refused_asking_for_the_date_only(db):
    _, err, _ = run_failing_import(sample_path())
    assert f"错误：{sample_path()} 第 1 行：{DATE_MISSING}" in err
    assert not Issue.objects.exists()


def test_every_missing_item_is_reported_at_once(db, tmp_path):
    path = write(tmp_path, NO_MASTHEAD)
    _, err, error = run_failing_import(path)
    assert f"错误：{path} 第 1 行：{BOTH_MISSING}" in err
    assert err.count("错误：") == 1
    assert str(error) == "1 个文件中有 1 个未能导入。"
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_the_options_supply_what_is_missing(db, tmp_path):
    run_import(write(tmp_path, NO_MASTHEAD), "--number", "3", "--date", "2016-02-05")
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2016, 3, datetime.date(2016, 2, 5))


@pytest.mark.parametrize("name", ["2016-07.txt", "2016年第7期.txt", "简报2016-7.txt", "2016_07.txt"])
def test_the_file_name_gives_year_and_number(db, tmp_path, name):
    run_import(write(tmp_path, NO_MASTHEAD, name=name), "--date", "2016-05-20")
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2016, 7, datetime.date(2016, 5, 20))


def test_a_file_name_with_a_date_needs_the_number(db, tmp_path):
    path = write(tmp_path, NO_MASTHEAD, name="2016-05-20.txt")
    _, err, _ = run_failing_import(path)
    assert f"错误：{path} 第 1 行：报头和文件名中都没有以下各项：期号（第N期），请用 --number 指定。" in err
    run_import(path, "--number", "7")
    assert Issue.objects.get().issue_date == datetime.date(2016, 5, 20)


def test_a_masthead_without_a_date_takes_it_from_the_file_name(db, tmp_path):
    run_import(write(tmp_path, layout(masthead="工会工作简报\n第7期"), name="2016-05-20.txt"))
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2016, 7, datetime.date(2016, 5, 20))


def test_the_masthead_wins_over_the_file_name_with_a_warning(db, tmp_path):
    path = write(tmp_path, layout(), name="2016-08.txt")
    _, err = run_import(path)
    assert Issue.objects.get().number == 7
    assert f"警告：{path} 第 1 行：文件名中的期号是 8，报头中是 7，以报头为准。" in err


def test_a_masthead_that_agrees_with_the_file_name_gives_no_warning(db, tmp_path):
    _, err = run_import(write(tmp_path, layout(), name="2016年第7期.txt"))
    assert "警告：" not in err


def test_the_year_in_the_number_line_wins_over_the_file_name(db, tmp_path):
    masthead = "工会工作简报\n2016年第7期\n苏州市总工会办公室编  2016年5月20日"
    path = write(tmp_path, layout(masthead=masthead), name="2015-07.txt")
    _, err = run_import(path)
    assert Issue.objects.get().year == 2016
    assert f"警告：{path} 第 1 行：文件名中的年份是 2015，报头中是 2016，以报头为准。" in err


def test_the_file_name_year_files_an_early_january_issue_under_the_year_before(db, tmp_path):
    masthead = "工会工作简报\n第52期\n苏州市总工会办公室编  2016年1月8日"
    path = write(tmp_path, layout(masthead=masthead), name="2015-52.txt")
    _, err = run_import(path)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2015, 52, datetime.date(2016, 1, 8))
    assert f"警告：{path} 第 1 行：文件名中的年份是 2015，日期在 2016 年：本期记在 2015 年。" in err


def test_an_option_wins_over_the_file_name_with_a_warning(db, tmp_path):
    path = write(tmp_path, NO_MASTHEAD, name="2016-08.txt")
    _, err = run_import(path, "--number", "9", "--date", "2016-05-20")
    assert Issue.objects.get().number == 9
    assert f"警告：{path} 第 1 行：--number 9 取代了文件名中的 8。" in err


def test_each_file_of_a_batch_takes_its_own_name(db, tmp_path):
    first = write(tmp_path, NO_MASTHEAD, name="2016-07.txt")
    second = write(tmp_path, NO_MASTHEAD.replace("技能比武", "技能竞赛"), name="2016-08.txt")
    run_import(first, second, "--date", "2016-05-20")
    assert sorted(Issue.objects.values_list("year", "number")) == [(2016, 7), (2016, 8)]


def test_a_date_in_the_file_name_gives_way_to_the_masthead_date_and_its_year(db, tmp_path):
    masthead = "工会工作简报\n第1期\n苏州市总工会办公室编  2017年1月6日"
    path = write(tmp_path, layout(masthead=masthead), name="2016-12-30.txt")
    _, err = run_import(path)
    issue = Issue.objects.get()
    assert (issue.year, issue.issue_date) == (2017, datetime.date(2017, 1, 6))
    assert f"警告：{path} 第 1 行：文件名中的日期是 2016-12-30，报头中是 2017-01-06，以报头为准。" in err
    assert f"警告：{path} 第 1 行：文件名中的年份是 2016，报头中是 2017，以报头为准。" in err


@pytest.mark.parametrize(
    "name, year, number",
    [
        ("2012/第2期.docx", 2012, 2),
        ("2012年/03.txt", 2012, 3),
        ("/archive/2012年度/第二期.pdf", 2012, 2),
        ("/archive/简报2012年/第2期.doc", 2012, 2),
        ("/archive/2012/原件/第2期.doc", 2012, 2),
        ("D:\\简报\\2012年\\03.txt", 2012, 3),
        ("/archive/2011/2012-02.txt", 2012, 2),
        ("/archive/2011/2012年第2期.txt", 2012, 2),
    ],
)
def test_a_year_folder_gives_the_year_the_file_name_lacks(name, year, number):
    assert numbers_from_file_name(name) == FileNameNumbers(year=year, number=number)


@pytest.mark.parametrize(
    "name",
    [
        "/work/pytest-2015/第2期.txt",  # a year that is not the folder's name
        "/archive/工会工作简报2012/第2期.txt",
        "/archive/2012-02/第3期.txt",  # other digits beside the year
        "/archive/2012/2013/第2期.txt",  # the nearest year folder counts
    ],
)
def test_other_folders_give_no_year(name):
    expected = 2013 if "/2013/" in name else None
    assert numbers_from_file_name(name).year == expected


def test_a_number_alone_counts_only_inside_a_year_folder():
    assert numbers_from_file_name("/archive/03.txt") == FileNameNumbers()
    assert numbers_from_file_name("/archive/2012/03.txt") == FileNameNumbers(year=2012, number=3)
    assert numbers_from_file_name("/archive/2012/简报.txt") == FileNameNumbers()


def test_a_file_in_a_year_folder_is_filed_under_that_year(db, tmp_path):
    folder = tmp_path / "2015年"
    folder.mkdir()
    masthead = "工会工作简报\n苏州市总工会办公室编  2016年1月8日"
    path = write(folder, layout(masthead=masthead), name="52.txt")
    _, err = run_import(path)
    issue = Issue.objects.get()
    assert (issue.year, issue.number, issue.issue_date) == (2015, 52, datetime.date(2016, 1, 8))
    assert f"警告：{path} 第 1 行：文件名中的年份是 2015，日期在 2016 年：本期记在 2015 年。" in err


def test_a_year_folder_counts_when_the_file_is_named_from_inside_it(db, tmp_path, monkeypatch):
    folder = tmp_path / "2015"
    folder.mkdir()
    write(folder, layout(masthead="工会工作简报\n苏州市总工会办公室编  2016年1月8日"), name="第52期.txt")
    monkeypatch.chdir(folder)
    out, _ = run_import("第52期.txt")
    assert "第52期.txt（UTF-8）：已导入2015年第52期" in out
    assert (Issue.objects.get().year, Issue.objects.get().number) == (2015, 52)
