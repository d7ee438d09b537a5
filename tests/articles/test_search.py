"""Search over the real 2012 sample and over factory articles: matching, AND, phrases, ranking."""

import pytest

from articles.models import Article
from articles.search import parse_query, search_articles, search_page
from bulletin.models import Issue
from bulletin.selectors import articles_visible_to
from tests.factories import ArticleFactory, UnitFactory
from tests.formats.bulletins import run_import, sample_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(db):
    for name in ["市总生产部", "市总宣教部", "市总财务部", "市总经审办"]:
        UnitFactory(name=name, kind="department")
    run_import(sample_path(), "--number", "2", "--date", "2012-02-28")
    return Issue.objects.get(year=2012, number=2)


def titles(query, articles=None) -> list[str]:
    articles = Article.objects.all() if articles is None else articles
    return [article.title for article in search_articles(articles, query)]


def test_it_finds_both_model_worker_articles_of_the_sample(sample):
    found = titles("劳模", articles_visible_to(None))
    assert "市总工会主席温祥华走访慰问全国劳模" in found
    assert "市评模办召开苏州市劳模推荐评选工作会议" in found


def test_it_finds_a_two_character_word_by_scanning(sample):
    assert parse_query("监测").needs_scan
    assert "市总工会探索建立一线职工工资收入监测工作联系点" in titles("监测")


def test_it_finds_a_title_that_wrapped_over_two_lines_in_print(sample):
    assert titles("工资收入监测工作联系点") == ["市总工会探索建立一线职工工资收入监测工作联系点"]


def test_it_ands_space_separated_terms(sample):
    both = set(titles("劳模 太仓"))
    assert "市总工会主席温祥华走访慰问全国劳模" in both
    assert both <= set(titles("劳模")) & set(titles("太仓"))
    assert both < set(titles("劳模"))


def test_it_treats_quoted_text_as_one_phrase(sample):
    assert titles('"工资 集体协商"') == []
    assert titles('"工资集体协商"') == titles("工资集体协商")
    assert titles("“工资集体协商”") == titles("工资集体协商")


def test_it_ranks_a_title_match_above_a_body_match():
    body_only = ArticleFactory(
        published=True, title="基层工会工作汇报", text="本月慰问了三位劳模和困难职工。"
    )
    in_title = ArticleFactory(published=True, title="慰问劳模", text="本月工作。")
    assert list(search_articles(Article.objects.all(), "劳模")) == [in_title, body_only]


def test_it_ranks_more_occurrences_higher_then_newer_first():
    once = ArticleFactory(published=True, title="甲", text="技能比武一次。")
    thrice_old = ArticleFactory(published=True, title="乙", text="技能比武，技能比武，技能比武。")
    thrice_new = ArticleFactory(published=True, title="丙", text="技能比武，技能比武，技能比武。")
    assert list(search_articles(Article.objects.all(), "技能比武")) == [thrice_new, thrice_old, once]


def test_it_finds_articles_by_the_name_of_their_unit():
    unit = UnitFactory(name="吴江区总工会")
    article = ArticleFactory(published=True, title="职工书屋建设", text="新建书屋十家。", units=[unit])
    ArticleFactory(published=True, title="别的文章", text="无关内容。")
    assert list(search_articles(Article.objects.all(), "吴江区总工会")) == [article]
    assert list(search_articles(Article.objects.all(), "吴江")) == [article]


def test_it_ignores_latin_case_and_width():
    article = ArticleFactory(published=True, title="WTO规则培训", text="讲解ＷＴＯ规则。")
    assert list(search_articles(Article.objects.all(), "wto规则")) == [article]
    assert list(search_articles(Article.objects.all(), "ｗｔｏ")) == [article]


def test_it_searches_text_without_tags_and_with_entities_decoded():
    article = ArticleFactory(published=True, title="标题", body="<p>职工<strong>书屋</strong>&amp;阅览室</p>")
    assert list(search_articles(Article.objects.all(), "职工书屋&阅览室")) == [article]
    assert list(search_articles(Article.objects.all(), "strong")) == []


@pytest.mark.parametrize("query", ["", "   ", '"', '""', "“”"])
def test_an_empty_query_matches_nothing(query):
    ArticleFactory(published=True)
    assert list(search_articles(Article.objects.all(), query)) == []
    assert search_page(Article.objects.all(), query).total == 0


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR", "near(劳模 工会)", "%", "_", "\\", "劳模*", "a OR b", "'; DROP TABLE x; --", "^劳"],
)
def test_syntax_characters_are_literal_text(query):
    ArticleFactory(published=True, title="劳模工作室", text="普通的一段文字。")
    assert list(search_articles(Article.objects.all(), query)) == []


@pytest.mark.parametrize("character", ["%", "_", "\\", "*", '"', "NEAR"])
def test_syntax_characters_find_themselves(character):
    article = ArticleFactory(published=True, title="标题", text=f"包含{character}符号的文字。")
    ArticleFactory(published=True, title="其他", text="包含符号的文字。")
    assert list(search_articles(Article.objects.all(), f"含{character}符")) == [article]
    if character != '"':  # alone, a quote only opens a phrase
        assert list(search_articles(Article.objects.all(), character)) == [article]


def test_a_very_long_query_is_shortened_not_refused():
    query = parse_query("劳模" * 5000)
    assert query.truncated
    assert len(query.text) == 100
    assert list(search_articles(Article.objects.all(), query)) == []


def test_the_page_has_the_total_and_the_requested_slice():
    for index in range(25):
        ArticleFactory(published=True, title=f"安全生产月活动{index}", text="开展安全生产检查。")
    first = search_page(Article.objects.all(), "安全生产", page=1, per_page=10)
    third = search_page(Article.objects.all(), "安全生产", page=3, per_page=10)
    assert first.total == 25 and len(first.hits) == 10
    assert third.total == 25 and len(third.hits) == 5
    assert third.page.number == 3 and not third.page.has_next()


@pytest.mark.parametrize("page", ["99", "abc", "-1", "0", None])
def test_a_page_out_of_range_gives_a_real_page(page):
    for index in range(3):
        ArticleFactory(published=True, title=f"安全生产{index}", text="文字。")
    results = search_page(Article.objects.all(), "安全生产", page=page, per_page=2)
    assert results.total == 3
    assert results.page.number in (1, 2)
    assert results.hits


def test_the_snippet_marks_matches_and_escapes_everything():
    ArticleFactory(published=True, title="<b>劳模</b>", text="<script>alert(1)</script> 劳模精神")
    [hit] = search_page(Article.objects.all(), "劳模").hits
    assert hit.title == "&lt;b&gt;<mark>劳模</mark>&lt;/b&gt;"
    assert "<script>" not in hit.snippet
    assert "<mark>劳模</mark>精神" in hit.snippet
