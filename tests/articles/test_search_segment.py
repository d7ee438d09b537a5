"""An unspaced query with no exact match is cut into words and searched for as all of them (issue 22)."""

import pytest

from articles.models import Article
from articles.search import parse_query, search_page
from articles.search.segment import segment, words
from tests.factories import ArticleFactory, UnitFactory

pytestmark = pytest.mark.django_db


def found(query):
    results = search_page(Article.objects.all(), query)
    return results, [hit.article.title for hit in results.hits]


def test_it_finds_the_words_of_a_phrase_written_apart():
    ArticleFactory(title="全市职工技能竞赛落幕", text="在本次职工技能竞赛中，我市三名选手获奖。")
    ArticleFactory(title="职工技能竞赛开幕", text="竞赛为期三天。")
    results, titles = found("职工技能竞赛获奖")
    assert titles == ["全市职工技能竞赛落幕"]
    assert results.segmented
    assert results.query.terms == ("职工", "技能", "竞赛", "获奖")
    assert "<mark>获奖</mark>" in results.hits[0].snippet


def test_an_exact_match_is_not_cut():
    ArticleFactory(title="职工技能竞赛获奖名单", text="名单如下。")
    ArticleFactory(title="技能竞赛", text="职工获奖。")
    results, titles = found("职工技能竞赛获奖")
    assert titles == ["职工技能竞赛获奖名单"]
    assert not results.segmented


def test_quoted_or_spaced_queries_are_not_cut():
    ArticleFactory(title="职工技能竞赛", text="三人获奖。")
    assert found('"职工技能竞赛获奖"')[1] == []
    assert segment(parse_query("职工 技能竞赛获奖")) is None


def test_unit_names_are_one_word():
    UnitFactory(name="张家港市总工会")
    assert words("张家港市总工会职工获奖") == ["张家港市总工会", "职工", "获奖"]


def test_the_more_words_an_article_holds_the_higher_it_ranks():
    ArticleFactory(title="一篇文章", text="职工技能。竞赛获奖。")
    ArticleFactory(title="职工技能竞赛表彰", text="获奖选手，获奖单位，竞赛。")
    assert found("职工技能竞赛获奖")[1] == ["职工技能竞赛表彰", "一篇文章"]


def test_a_name_cut_into_single_characters_is_not_searched_character_by_character():
    ArticleFactory(title="华东地区吉祥物评选", text="正文。")
    results, titles = found("祥华")
    assert titles == []
    assert not results.segmented
