# 字数 stored with the article so that the desk's lists show it without reading any body.

from django.db import migrations

import articles.search.fields

BATCH = 500


def fill_word_count(apps, schema_editor):
    from articles.text import word_count

    alias = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.using(alias).only("body").order_by("pk").iterator(chunk_size=BATCH):
        article.word_count = word_count(article.body)
        batch.append(article)
        if len(batch) >= BATCH:
            Article.objects.using(alias).bulk_update(batch, ["word_count"])
            batch = []
    if batch:
        Article.objects.using(alias).bulk_update(batch, ["word_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_add_search_bigrams"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="word_count",
            field=articles.search.fields.WordCountField(default=0, editable=False, verbose_name="characters"),
        ),
        migrations.RunPython(fill_word_count, migrations.RunPython.noop),
    ]
