"""A 404 under /issues/ and /articles/ tells a visitor without a login that internal issues are
for registered readers, with the login coming back to the address; the same for a missing, an
unpublished and an internal number, so the answer does not say which exist."""

from urllib.parse import quote

import pytest

from .reader_support import build_issue, fresh_reader_cache  # noqa: F401

pytestmark = pytest.mark.django_db

HINT = "内部资料仅供注册读者阅读"


def test_it_offers_the_login_for_an_internal_issue_to_an_anonymous_visitor(client):
    build_issue(year=2026, number=2, visibility="internal")
    response = client.get("/issues/2026/2/")
    assert response.status_code == 404
    html = response.content.decode()
    assert HINT in html
    assert f'href="/accounts/login/?next={quote("/issues/2026/2/")}"' in html
    assert "Cookie" in response["Vary"]


def test_it_answers_a_missing_an_unpublished_and_an_internal_number_alike(client):
    internal = build_issue(year=2026, number=2, visibility="internal")
    build_issue(year=2026, number=3, published=False)
    article = internal.articles.first()
    answers = {}
    for path in [
        "/issues/2026/2/",
        "/issues/2026/3/",
        "/issues/2026/9/",
        f"/articles/{article.pk}/",
        "/articles/999999/",
    ]:
        response = client.get(path)
        assert response.status_code == 404
        answers[path] = response.content.decode().replace(quote(path), "PATH")
    assert len(set(answers.values())) == 1
    assert HINT in answers["/issues/2026/9/"]


def test_it_does_not_offer_the_login_to_a_logged_in_reader(client, cast):
    build_issue(year=2026, number=2, visibility="internal", published=False)
    client.force_login(cast.reader)
    response = client.get("/issues/2026/2/")
    assert response.status_code == 404
    assert HINT not in response.content.decode()
    assert "/accounts/login/" not in response.content.decode()


def test_it_says_nothing_of_internal_issues_elsewhere(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert HINT not in response.content.decode()
