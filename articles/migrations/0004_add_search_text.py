# Search (issue 10): a derived, folded plain-text column on Article and its index per database:
# PostgreSQL pg_trgm + GIN gin_trgm_ops, SQLite FTS5 trigram kept in sync by triggers.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import articles.search.fields

BATCH = 500


def fill_search_text(apps, schema_editor):
    from articles.search.text import search_text

    Article = apps.get_model("articles", "Article")
    rows = Article.objects.using(schema_editor.connection.alias).only("title", "byline", "body").order_by("pk")
    batch = []
    for article in rows.iterator(chunk_size=BATCH):
        article.search_text = search_text(title=article.title, byline=article.byline, body=article.body)
        batch.append(article)
        if len(batch) >= BATCH:
            Article.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Article.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])


def install_index(apps, schema_editor):
    from articles.search import schema

    schema.install(schema_editor.connection)


def uninstall_index(apps, schema_editor):
    from articles.search import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_add_workflow_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=articles.search.fields.SearchTextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(install_index, uninstall_index),
    ]
