"""Demo content of information work for ``manage.py loaddemo``, which sends
``distribution.signals.demo_loaded`` (connected in ``config.apps``): an upward adoption and a
leader instruction still waiting for the unit's feedback, on articles of the demo issue. Every name
and sentence is made up."""

import datetime

from django.utils import timezone

from articles.models import Article

from .models import Instruction, UpwardAdoption
from .services import instruction_record, upward_adoption_record
from .stats import office_today

# (unit name, level, outlet, days after publication)
ADOPTION = ("张家港市总工会", "province", "省总工会《基层工作交流》", 9)
# (unit name, leader, level, days after publication, text)
INSTRUCTION = (
    "太仓市总工会",
    "赵志宏副市长",
    "city",
    5,
    "驿站建在劳动者身边，办得实在。请市总工会会同城管、交通部门，把太仓的做法总结好，明年在各市、区推开。",
)


def _article(unit) -> Article | None:
    """The unit's earliest published article (the demo issue's)."""
    if unit is None:
        return None
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, units=unit)
        .order_by("published_at", "pk")
        .first()
    )


def _day(article: Article, days_after: int) -> datetime.date | None:
    """``days_after`` the publication, but never after today; ``None`` if published in the future."""
    published = timezone.localdate(article.published_at, timezone=timezone.get_default_timezone())
    today = office_today()
    if published > today:
        return None
    return min(published + datetime.timedelta(days=days_after), today)


def load_records(*, units: dict, users: dict) -> None:
    """Record the demo adoption and instruction through the services, once."""
    editor = users.get("editor")
    if editor is None:
        return
    unit_name, level, outlet, days_after = ADOPTION
    article = _article(units.get(unit_name))
    if article is not None and not UpwardAdoption.objects.filter(article=article, outlet=outlet).exists():
        day = _day(article, days_after)
        if day is not None:
            upward_adoption_record(actor=editor, article=article, level=level, outlet=outlet, date=day)
    unit_name, leader, level, days_after, text = INSTRUCTION
    article = _article(units.get(unit_name))
    if article is not None and not Instruction.objects.filter(article=article, leader=leader).exists():
        day = _day(article, days_after)
        if day is not None:
            instruction_record(actor=editor, article=article, leader=leader, level=level, date=day, text=text)
