"""The search text and the database index stay in step with the articles, whatever writes them."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from articles import services
from articles.checks import check_postgresql_locale
from articles.models import Article
from articles.search import schema, search_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(query) -> list[Article]:
    return list(search_articles(Article.objects.all(), query))


def test_saving_keeps_the_search_text_of_title_byline_and_body():
    article = ArticleFactory(title="职工书屋", byline="市总宣教部", body="<p>新建<b>书屋</b>十家</p>")
    article.refresh_from_db()
    assert article.search_text == "职工书屋\n市总宣教部\n\n新建书屋十家"  # no units: an empty line


def test_an_update_of_named_fields_refreshes_the_search_text():
    article = ArticleFactory(title="旧的标题", text="正文。")
    article.title = "技能比武大赛"
    article.save(update_fields=["title", "updated"])
    assert found("技能比武") == [article]
    assert found("旧的标题") == []


def test_bulk_create_fills_the_search_text():
    [article] = Article.objects.bulk_create([Article(title="劳模工作室揭牌", body="<p>正文</p>")])
    assert found("劳模工作室") == [Article.objects.get(pk=article.pk)]


def test_a_workflow_edit_is_found_at_once(editor):
    article = services.article_create(actor=editor, title="草稿", body="<p>无</p>")
    services.article_update(article=article, actor=editor, data={"body": "<p>困难职工帮扶</p>"})
    assert found("困难职工帮扶") == [article]


def test_a_deleted_article_leaves_the_index():
    article = ArticleFactory(title="户外劳动者驿站", text="正文。")
    article.delete()
    assert found("户外劳动者驿站") == []


def test_the_command_repairs_text_written_behind_the_orms_back():
    article = ArticleFactory(title="安康杯竞赛", text="正文。")
    Article.objects.filter(pk=article.pk).update(search_text="")
    assert found("安康杯") == []
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", "--batch-size", "1", stdout=out, stderr=err)
    assert found("安康杯") == [article]
    assert "[" in err.getvalue() and "1/1" in err.getvalue()


def test_the_command_rebuilds_the_database_index():
    article = ArticleFactory(title="金秋助学", text="正文。")
    out = StringIO()
    call_command("rebuild_search_index", "--reindex", "--no-progress", stdout=out, stderr=StringIO())
    assert found("金秋助学") == [article]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_triggers_lost_to_a_table_rebuild_are_restored_after_migrate():
    with connection.cursor() as cursor:
        for name in schema.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    article = ArticleFactory(title="职工疗休养", text="正文。")
    assert found("职工疗休养") == []
    assert schema.repair(connection) is True
    assert found("职工疗休养") == [article]
    assert schema.repair(connection) is False


def test_the_locale_check_is_quiet_on_a_utf8_database():
    assert check_postgresql_locale() == []


def test_the_locale_check_warns_about_a_c_locale(monkeypatch):
    class FakeCursor:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def execute(self, *args):
            pass

        def fetchone(self):
            return ("C", "SQL_ASCII")

    class FakeConnection:
        vendor = "postgresql"
        settings_dict = {"NAME": "bulletin"}

        def cursor(self):
            return FakeCursor()

    monkeypatch.setattr("articles.checks.connections", {"default": FakeConnection()})
    [warning] = check_postgresql_locale()
    assert warning.id == "articles.W010"
    assert "LC_CTYPE 'C'" in warning.msg


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_triggers_missing_when_no_migration_of_ours_ran_are_a_warning(caplog):
    with connection.cursor() as cursor:
        for name in schema.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    with caplog.at_level("DEBUG", logger="articles.search.schema"):
        schema.repair_after_migrate(sender=apps.get_app_config("articles"), using="default", plan=[])
    assert [record.levelname for record in caplog.records] == ["WARNING"]
