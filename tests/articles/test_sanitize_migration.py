"""The data migration cleans bodies stored before (or around) the sanitising on save."""

import importlib

from django.apps import apps
from django.db import connection

from articles.models import Article, ArticleRevision
from tests.factories import ArticleFactory

migration = importlib.import_module("articles.migrations.0005_sanitize_existing_bodies")


def test_it_cleans_bodies_written_around_the_model(db, editor):
    article = ArticleFactory(body="<p>干净</p>")
    dirty = '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>'
    Article.objects.filter(pk=article.pk).update(body=dirty)  # no save(): as a raw write would
    revision = ArticleRevision.objects.create(
        article=article, number=9, author=editor, data={"title": "t", "body": dirty}
    )
    clean_one = ArticleFactory(body="<p>本来就干净</p>")

    migration.clean(apps, connection.schema_editor())

    article.refresh_from_db()
    assert article.body == '<p>正文<a rel="noopener noreferrer">链接</a></p>'
    revision.refresh_from_db()
    assert revision.data == {"title": "t", "body": '<p>正文<a rel="noopener noreferrer">链接</a></p>'}
    clean_one.refresh_from_db()
    assert clean_one.body == "<p>本来就干净</p>"
