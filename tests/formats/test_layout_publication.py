"""A masthead title other than the chosen publication's: matched to the publication of that title, or
reported naming the title, with --publication to choose."""

import pytest

from articles.models import Article
from bulletin.models import Issue
from tests.factories import PublicationFactory
from tests.formats.bulletins import run_failing_import, run_import
from tests.formats.layouts import layout, write

OTHER_MASTHEAD = "女 职 工 工 作 简 报\n第4期\n东湖区总工会女职工部编　　2016年3月8日"


@pytest.fixture
def other(db):
    return PublicationFactory(title="女职工工作简报", slug="nvzhigong", editing_unit="东湖区总工会女职工部")


def test_the_masthead_title_chooses_the_publication(other, tmp_path):
    _, err = run_import(write(tmp_path, layout(masthead=OTHER_MASTHEAD)))
    issue = Issue.objects.get()
    assert (issue.publication, issue.number) == (other, 4)
    assert "警告：" not in err


def test_the_default_publication_is_kept_when_the_masthead_prints_its_title(other, tmp_path):
    run_import(write(tmp_path, layout()))
    assert Issue.objects.get().publication.slug == "gonghui-gongzuo-jianbao"


def test_an_unknown_title_is_an_error_naming_it_and_the_option(db, tmp_path):
    path = write(tmp_path, layout(masthead=OTHER_MASTHEAD))
    _, err, error = run_failing_import(path)
    assert (
        f"错误：{path} 第 1 行：报头上的刊名是“女职工工作简报”，没有这个名称的刊物。"
        "请用 --publication 加刊物标识选定要导入的刊物（现有刊物：工会工作简报（gonghui-gongzuo-jianbao））。"
    ) in err
    assert str(error) == "1 个文件中有 1 个未能导入。"
    assert not Issue.objects.exists()
    assert not Article.objects.exists()


def test_two_publications_of_that_title_must_be_chosen_between(other, tmp_path):
    PublicationFactory(title="女职工工作简报", slug="nvzhigong-2")
    path = write(tmp_path, layout(masthead=OTHER_MASTHEAD))
    _, err, _ = run_failing_import(path)
    assert (
        f"错误：{path} 第 1 行：有几份刊物都叫报头上的“女职工工作简报”：女职工工作简报（nvzhigong）、"
        "女职工工作简报（nvzhigong-2）。请用 --publication 加刊物标识选定一份。"
    ) in err
    assert not Issue.objects.exists()


def test_publication_chooses_even_against_the_masthead_with_a_warning(other, tmp_path):
    path = write(tmp_path, layout(masthead=OTHER_MASTHEAD))
    _, err = run_import(path, "--publication", "gonghui-gongzuo-jianbao")
    assert Issue.objects.get().publication.slug == "gonghui-gongzuo-jianbao"
    assert f"警告：{path} 第 1 行：报头刊名“女职工工作简报”与刊物“工会工作简报”不一致。" in err


def test_the_unknown_title_and_the_missing_items_come_in_one_error(db, tmp_path):
    path = write(tmp_path, layout(masthead="女职工工作简报\n东湖区总工会女职工部编"))
    _, err, _ = run_failing_import(path)
    assert (
        f"错误：{path} 第 1 行：报头上的刊名是“女职工工作简报”，没有这个名称的刊物。"
        "请用 --publication 加刊物标识选定要导入的刊物（现有刊物：工会工作简报（gonghui-gongzuo-jianbao））；"
        "报头和文件名中都没有以下各项：期号（第N期），请用 --number 指定；日期，请用 --date 指定（格式如 2012-02-28）。"
    ) in err
