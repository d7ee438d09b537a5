"""Every desk form is protected against cross-site requests, and each role's desk is named for it."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.workflow_helpers import article_in, issue_in


@pytest.fixture
def strict(db):
    return Client(enforce_csrf_checks=True)


def test_every_desk_post_without_the_csrf_token_is_refused(strict, editor, signer, correspondent_a, unit_a):
    draft = article_in(Article.Status.DRAFT, unit_a, author=correspondent_a)
    submitted = article_in(Article.Status.SUBMITTED, unit_a)
    drafting, pending = issue_in("drafting"), issue_in("pending_signoff")
    posts = {
        correspondent_a: [
            reverse("desk:article_create"),
            reverse("desk:article_edit", args=[draft.pk]),
            reverse("desk:article_submit", args=[draft.pk]),
        ],
        editor: [
            reverse("desk:review_action", args=[submitted.pk, "accept"]),
            reverse("desk:review_comment", args=[submitted.pk]),
            reverse("desk:issue_create_next"),
            reverse("desk:compose_place", args=[drafting.pk]),
            reverse("desk:compose_masthead", args=[drafting.pk]),
            reverse("desk:compose_step", args=[drafting.pk, "send_for_signoff"]),
        ],
        signer: [reverse("desk:issue_action", args=[pending.pk, "sign"])],
    }
    for user, urls in posts.items():
        strict.force_login(user)
        for url in urls:
            assert strict.post(url, {"title": "x", "note": "x", "text": "x"}).status_code == 403, url
    assert Article.objects.get(pk=submitted.pk).status == Article.Status.SUBMITTED
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_a_correspondent_works_at_the_correspondents_desk(client, correspondent_a, editor):
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:my_articles")).content.decode()
    assert "通讯员工作台" in html and "编辑部工作台" not in html
    client.force_login(editor)
    assert "编辑部工作台" in client.get(reverse("desk:review_queue")).content.decode()
