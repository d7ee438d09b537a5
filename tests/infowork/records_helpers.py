"""Published articles, adoptions and instructions for the tests of upward adoptions and leader
instructions."""

import datetime

from django.utils import timezone

from articles.models import Article
from infowork.models import Instruction, InstructionFeedback, UpwardAdoption
from infowork.stats import office_today
from tests.workflow_helpers import article_in

PUBLISHED_DAY = datetime.date(2026, 3, 2)


def published(unit, *, day=PUBLISHED_DAY, **kwargs) -> Article:
    """A published article of ``unit``, published at 10:00 (office time) on ``day``."""
    article = article_in(Article.Status.PUBLISHED, unit, **kwargs)
    at = datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_default_timezone())
    Article.objects.filter(pk=article.pk).update(published_at=at)
    article.refresh_from_db()
    return article


def days_ago(days: int) -> datetime.date:
    return office_today() - datetime.timedelta(days=days)


def adoption(article, editor, *, level="province", outlet="省总工会《工会信息》", day=None, note=""):
    return UpwardAdoption.objects.create(
        article=article,
        level=level,
        outlet=outlet,
        adopted_on=day or days_ago(1),
        note=note,
        recorded_by=editor,
    )


def instruction(article, editor, *, leader="王副市长", level="city", day=None, text="请总结推广。"):
    return Instruction.objects.create(
        article=article,
        leader=leader,
        level=level,
        instructed_on=day or days_ago(5),
        text=text,
        recorded_by=editor,
    )


def feedback(instruction, user, *, text="已在全市推广。", day=None):
    return InstructionFeedback.objects.create(
        instruction=instruction, text=text, done_on=day or office_today(), reported_by=user
    )


def errors_of(excinfo) -> dict[str, list[str]]:
    """The messages of a ValidationError raised by a service, per argument."""
    return {
        name: [str(message) for message in messages] for name, messages in excinfo.value.message_dict.items()
    }
