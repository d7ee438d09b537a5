"""The real 2012 issue (no masthead) imports as the office printed it, and comes back out whole."""

import datetime
import re
import zoneinfo

import pytest

from articles.models import Article
from bulletin.models import Issue
from contributors.models import Unit
from distribution.models import IssueLine
from tests.factories import UnitFactory
from tests.formats.bulletins import run_export, run_import, sample_path


@pytest.fixture
def departments(db):
    return {
        name: UnitFactory(name=name, kind="department")
        for name in ["市总生产部", "市总宣教部", "市总财务部", "市总经审办"]
    }


@pytest.fixture
def sample(departments):
    run_import(sample_path(), "--number", "2", "--date", "2012-02-28")
    return Issue.objects.get(year=2012, number=2)


def units_of(title_start: str) -> list[str]:
    article = Article.objects.get(title__startswith=title_start)
    return sorted(article.units.values_list("name", flat=True))


def normalised(text: str) -> str:
    """Whitespace and the width of parentheses do not count."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def test_it_imports_the_sample_as_four_sections_with_3_2_4_6_articles(sample):
    counts = [
        (name, sample.articles.filter(section__name=name).count())
        for name in ["工作动态", "创先争优", "立功竞赛", "工作简讯"]
    ]
    assert counts == [("工作动态", 3), ("创先争优", 2), ("立功竞赛", 4), ("工作简讯", 6)]
    assert sample.articles.count() == 15


def test_it_splits_a_shared_prefix_attribution_into_existing_units(sample, departments):
    assert units_of("我市表彰一批职工") == ["市总宣教部", "市总生产部"]
    assert units_of("市总工会召开财务与经审") == ["市总经审办", "市总财务部"]
    assert Unit.objects.filter(name__in=departments).count() == 4


def test_it_keeps_the_byline_exactly_as_written(sample):
    assert Article.objects.get(title__startswith="我市表彰一批职工").byline == "市总生产部、宣教部"


def test_it_links_no_unit_for_a_byline_that_names_none(sample):
    article = Article.objects.get(title="市总工会主席温祥华走访慰问全国劳模")
    assert article.byline == "综合来稿"
    assert article.units.count() == 0


def test_it_creates_the_second_unit_of_a_shared_prefix_when_it_is_new(db):
    run_import(sample_path(), "--number", "2", "--date", "2012-02-28")
    assert units_of("我市表彰一批职工") == ["市总宣教部", "市总生产部"]
    assert Unit.objects.get(name="市总宣教部").kind == "department"


def test_it_joins_a_title_wrapped_over_two_lines(sample):
    assert sample.articles.filter(section__name="工作动态", position=2).get().title == (
        "市总工会探索建立一线职工工资收入监测工作联系点"
    )


def test_it_takes_a_briefs_lead_sentence_as_its_title(sample):
    first = sample.articles.get(section__name="工作简讯", position=1)
    assert first.title == "市评模办召开苏州市劳模推荐评选工作会议"
    assert first.body.startswith("<p>2月13日，")
    assert first.byline == "评模办"


def test_it_publishes_the_issue_and_its_articles_as_of_the_issue_date(sample):
    midnight = datetime.datetime(2012, 2, 28, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert (sample.status, sample.published_at, sample.issue_date) == (
        "published",
        midnight,
        datetime.date(2012, 2, 28),
    )
    assert set(sample.articles.values_list("status", "published_at")) == {("published", midnight)}


def test_it_keeps_the_distribution_line_exactly(sample):
    line = IssueLine.objects.get(issue=sample)
    assert line.kind == "distribute"
    assert line.text == (
        "市四套班子有关领导、全总办公厅、省总工会、各市（县）、区、局（公司）工会、各直属单位工会、市各有关部门"
    )


def test_it_round_trips_the_sample_through_the_text_export_with_nothing_lost(sample):
    original = normalised(sample_path().read_text(encoding="utf-8"))
    exported = normalised(run_export("2012-2", "--format", "txt"))
    assert original in exported
    # What the export adds is the masthead, which the archived text did not have.
    assert exported[: exported.index(original)] == "工会工作简报第2期苏州市总工会办公室编2012年2月28日"
