"""Clean every stored article body and revision snapshot with the HTML allowlist.

Rows written before the sanitising was applied on save (or by raw SQL) are brought under the same
allowlist as everything written since. It uses the allowlist of the code that runs it (one module,
``articles.sanitize``): running it again later only re-applies the rule, which is idempotent.
Reversing it is a no-op: the unsafe markup that was removed is not worth keeping.
"""

from django.db import migrations

BATCH = 500


def clean(apps, schema_editor):
    from articles.sanitize import sanitize_html

    Article = apps.get_model("articles", "Article")
    changed = []
    for article in Article.objects.only("pk", "body").iterator(chunk_size=BATCH):
        cleaned = sanitize_html(article.body)
        if cleaned != article.body:
            article.body = cleaned
            changed.append(article)
        if len(changed) >= BATCH:
            Article.objects.bulk_update(changed, ["body"])
            changed = []
    if changed:
        Article.objects.bulk_update(changed, ["body"])

    Revision = apps.get_model("articles", "ArticleRevision")
    revisions = []
    for revision in Revision.objects.only("pk", "data").iterator(chunk_size=BATCH):
        body = (revision.data or {}).get("body")
        if isinstance(body, str) and sanitize_html(body) != body:
            revision.data = {**revision.data, "body": sanitize_html(body)}
            revisions.append(revision)
    Revision.objects.bulk_update(revisions, ["data"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_add_search_text")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
