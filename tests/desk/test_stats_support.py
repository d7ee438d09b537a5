"""Helpers for the statistics page tests: a little activity in 2025 and URLs with a range.

(No tests here; the name keeps it beside the test files it serves.)"""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAction, ArticleTransition
from bulletin.models import Issue, Section
from contributors import activity
from contributors.models import Unit
from tests.factories import ArticleFactory, IssueFactory, UnitFactory

S, A = Article.Status, ArticleAction
RANGE_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=timezone.get_default_timezone())


def submitted(unit, day: str, *, accepted: bool = False) -> Article:
    item = ArticleFactory(units=[unit], status=S.ACCEPTED if accepted else S.SUBMITTED, submitted_at=at(day))
    ArticleTransition.objects.create(
        article=item, action=A.SUBMIT, from_status=S.DRAFT, to_status=S.SUBMITTED, created=at(day)
    )
    if accepted:
        ArticleTransition.objects.create(
            article=item, action=A.ACCEPT, from_status=S.SUBMITTED, to_status=S.ACCEPTED, created=at(day)
        )
    return item


def published(unit, issue: Issue) -> Article:
    item = submitted(unit, issue.issue_date.isoformat(), accepted=True)
    Article.objects.filter(pk=item.pk).update(
        status=S.PUBLISHED,
        issue=issue,
        section=Section.objects.get(name="工作动态"),
        published_at=issue.published_at,
    )
    activity.refresh([item.pk])  # update() sends no signal
    return item


def issue_2025(number: int = 1) -> Issue:
    day = datetime.date(2025, 3, number)
    return IssueFactory(
        year=2025,
        number=number,
        issue_date=day,
        status=Issue.Status.PUBLISHED,
        published_at=at(day.isoformat()),
    )


def make_activity(unit_a, unit_b) -> dict:
    """unit_a (甲市总工会): 2 published; its town 甲镇: 1 submitted; unit_b: 1 accepted; 丙: silent."""
    town = UnitFactory(name="甲镇总工会", parent=unit_a, kind=Unit.Kind.TOWN)
    silent = UnitFactory(name="丙县总工会")
    issue = issue_2025()
    published(unit_a, issue)
    published(unit_a, issue)
    submitted(town, "2025-04-02")
    submitted(unit_b, "2025-05-06", accepted=True)
    return {"town": town, "silent": silent}


def url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


STATS_URLS = ["stats", "stats_csv", "stats_xlsx", "stats_notice", "stats_notice_pdf"]
