"""积分规则与稿费标准 (/desk/scoring/): the rules in one form, the yuan per point per year; editors only;
bad input shows the exact Chinese error and saves nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from infowork.models import InfoworkLog, PayRate, ScoringRule

pytestmark = pytest.mark.django_db

PAGE = "/desk/scoring/"
PAY = "/desk/scoring/pay/"


def rules_data(**changes) -> dict:
    """The form as shown, with ``points_<event>_<level>`` / ``split_…`` changed."""
    data = {}
    for rule in ScoringRule.objects.all():
        key = f"{rule.event}_{rule.level}" if rule.level else rule.event
        points = changes.get(f"points_{key}", f"{rule.points:f}")
        data[f"points_{rule.pk}"] = points
        if changes.get(f"split_{key}", rule.split):
            data[f"split_{rule.pk}"] = "on"
    return data


def test_the_addresses():
    assert reverse("desk:scoring") == PAGE and reverse("desk:scoring_pay") == PAY


@pytest.mark.parametrize(("who", "status"), [("correspondent_a", 403), ("signer", 403), ("reader", 403)])
def test_only_editors_open_it(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == status
    assert client.post(PAY, {"year": "2026", "yuan_per_point": "5"}).status_code == status
    assert not PayRate.objects.exists()


def test_anonymous_visitors_go_to_the_login(client):
    assert client.get(PAGE).status_code == 302


def test_the_page_shows_every_rule_with_its_points(client, editor):
    client.force_login(editor)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "积分规则与稿费标准" in page
    for label in ("本刊采用（文章）", "本刊采用（简讯）", "上级采用", "领导批示", "中央、国务院办公厅"):
        assert label in page
    central = ScoringRule.objects.get(event="upward", level="central")
    assert f'name="points_{central.pk}" value="30"' in page
    assert "尚未设定任何年度的每分稿费。" in page


def test_an_editor_saves_changed_rules_in_one_go(client, editor):
    client.force_login(editor)
    response = client.post(PAGE, rules_data(points_brief="2.5", split_article=True))
    assert response.status_code == 302
    assert ScoringRule.objects.get(event="brief").points == Decimal("2.5")
    assert ScoringRule.objects.get(event="article").split is True
    assert InfoworkLog.objects.filter(action="rule_change").count() == 2
    page = client.get(response.url).content.decode()
    assert "积分规则已保存（改动2项）。" in page


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("-3", "积分不能为负数。"),
        ("三分", "积分必须是数字，例如 5 或 2.5。"),
        ("", "请填写积分（不计分填 0）。"),
    ],
)
def test_bad_points_show_the_error_and_save_nothing(client, editor, points, message):
    client.force_login(editor)
    response = client.post(PAGE, rules_data(points_upward_city=points, points_brief="1"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "有问题需要处理" in page
    assert message in page
    assert ScoringRule.objects.get(event="brief").points == 3  # the valid change is not saved either
    assert ScoringRule.objects.get(event="upward", level="city").points == 10
    assert not InfoworkLog.objects.exists()


def test_an_editor_sets_the_yuan_per_point(client, editor):
    client.force_login(editor)
    response = client.post(PAY, {"year": "2026", "yuan_per_point": "20"})
    assert response.status_code == 302
    assert PayRate.objects.get().yuan_per_point == 20
    page = client.get(PAGE).content.decode()
    assert "2026年每分稿费已设为20.00元。" in page
    assert '<th scope="row">2026</th>' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2026", "yuan_per_point": "-0.01"}, "每分稿费不能低于零。"),
        ({"year": "2026", "yuan_per_point": "二十"}, "每分稿费必须是数字，例如 20 或 12.5。"),
        ({"year": "二〇二六", "yuan_per_point": "20"}, "请输入四位数字的年份，例如 2026。"),
        ({"year": "2026", "yuan_per_point": ""}, "请填写每分稿费（不发稿费填 0）。"),
    ],
)
def test_a_bad_rate_shows_the_error_and_saves_nothing(client, editor, data, message):
    client.force_login(editor)
    response = client.post(PAY, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PayRate.objects.exists() and not InfoworkLog.objects.exists()


def test_the_page_needs_csrf(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(PAY, {"year": "2026", "yuan_per_point": "20"}).status_code == 403
    assert not PayRate.objects.exists()
