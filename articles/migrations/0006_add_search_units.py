# Search (issue 10): the names of an article's units copied into its row (search_units) and into
# search_text, so that one indexed column answers a word naming a unit (no OR over the units join).

from django.db import migrations, models

BATCH = 500


def fill_search_units(apps, schema_editor):
    from articles.search.text import search_text, unit_names

    alias = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    Through = Article.units.through
    rows = Article.objects.using(alias).only("title", "byline", "body").order_by("pk")
    batch = []

    def flush():
        links = (
            Through.objects.using(alias)
            .filter(article_id__in=[article.pk for article in batch])
            .order_by("article_id", "unit__position", "unit__name")
            .values_list("article_id", "unit__name", "unit__short_name")
        )
        pairs = {}
        for article_id, name, short_name in links:
            pairs.setdefault(article_id, []).append((name, short_name))
        for article in batch:
            article.search_units = unit_names(pairs.get(article.pk, []))
            article.search_text = search_text(
                title=article.title, byline=article.byline, body=article.body, units=article.search_units
            )
        Article.objects.using(alias).bulk_update(batch, ["search_units", "search_text"])
        batch.clear()

    for article in rows.iterator(chunk_size=BATCH):
        batch.append(article)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_sanitize_existing_bodies"),
        ("contributors", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_units",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="unit names for search"),
        ),
        migrations.RunPython(fill_search_units, migrations.RunPython.noop),
    ]
