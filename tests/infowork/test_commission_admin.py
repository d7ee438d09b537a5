"""The admin shows commissions read-only with their units and answers; its actions go through the
services (so an editor's rules hold there too)."""

import pytest
from django.core import mail
from django.urls import reverse

from infowork.models import Commission, CommissionUnit, InfoworkLog
from tests.factories import UserFactory
from tests.infowork.commission_helpers import commission_for, past_commission

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:infowork_commission_changelist")


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def act(client, action, *commissions):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [c.pk for c in commissions]}, follow=True
    )


def test_the_change_page_shows_the_units_read_only(client, root, cast, unit_a, unit_b):
    commission = commission_for(cast.editor, [unit_a, unit_b], title="职工书屋建设")
    page = client.get(reverse("admin:infowork_commission_change", args=[commission.pk])).content.decode()
    assert "甲市总工会" in page and "乙区总工会" in page
    assert 'name="title"' not in page and 'name="targets-0-unit"' not in page
    assert client.get(reverse("admin:infowork_commission_add")).status_code == 403
    assert client.get(CHANGELIST + "?status__exact=open").status_code == 200


def test_the_reminder_action_mails_through_the_service(
    client, root, cast, unit_a, django_capture_on_commit_callbacks
):
    commission = commission_for(cast.editor, [unit_a])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, "remind_late", commission)
    assert CommissionUnit.objects.get().reminders == 1
    assert [m.to for m in mail.outbox] == [[cast.correspondent_a.email]]
    assert InfoworkLog.objects.filter(action="commission_remind", actor=root).exists()


def test_the_close_action_refuses_an_ended_commission_with_a_message(client, root, cast, unit_a):
    open_one = commission_for(cast.editor, [unit_a], title="开着的")
    ended = commission_for(cast.editor, [unit_a], title="已取消的")
    ended.status = Commission.Status.CANCELLED
    ended.save()
    page = act(client, "close", open_one, ended).content.decode()
    assert Commission.objects.get(pk=open_one.pk).status == Commission.Status.CLOSED
    assert Commission.objects.get(pk=ended.pk).status == Commission.Status.CANCELLED
    assert "已取消的：约稿《已取消的》“已取消”，不能再做任何操作。" in page


def test_the_overdue_action_runs_the_daily_task(client, root, cast, unit_a):
    late = past_commission(cast.editor, [unit_a])
    act(client, "mark_overdue", late)
    assert Commission.objects.get().status == Commission.Status.OVERDUE


def test_the_close_action_tells_the_units_that_had_not_answered(
    client, root, cast, unit_a, django_capture_on_commit_callbacks
):
    commission = commission_for(cast.editor, [unit_a], title="职工书屋建设")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = act(client, "close", commission).content.decode()
    assert "已结束1项约稿；尚未报送的单位已收到邮件通知。" in page
    assert [m.to for m in mail.outbox] == [[cast.correspondent_a.email]]
    assert "约稿已结束" in mail.outbox[0].subject
