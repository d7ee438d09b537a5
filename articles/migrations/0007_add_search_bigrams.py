# Search (issue 10), PostgreSQL only: a GIN index on the character pairs of search_text, so that
# two-character words (most Chinese words) are answered by an index too. Nothing on SQLite.

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search.schema import install_bigrams

    with schema_editor.connection.cursor() as cursor:
        install_bigrams(cursor)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS articles_article_search_bigram")
        cursor.execute("DROP FUNCTION IF EXISTS article_bigrams(text)")


class Migration(migrations.Migration):

    dependencies = [("articles", "0006_add_search_units")]

    operations = [migrations.RunPython(install, uninstall)]
