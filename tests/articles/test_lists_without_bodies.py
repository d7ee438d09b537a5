"""List pages never load article bodies or search text: an article at the size limit must not slow
every list down (issue 19, item 1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory

BODY_COLUMNS = ('"articles_article"."body"', '"articles_article"."search_text"')


def selected_columns(queries) -> str:
    """The SELECT lists of the captured queries (WHERE clauses may search the text)."""
    return "\n".join(
        query["sql"].split(" FROM ", 1)[0] for query in queries if query["sql"].startswith("SELECT")
    )


@pytest.fixture
def articles(unit_a, correspondent_a):
    return [ArticleFactory(units=[unit_a], author=correspondent_a, text="正文" * 50) for _ in range(3)]


def assert_no_bodies(client, path, *, expect: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    assert expect in response.content.decode()
    columns = selected_columns(captured.captured_queries)
    assert '"articles_article"."title"' in columns
    for column in BODY_COLUMNS:
        assert column not in columns


def test_the_admin_changelist_does_not_load_bodies(client, editor, articles):
    client.force_login(editor)
    assert_no_bodies(client, reverse("admin:articles_article_changelist"), expect=articles[0].title)


def test_the_admin_changelist_search_does_not_load_bodies(client, editor, articles):
    client.force_login(editor)
    path = reverse("admin:articles_article_changelist") + "?q=正文"
    assert_no_bodies(client, path, expect=articles[0].title)


def test_the_correspondents_list_does_not_load_bodies(client, correspondent_a, articles):
    client.force_login(correspondent_a)
    assert_no_bodies(client, reverse("desk:my_articles"), expect=articles[0].title)


def test_the_review_queue_does_not_load_bodies(client, editor, articles):
    for article in articles:
        type(article).objects.filter(pk=article.pk).update(status="submitted")
    client.force_login(editor)
    assert_no_bodies(client, reverse("desk:review_queue"), expect=articles[0].title)
