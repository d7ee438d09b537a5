"""What an outside tester tried on the information-work pages and what was wrong: a deadline in
the year 9999, a correspondent "since" a day still to come, "-0" points stored as minus zero, and
the same feedback posted twice. Each answers a Chinese message and saves nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.models import Article
from infowork.models import Commission, Correspondent, InfoworkLog, InstructionFeedback, PayRate, ScoringRule
from infowork.stats import add_years, office_today
from tests.infowork.records_helpers import days_ago, instruction, published

pytestmark = pytest.mark.django_db


def test_a_commission_deadline_more_than_a_year_away_is_refused(client, cast, unit_a):
    client.force_login(cast.editor)
    last = add_years(office_today(), 1)
    response = client.post(
        reverse("desk:commission_create"),
        {"title": "职工书屋", "brief": "请介绍做法。", "deadline": "9999-12-31", "units": [unit_a.pk]},
    )
    assert response.status_code == 400
    assert (
        f"截止日期9999-12-31距今超过一年；请选择{last.isoformat()}或更早的日期。" in response.content.decode()
    )
    assert not Commission.objects.exists() and not InfoworkLog.objects.exists()


def test_a_deadline_exactly_a_year_away_is_taken(client, cast, unit_a):
    client.force_login(cast.editor)
    last = add_years(office_today(), 1)
    response = client.post(
        reverse("desk:commission_create"),
        {"title": "职工书屋", "brief": "请介绍做法。", "deadline": last.isoformat(), "units": [unit_a.pk]},
    )
    assert response.status_code == 302 and Commission.objects.get().deadline == last


def test_a_correspondent_since_a_day_to_come_is_refused(client, cast, unit_a):
    correspondent = Correspondent.objects.create(staff=cast.correspondent_a.staff, phone="0512-1")
    client.force_login(cast.editor)
    tomorrow = office_today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("desk:correspondent_edit", args=[correspondent.pk]),
        {"phone": "0512-2", "since": tomorrow.isoformat(), "note": ""},
    )
    assert response.status_code == 400
    assert f"{tomorrow.isoformat()}还没有到；请填写此人开始担任信息员的日期。" in response.content.decode()
    correspondent.refresh_from_db()
    assert correspondent.phone == "0512-1" and correspondent.since is None


def test_minus_zero_is_stored_and_shown_as_zero(client, cast):
    client.force_login(cast.editor)
    rule = ScoringRule.objects.get(event="article", level="")
    data = {f"points_{other.pk}": str(other.points) for other in ScoringRule.objects.all()}
    data[f"points_{rule.pk}"] = "-0"
    assert client.post(reverse("desk:scoring"), data).status_code == 302
    rule.refresh_from_db()
    assert str(rule.points) == "0.00"
    response = client.post(reverse("desk:scoring_pay"), {"year": "2026", "yuan_per_point": "-0"}, follow=True)
    assert str(PayRate.objects.get(year=2026).yuan_per_point) == "0.00"
    assert "-0.00" not in response.content.decode()


def test_a_full_width_figure_counts_as_the_figure(client, cast):
    client.force_login(cast.editor)
    assert (
        client.post(reverse("desk:scoring_pay"), {"year": "2026", "yuan_per_point": "５"}).status_code == 302
    )
    assert PayRate.objects.get(year=2026).yuan_per_point == Decimal("5.00")


def test_the_same_feedback_posted_twice_is_kept_once(client, cast, unit_a):
    article = published(unit_a, day=days_ago(10))
    given = instruction(article, cast.editor, day=days_ago(5))
    client.force_login(cast.correspondent_a)
    address = reverse("desk:instruction_feedback", args=[given.pk])
    data = {"text": "已在全市推广。", "done_on": office_today().isoformat()}
    assert client.post(address, data).status_code == 302
    again = client.post(address, data)
    assert again.status_code == 409
    assert "这条落实情况已于" in again.content.decode() and "反馈过，不再重复记录。" in again.content.decode()
    assert InstructionFeedback.objects.count() == 1
    assert InfoworkLog.objects.filter(action=InfoworkLog.Action.FEEDBACK_RECORD).count() == 1
    # A further report (other words) is still welcome.
    assert client.post(address, {**data, "text": "已完成第二阶段。"}).status_code == 302
    assert InstructionFeedback.objects.count() == 2


def test_a_deleted_record_answers_404_on_a_second_post(client, cast, unit_a):
    article = published(unit_a, day=days_ago(10))
    given = instruction(article, cast.editor, day=days_ago(5))
    client.force_login(cast.editor)
    address = reverse("desk:instruction_delete", args=[given.pk])
    assert client.post(address, {"reason": "登记错了"}).status_code == 302
    assert client.post(address, {"reason": "登记错了"}).status_code == 404
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("name", ["desk:scoring_pay", "desk:issue_create_next"])
def test_opening_a_form_only_address_answers_a_chinese_page_not_a_blank_one(client, cast, name):
    client.force_login(cast.editor)
    response = client.get(reverse(name))
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "此地址只接受表单提交" in page and "请返回原页面" in page
    assert client.head(reverse(name)).content == b""


def test_the_unit_forms_say_too_long_and_out_of_range_in_the_offices_words(client, cast):
    from contributors.models import UnitFormerName
    from tests.factories import UnitFactory

    unit = UnitFactory(name="丙县总工会")
    client.force_login(cast.editor)
    address = reverse("desk:unit_former_name", args=[unit.pk])
    page = client.post(address, {"name": "长" * 10000, "until_year": "1900", "note": "长" * 300})
    assert page.status_code == 400
    html = page.content.decode()
    assert "最多填写100个字，现有10000个字。" in html and "最多填写200个字，现有300个字。" in html
    assert "请填写1949年至2100年之间的年份。" in html and "该变量" not in html
    assert not UnitFormerName.objects.exists()


def test_a_commission_sent_twice_is_asked_once(client, cast, unit_a, unit_b):
    client.force_login(cast.editor)
    deadline = (office_today() + datetime.timedelta(days=7)).isoformat()
    data = {
        "title": "职工书屋",
        "brief": "请介绍做法。",
        "deadline": deadline,
        "units": [unit_a.pk, unit_b.pk],
    }
    assert client.post(reverse("desk:commission_create"), data).status_code == 302
    again = client.post(reverse("desk:commission_create"), data)
    assert again.status_code == 400
    assert "约稿《职工书屋》已于" in again.content.decode()
    assert "向这些单位发出，截止日期相同，不再重复发出。" in again.content.decode()
    assert Commission.objects.count() == 1
    assert InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_CREATE).count() == 1
    # Another set of units, or another deadline, is another commission.
    assert client.post(reverse("desk:commission_create"), {**data, "units": [unit_a.pk]}).status_code == 302
    assert Commission.objects.count() == 2


def test_an_instruction_recorded_twice_is_kept_once(client, cast, unit_a):
    from infowork.models import Instruction

    article = published(unit_a, day=days_ago(10))
    client.force_login(cast.editor)
    address = reverse("desk:review_instruction", args=[article.pk])
    data = {
        "leader": "王建平副市长",
        "level": "city",
        "date": days_ago(2).isoformat(),
        "text": "请总结推广。",
    }
    assert client.post(address, data).status_code == 302
    again = client.post(address, data)
    assert again.status_code == 400
    assert "这条领导批示已经登记过：王建平副市长，" in again.content.decode()
    assert Instruction.objects.count() == 1


def test_a_ten_thousand_character_commission_is_refused_field_by_field(client, cast, unit_a):
    client.force_login(cast.editor)
    deadline = (office_today() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("desk:commission_create"),
        {"title": "长" * 10000, "brief": "长" * 10000, "deadline": deadline, "units": [unit_a.pk]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "约稿主题最多200个字。" in html and "约稿要求最多5000个字，现有10000个字。" in html
    assert not Commission.objects.exists()
