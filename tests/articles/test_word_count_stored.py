"""字数 is stored with the article (``Article.word_count``) on every path that writes the body, so lists
show it without reading any body."""

import importlib

from django.apps import apps
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

migration = importlib.import_module("articles.migrations.0008_add_word_count")


def test_it_counts_on_create(db):
    article = ArticleFactory(text="职工之家建设。")
    article.refresh_from_db()
    assert article.word_count == 6


def test_it_counts_again_when_only_the_body_is_saved(db):
    article = ArticleFactory(text="职工之家。")
    article.body = "<p>劳模工匠 2026 年</p>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.word_count == 4 + 1 + 1


def test_it_counts_in_bulk_create(db):
    (article,) = Article.objects.bulk_create([Article(title="题目", body="<p>困难职工帮扶</p>")])
    assert Article.objects.get(pk=article.pk).word_count == 6


def test_the_migration_fills_existing_rows(db):
    article = ArticleFactory(text="工会工作简报。")
    Article.objects.filter(pk=article.pk).update(word_count=0)

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.fill_word_count(apps, editor)
    assert Article.objects.get(pk=article.pk).word_count == 6
