"""Issues for the signer's desk tests: placed accepted articles, sent for sign-off through the services."""

from django.urls import reverse

from articles.models import Article
from bulletin.models import Issue
from bulletin.services import issue_publish, issue_send_for_signoff, issue_sign
from tests.workflow_helpers import article_in, issue_in

S = Issue.Status


def pending_issue(editor, unit, *, articles=1, note="请审阅", **kwargs) -> Issue:
    issue = issue_in(S.DRAFTING, **kwargs)
    for position in range(1, articles + 1):
        article = article_in(Article.Status.ACCEPTED, unit, issue=issue)
        Article.objects.filter(pk=article.pk).update(position=position)
    return issue_send_for_signoff(issue=issue, actor=editor, note=note)


def signed_issue(editor, signer, unit, *, publish_at=None, **kwargs) -> Issue:
    issue = pending_issue(editor, unit, **kwargs)
    return issue_sign(issue=issue, actor=signer, publish_at=publish_at)


def published_issue(editor, signer, unit, **kwargs) -> Issue:
    issue = signed_issue(editor, signer, unit, **kwargs)
    return issue_publish(issue=issue, actor=signer)


def action_url(issue, action):
    return reverse("desk:issue_action", args=[issue.pk, action])


def detail_url(issue):
    return reverse("desk:issue_detail", args=[issue.pk])
