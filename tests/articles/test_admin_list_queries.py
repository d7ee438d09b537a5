"""The admin's article list reads the table once to count it and never to list the years it spans
(bench/admin_list.py measures it at 200,000 articles)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def article_queries(client, query: str = "") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if "articles_article" in q["sql"]]


@pytest.mark.parametrize("query", ["", "?status__exact=submitted"])
def test_it_counts_the_articles_once(superuser_client, query):
    ArticleFactory.create_batch(3, status=Article.Status.SUBMITTED)
    counts = [sql for sql in article_queries(superuser_client, query) if "COUNT(" in sql.upper()]
    assert len(counts) == 1


def test_it_does_not_list_the_years_of_every_article(superuser_client):
    ArticleFactory.create_batch(3)
    sqls = article_queries(superuser_client)
    assert not [sql for sql in sqls if "MIN(" in sql.upper() or "DISTINCT" in sql.upper()]


def test_its_default_order_has_an_index():
    assert Article._meta.ordering == ["-created"]
    assert any(list(index.fields) == ["-created", "-id"] for index in Article._meta.indexes)
