"""infowork.services: the scoring rules and the yuan per point — editors only, bad input refused with a
Chinese sentence and nothing saved, every change logged with before and after."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from articles.services.errors import WorkflowError
from infowork.models import InfoworkLog, PayRate, ScoringRule
from infowork.services import pay_rate_set, scoring_rule_update

pytestmark = pytest.mark.django_db


def rule(event="upward", level="province"):
    return ScoringRule.objects.get(event=event, level=level)


def test_an_editor_changes_a_rule_and_it_is_logged(editor):
    changed = scoring_rule_update(actor=editor, rule=rule(), points="17.5", split=True)
    assert (changed.points, changed.split, changed.updated_by) == (Decimal("17.50"), True, editor)
    entry = InfoworkLog.objects.get()
    assert entry.action == InfoworkLog.Action.RULE_CHANGE and entry.actor == editor
    assert entry.detail["before"] == {"points": "15.00", "split": False}
    assert entry.detail["after"] == {"points": "17.50", "split": True}


def test_an_unchanged_rule_writes_no_log(editor):
    scoring_rule_update(actor=editor, rule=rule(), points=15, split=False)
    assert not InfoworkLog.objects.exists()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (-1, "积分不能为负数。"),
        ("-0.5", "积分不能为负数。"),
        ("五", "积分必须是数字，例如 5 或 2.5。"),
        ("", "积分必须是数字，例如 5 或 2.5。"),
        ("NaN", "积分必须是数字，例如 5 或 2.5。"),
        ("1.234", "最多保留两位小数。"),
        ("100000", "请输入不大于 99999.99 的数。"),
    ],
)
def test_bad_points_are_refused_and_nothing_saved(editor, points, message):
    with pytest.raises(ValidationError) as error:
        scoring_rule_update(actor=editor, rule=rule(), points=points, split=True)
    assert error.value.message_dict == {"points": [message]}
    assert (rule().points, rule().split) == (15, False)
    assert not InfoworkLog.objects.exists()


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader"])
def test_only_editors_change_rules_and_rates(request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(WorkflowError) as error:
        scoring_rule_update(actor=actor, rule=rule(), points=1, split=False)
    assert error.value.message == "只有编辑可以更改积分规则和稿费标准。"
    with pytest.raises(WorkflowError):
        pay_rate_set(actor=actor, year=2026, yuan_per_point=10)
    assert rule().points == 15 and not PayRate.objects.exists()
    assert not InfoworkLog.objects.exists()


def test_an_editor_sets_and_changes_a_years_rate(editor):
    made = pay_rate_set(actor=editor, year="2026", yuan_per_point="20")
    assert (made.year, made.yuan_per_point) == (2026, Decimal("20.00"))
    pay_rate_set(actor=editor, year=2026, yuan_per_point=Decimal("22.5"))
    assert PayRate.objects.get().yuan_per_point == Decimal("22.50")
    log = list(InfoworkLog.objects.order_by("pk").values_list("action", "detail"))
    assert log == [
        ("pay_rate_set", {"year": 2026, "before": None, "after": "20.00"}),
        ("pay_rate_set", {"year": 2026, "before": "20.00", "after": "22.50"}),
    ]


@pytest.mark.parametrize(
    ("year", "rate", "errors"),
    [
        (2026, "-1", {"yuan_per_point": ["每分稿费不能低于零。"]}),
        (2026, "二十", {"yuan_per_point": ["每分稿费必须是数字，例如 20 或 12.5。"]}),
        ("明年", "20", {"year": ["请输入四位数字的年份，例如 2026。"]}),
        (3500, "20", {"year": ["请输入 1900 至 2999 之间的年份。"]}),
    ],
)
def test_a_bad_rate_or_year_is_refused_and_nothing_saved(editor, year, rate, errors):
    with pytest.raises(ValidationError) as error:
        pay_rate_set(actor=editor, year=year, yuan_per_point=rate)
    assert error.value.message_dict == errors
    assert not PayRate.objects.exists() and not InfoworkLog.objects.exists()
