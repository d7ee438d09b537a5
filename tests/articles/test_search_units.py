"""A word naming a unit finds the unit's articles through the one indexed search column: the unit
names are copied into each article's search text and kept in step with the units."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles import services
from articles.models import Article
from articles.search import search_articles, search_page
from bulletin.selectors import articles_visible_to
from tests.factories import ArticleFactory, UnitFactory

from .test_search import sample  # noqa: F401  (the imported 2012 issue)

pytestmark = pytest.mark.django_db


def found(query) -> list[Article]:
    return list(search_articles(Article.objects.all(), query))


def test_it_finds_an_article_by_a_unit_its_attribution_abbreviates(sample):  # noqa: F811
    # （市总生产部、宣教部）: the text never spells 市总宣教部 out; the unit list does.
    titles = [article.title for article in search_articles(articles_visible_to(None), "市总宣教部")]
    assert titles == ["我市表彰一批职工优秀合理化建议和创新成果"]


def test_the_unit_names_are_part_of_the_search_text():
    unit = UnitFactory(name="吴江区总工会", short_name="吴江区总")
    article = ArticleFactory(title="职工书屋", byline="综合来稿", body="<p>新建书屋。</p>", units=[unit])
    article.refresh_from_db()
    assert article.search_units == "吴江区总工会、吴江区总"
    assert article.search_text == "职工书屋\n综合来稿\n吴江区总工会、吴江区总\n新建书屋。"


def test_a_short_name_finds_the_article():
    unit = UnitFactory(name="苏州工业园区总工会", short_name="园区总工会")
    article = ArticleFactory(published=True, title="职工之家", text="正文。", units=[unit])
    assert found("园区总工会") == [article]


def test_changing_an_articles_units_through_the_service_moves_it(editor):
    wujiang, kunshan = UnitFactory(name="吴江区总工会"), UnitFactory(name="昆山市总工会")
    article = services.article_create(actor=editor, title="劳动竞赛", body="<p>正文</p>", units=[wujiang])
    assert found("吴江区总工会") == [article] and found("昆山市总工会") == []
    services.article_update(article=article, actor=editor, data={"units": [kunshan]})
    assert found("吴江区总工会") == [] and found("昆山市总工会") == [article]
    article.refresh_from_db()
    assert article.search_units == "昆山市总工会"


def test_units_added_from_the_units_side_are_found():
    unit = UnitFactory(name="常熟市总工会")
    article = ArticleFactory(title="送温暖", text="正文。")
    unit.articles.add(article)
    assert found("常熟市总工会") == [article]
    unit.articles.clear()
    assert found("常熟市总工会") == []


def test_a_renamed_unit_is_found_by_its_new_name_only():
    unit = UnitFactory(name="吴县市总工会")
    article = ArticleFactory(title="技能比武", text="正文。", units=[unit])
    other = ArticleFactory(title="技能比武", text="正文。")
    unit.name = "吴中区总工会"
    unit.save()
    assert found("吴中区总工会") == [article]
    assert found("吴县市") == []
    other.refresh_from_db()
    assert other.search_units == ""


def test_a_deleted_unit_is_no_longer_found():
    unit = UnitFactory(name="临时工会联合会")
    article = ArticleFactory(title="安康杯", text="正文。", units=[unit])
    unit.delete()
    assert found("临时工会联合会") == []
    article.refresh_from_db()
    assert article.search_units == ""


def test_a_full_save_after_a_unit_change_keeps_the_unit_names():
    unit = UnitFactory(name="太仓市总工会")
    article = ArticleFactory(title="厂务公开", text="正文。")
    article.units.set([unit])
    article.title = "厂务公开工作"
    article.save()
    assert found("太仓市总工会") == [article]


def test_the_command_repairs_unit_names_written_behind_the_orms_back():
    unit = UnitFactory(name="张家港市总工会")
    article = ArticleFactory(title="金秋助学", text="正文。")
    Article.units.through.objects.bulk_create([Article.units.through(article=article, unit=unit)])
    assert found("张家港市总工会") == []  # bulk_create sends no signal
    call_command("rebuild_search_index", "--no-progress", stdout=StringIO(), stderr=StringIO())
    assert found("张家港市总工会") == [article]


def test_a_unit_name_is_matched_without_reading_the_units(django_assert_max_num_queries):
    unit = UnitFactory(name="吴中区总工会")
    for index in range(30):
        ArticleFactory(published=True, title=f"职工书屋{index}", text="正文。", units=[unit])
    # The newest matching ids (PostgreSQL: the top id, then one id range; SQLite: the FTS5 matches,
    # then which of them are visible), the page's ids in rank order, the page's articles.
    with django_assert_max_num_queries(4) as captured:
        results = search_page(Article.objects.all(), "吴中区总工会")
    assert results.total == 30 and len(results.hits) == 20
    tables = ("contributors_unit", "articles_article_units")
    assert not [query for query in captured.captured_queries if any(t in query["sql"] for t in tables)]


def test_the_migration_fills_the_unit_names_of_existing_articles():
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("articles.migrations.0006_add_search_units")
    unit = UnitFactory(name="相城区总工会", short_name="相城区总")
    article = ArticleFactory(title="职工之家", text="正文。", units=[unit])
    bare = ArticleFactory(title="职工之家", text="正文。")
    Article.objects.filter(pk__in=[article.pk, bare.pk]).update(search_units="", search_text="")
    migration.fill_search_units(apps, connection.schema_editor())
    article.refresh_from_db()
    assert article.search_units == "相城区总工会、相城区总"
    assert found("相城区总") == [article]
    bare.refresh_from_db()
    assert bare.search_text == "职工之家\n\n\n正文。"
