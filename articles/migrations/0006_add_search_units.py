# Search (issue 10): the names of an article's units copied into its row (search_units) and into
# search_text, so that one indexed column answers a word naming a unit (no OR over the units join).

from django.db import migrations, models


def fill_search_units(apps, schema_editor):
    from articles.search.index import refresh_articles

    alias = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    refresh_articles(Article, Article.objects.using(alias).values_list("pk", flat=True), alias)


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
