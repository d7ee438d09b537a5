"""Helpers for the points tests: articles published on an office day in a section, upward adoptions
and leader instructions made straight in the database (the records part's services are another
helper's; the points only read the rows).

(No tests here; the name keeps it beside the test files it serves.)"""

import datetime
from decimal import Decimal

from django.utils import timezone

from articles.models import Article
from bulletin.models import Issue, Section
from contributors import activity
from infowork.models import Instruction, PayRate, ScoringRule, UpwardAdoption
from tests.factories import ArticleFactory, IssueFactory, UserFactory

S = Article.Status
_numbers = iter(range(1, 100000))


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def office_moment(text: str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment on an office calendar day (Asia/Shanghai)."""
    return datetime.datetime.combine(
        day(text), datetime.time(hour, minute), tzinfo=timezone.get_default_timezone()
    )


def published(units, on: str, *, section: str = "工作动态", hour: int = 10, minute: int = 0) -> Article:
    """An article of ``units`` published on office day ``on`` in ``section``."""
    moment = office_moment(on, hour, minute)
    issue = IssueFactory(
        year=moment.year,
        number=next(_numbers),
        issue_date=moment.date(),
        status=Issue.Status.PUBLISHED,
        published_at=moment,
    )
    item = ArticleFactory(units=list(units), status=S.DRAFT)
    Article.objects.filter(pk=item.pk).update(
        status=S.PUBLISHED,
        issue=issue,
        section=Section.objects.get(name=section),
        published_at=moment,
        submitted_at=moment,
    )
    activity.refresh([item.pk])  # update() sends no signal
    item.refresh_from_db()
    return item


def recorder():
    return UserFactory(username="points_recorder")


def adopted(article, level: str, on: str) -> UpwardAdoption:
    return UpwardAdoption.objects.create(
        article=article, level=level, outlet="《工人日报》", adopted_on=day(on), recorded_by=recorder()
    )


def instructed(article, level: str, on: str) -> Instruction:
    return Instruction.objects.create(
        article=article,
        leader="张副市长",
        level=level,
        instructed_on=day(on),
        text="此件很好。",
        recorded_by=recorder(),
    )


def set_rule(event: str, level: str = "", *, points=None, split=None) -> ScoringRule:
    rule = ScoringRule.objects.get(event=event, level=level)
    if points is not None:
        rule.points = Decimal(points)
    if split is not None:
        rule.split = split
    rule.save()
    return rule


def rate(year: int, yuan) -> PayRate:
    return PayRate.objects.create(year=year, yuan_per_point=Decimal(yuan))
