"""Two-character words on PostgreSQL (the bigram index: the whole archive, no scan) and the search for
the newest matches in id ranges; the same answers on SQLite, where short words are a bounded scan."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import backends, parse_query, search_articles, search_page
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


def titles(query) -> list[str]:
    return [article.title for article in search_articles(Article.objects.all(), query)]


def test_a_two_character_word_searches_the_whole_archive_on_postgresql(settings):
    settings.SEARCH_SCAN_ROWS = 2
    ArticleFactory(published=True, title="旧稿", text="建立工资收入监测点。")
    for index in range(3):
        ArticleFactory(published=True, title=f"新稿{index}", text="正文。")
    results = search_page(Article.objects.all(), "监测")
    if POSTGRESQL:
        assert [hit.article.title for hit in results.hits] == ["旧稿"]
        assert not results.scanned
    else:  # SQLite: only the newest two articles are scanned
        assert results.hits == [] and results.scanned


def test_a_two_character_word_and_a_phrase_are_both_required():
    ArticleFactory(published=True, title="甲", text="吴江区开展集体合同签订。")
    ArticleFactory(published=True, title="乙", text="吴江区开展集体协商，签订合同。")  # 集体 … 合同 apart
    ArticleFactory(published=True, title="丙", text="昆山市开展集体合同签订。")
    assert titles("集体合同 吴江") == ["甲"]
    assert titles("吴江 集体合同") == ["甲"]


def test_pairs_of_any_characters_are_found():
    article = ArticleFactory(published=True, title="符号", text="比例为5%，增长1.5倍。")
    assert titles("5%") == ["符号"] == titles("1.")
    assert titles("%，") == [article.title]
    assert titles("5％") == []  # a full-width % is not folded: a different character
    assert titles("6%") == []


def test_a_one_character_word_is_still_a_bounded_scan():
    assert backends.needs_scan(parse_query("劳"), "postgresql")
    assert not backends.needs_scan(parse_query("劳模"), "postgresql")
    assert backends.needs_scan(parse_query("劳模"), "sqlite")
    assert not backends.needs_scan(parse_query("劳 劳模工作室"), "sqlite")


@pytest.mark.parametrize("dense", [0.0, 0.02, 2.0])  # ranges read through the index, or walked
def test_the_newest_matches_come_from_ranges_newest_first(monkeypatch, dense):
    monkeypatch.setattr(backends, "DENSE", dense)
    monkeypatch.setattr(backends, "FIRST_WINDOW", 2)
    monkeypatch.setattr(backends, "WINDOW_GROWTH", 2)
    articles = [ArticleFactory(published=True, title=f"稿{index}", text="劳模工作室。") for index in range(9)]
    ArticleFactory(published=True, title="无关", text="正文。")
    matches = backends.match_articles(Article.objects.all(), "劳模工作室")
    newest = [article.pk for article in reversed(articles)]
    assert backends.newest_matches(matches, 4) == newest[:4]
    assert backends.newest_matches(matches, 100) == newest


def test_the_page_counts_up_to_the_limit_across_ranges(monkeypatch):
    monkeypatch.setattr(backends, "FIRST_WINDOW", 3)
    monkeypatch.setattr("articles.search.results.RESULT_LIMIT", 6)
    for index in range(10):
        ArticleFactory(published=True, title=f"安全生产{index}", text="安全生产。")
    results = search_page(Article.objects.all(), "安全生产", per_page=4)
    assert results.total == 6 and not results.total_exact
    assert [hit.article.title for hit in results.hits] == [f"安全生产{index}" for index in (9, 8, 7, 6)]


def test_newer_unpublished_matches_do_not_hide_older_published_ones(monkeypatch):
    from bulletin.selectors import articles_visible_to

    monkeypatch.setattr("articles.search.results.RESULT_LIMIT", 3)
    old = [ArticleFactory(published=True, title=f"职工书屋{index}", text="职工书屋。") for index in range(2)]
    for index in range(40):  # more than one batch of SQLite's candidates
        ArticleFactory(title=f"草稿职工书屋{index}", text="职工书屋。", status=Article.Status.DRAFT)
    results = search_page(articles_visible_to(None), "职工书屋")
    assert results.total == 2 and results.total_exact
    assert sorted(hit.article.pk for hit in results.hits) == sorted(article.pk for article in old)
    assert search_page(Article.objects.all(), "职工书屋").total == 3  # staff: every status, capped
