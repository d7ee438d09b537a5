"""One body limit (articles.text) on every path that writes a body: the services, the desk form and
the admin form. The Word import and the archive importer have their own tests."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleRevision
from articles.text import MAX_BODY_HTML, MAX_BODY_TEXT, body_too_long
from tests.desk.correspondent_helpers import draft_of
from tests.desk.correspondent_helpers import url as desk_url

TOO_MUCH_TEXT = "<p>" + "职" * (MAX_BODY_TEXT + 1) + "</p>"
TOO_MUCH_HTML = "<p><strong>职</strong></p>" * (MAX_BODY_HTML // 20)
TEXT_ERROR = "稿件正文共 50,001 个字符，最多允许 50,000 个。请拆分为几篇稿件。"


def test_it_accepts_a_long_article_within_both_limits():
    assert body_too_long("<p>" + "职" * MAX_BODY_TEXT + "</p>") is None


def test_it_names_the_limits_in_chinese():
    assert body_too_long(TOO_MUCH_TEXT) == TEXT_ERROR
    assert body_too_long(TOO_MUCH_HTML) == (
        f"稿件正文连同格式共 {len(TOO_MUCH_HTML):,} 个字符，最多允许 200,000 个。请去掉多余的格式，或将稿件拆分。"
    )


def test_the_service_refuses_a_new_article_over_the_limit(correspondent_a):
    with pytest.raises(services.WorkflowError) as error:
        services.article_create(actor=correspondent_a, title="超长稿件", body=TOO_MUCH_TEXT)
    assert error.value.message == TEXT_ERROR
    assert not Article.objects.exists()


def test_the_service_refuses_an_edit_over_the_limit(correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    with pytest.raises(services.WorkflowError):
        services.article_update(article=article, actor=correspondent_a, data={"body": TOO_MUCH_HTML})
    article.refresh_from_db()
    assert article.body == "<p>正文。</p>"
    assert article.version == 1
    assert ArticleRevision.objects.filter(article=article).count() == 1


def test_the_desk_form_refuses_it_and_saves_nothing(client, correspondent_a, unit_a):
    client.force_login(correspondent_a)
    response = client.post(desk_url("article_create"), {"title": "超长稿件", "body": TOO_MUCH_TEXT})
    assert response.status_code == 400
    assert TEXT_ERROR in response.content.decode()
    assert not Article.objects.exists()


def test_the_admin_form_refuses_it_and_saves_nothing(client, editor, unit_a):
    article = draft_of(editor, unit_a)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {"title": article.title, "body": TOO_MUCH_TEXT, "units": [unit_a.pk], "base_version": 1},
    )
    assert response.status_code == 200
    assert TEXT_ERROR in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>正文。</p>"
    assert article.version == 1
