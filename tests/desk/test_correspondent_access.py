"""Who may open the correspondent's pages: anonymous → login, reader → 403, another unit → 404."""

import pytest

from tests.desk.correspondent_helpers import article_in, url

ARTICLE_PAGES = ["article_detail", "article_edit", "article_submit", "article_withdraw"]


@pytest.mark.parametrize("name", ["my_articles", "article_create"])
def test_it_sends_anonymous_visitors_to_the_login_page(client, db, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_it_sends_anonymous_visitors_from_an_article_to_the_login_page(client, unit_a, name):
    article = article_in(unit_a)
    response = client.get(url(name, article.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", ["my_articles", "article_create"])
def test_it_refuses_readers(client, reader, name):
    client.force_login(reader)
    assert client.get(url(name)).status_code == 403


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_it_refuses_readers_an_article(client, reader, unit_a, name):
    article = article_in(unit_a)
    client.force_login(reader)
    assert client.get(url(name, article.pk)).status_code == 403
    if name != "article_detail":
        assert client.post(url(name, article.pk)).status_code == 403


def test_it_keeps_my_articles_for_correspondents(client, signer):
    client.force_login(signer)
    assert client.get(url("my_articles")).status_code == 403


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_it_hides_another_units_article(client, correspondent_b, unit_a, name):
    article = article_in(unit_a)
    client.force_login(correspondent_b)
    assert client.get(url(name, article.pk)).status_code == 404
    if name != "article_detail":
        assert client.post(url(name, article.pk)).status_code == 404


@pytest.mark.parametrize("name", ["my_articles", "article_create"])
def test_it_opens_the_pages_for_the_correspondent(client, correspondent_a, name):
    client.force_login(correspondent_a)
    assert client.get(url(name)).status_code == 200


@pytest.mark.parametrize("name", ARTICLE_PAGES)
def test_it_opens_the_units_article_for_the_correspondent(client, correspondent_a, unit_a, name):
    article = article_in(unit_a)
    client.force_login(correspondent_a)
    assert client.get(url(name, article.pk)).status_code == 200


def test_it_lets_editors_write_an_article(client, editor):
    client.force_login(editor)
    assert client.get(url("article_create")).status_code == 200
