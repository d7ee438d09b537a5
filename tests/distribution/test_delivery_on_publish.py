"""Publishing an issue mails each person on its footer lines once, with the title, the table of
contents and a personal reading link; publishing again never mails anybody twice."""

import pytest
from django.core import mail

from bulletin.models import Issue
from distribution.models import Delivery, DeliveryAction, DeliveryEvent, DeliveryStatus
from distribution.services import DistributionError, delivery_resend, issue_deliver, issue_resend
from tests.factories import RecipientFactory, RecipientGroupFactory, UserFactory

from .conftest import delivery_mails, distribute, link_in, make_signed_issue


def addresses():
    return sorted(address for message in delivery_mails() for address in message.to)


def test_it_mails_each_person_once_across_overlapping_groups(signed_issue, publish, leaders):
    unions = RecipientGroupFactory(name="各市（县）、区工会", position=20)
    copied = RecipientGroupFactory(name="市总各部室", kind="copy")
    lin = UserFactory(username="linxl", email="LinXL@city.example.org", first_name="林晓岚")
    RecipientFactory(group=leaders, user=lin, email="", name="")
    RecipientFactory(group=unions, user=lin, email="")  # same account
    RecipientFactory(group=unions, email="WANGJP@city.example.org")  # same address, other case
    RecipientFactory(group=copied, email="linxl@city.example.org")  # the account's own address
    RecipientFactory(group=copied, email="zzb@city-union.example.org")
    distribute(signed_issue, leaders, unions)
    distribute(signed_issue, copied, kind="copy")

    publish(signed_issue)

    assert addresses() == [
        "linxl@city.example.org",
        "lixy@city.example.org",
        "wangjp@city.example.org",
        "zzb@city-union.example.org",
    ]
    lin_delivery = Delivery.objects.get(user=lin)
    assert lin_delivery.name == "林晓岚"
    assert {g.name for g in lin_delivery.groups.all()} == {
        "市四套班子有关领导",
        "各市（县）、区工会",
        "市总各部室",
    }
    assert Delivery.objects.filter(issue=signed_issue, status=DeliveryStatus.SENT).count() == 4


def test_the_mail_carries_the_title_the_contents_and_a_personal_link(unit, publish, leaders, site_url):
    issue = make_signed_issue(unit, titles=("市总工会部署冬季送温暖活动", "全市职工技能比武圆满落幕"))
    issue.total_number = 326
    issue.save()
    distribute(issue, leaders)

    publish(issue)

    messages = delivery_mails()
    assert len(messages) == 2
    message = next(m for m in messages if m.to == ["wangjp@city.example.org"])
    assert message.subject == "工会工作简报 2026年第7期（总第326期）"
    assert message.body.startswith("王建平：您好！")
    assert "市总工会部署冬季送温暖活动" in message.body and "全市职工技能比武圆满落幕" in message.body
    assert "【工作动态】" in message.body
    link = link_in(message)
    assert link.startswith("https://jianbao.example.org/r/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html and "全市职工技能比武圆满落幕" in html
    assert "<img" not in html  # no tracking pixels, no images at all
    other = next(m for m in messages if m.to == ["lixy@city.example.org"])
    assert link_in(other) != link


def test_an_internal_issue_is_marked_in_the_mail(internal_issue, publish, leaders):
    distribute(internal_issue, leaders)
    publish(internal_issue)
    assert all("内部资料，请勿外传" in message.body for message in delivery_mails())


def test_publishing_twice_never_sends_twice(signed_issue, publish, leaders, committed):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    assert len(delivery_mails()) == 2

    assert committed(issue_deliver, issue=signed_issue) == []
    assert len(delivery_mails()) == 2
    assert Delivery.objects.count() == 2


def test_republishing_after_a_recall_does_not_send_again(signed_issue, publish, recall, leaders, signer):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    recall(signed_issue)
    Issue.objects.filter(pk=signed_issue.pk).update(status=Issue.Status.SIGNED, signed_by=signer)
    newcomer = RecipientFactory(group=leaders, name="赵新", email="zhaox@city.example.org")
    mail.outbox.clear()

    publish(signed_issue)

    assert addresses() == [newcomer.email]
    assert Delivery.objects.filter(issue=signed_issue).count() == 3


def test_the_office_can_send_it_again_when_asked(signed_issue, publish, leaders, editor, committed):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    mail.outbox.clear()
    wang = Delivery.objects.get(email="wangjp@city.example.org")

    assert committed(delivery_resend, deliveries=[wang], actor=editor) == 1
    assert addresses() == ["wangjp@city.example.org"]
    assert wang.events.filter(action=DeliveryAction.RESENT, actor=editor).exists()

    mail.outbox.clear()
    assert committed(issue_resend, issue=signed_issue, actor=editor) == 2
    assert addresses() == ["lixy@city.example.org", "wangjp@city.example.org"]


def test_the_office_can_send_it_again_to_those_who_have_not_opened_it(
    signed_issue, publish, leaders, editor, committed
):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    Delivery.objects.filter(email="wangjp@city.example.org").update(first_read_at=signed_issue.published_at)
    mail.outbox.clear()

    committed(issue_resend, issue=signed_issue, actor=editor, only_unopened=True)

    assert addresses() == ["lixy@city.example.org"]


def test_only_the_office_may_resend(signed_issue, publish, leaders, reader, committed):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    mail.outbox.clear()
    with pytest.raises(DistributionError) as error:
        committed(delivery_resend, deliveries=list(Delivery.objects.all()), actor=reader)
    assert error.value.messages == ["只有编辑部可以向接收人发送简报。"]
    assert delivery_mails() == []


def test_a_recalled_issue_cannot_be_resent(signed_issue, publish, recall, leaders, editor, committed):
    distribute(signed_issue, leaders)
    publish(signed_issue)
    recall(signed_issue)
    mail.outbox.clear()
    with pytest.raises(DistributionError) as error:
        committed(issue_resend, issue=signed_issue, actor=editor)
    assert error.value.messages == [f"{signed_issue.label}目前未发布，无法发送其阅读链接。"]
    assert delivery_mails() == []


def test_a_member_without_an_address_is_recorded_but_not_mailed(signed_issue, publish, leaders):
    nomail = UserFactory(username="nomail", email="")
    RecipientFactory(group=leaders, user=nomail, email="")
    distribute(signed_issue, leaders)

    publish(signed_issue)

    assert len(delivery_mails()) == 2
    row = Delivery.objects.get(user=nomail)
    assert row.status == DeliveryStatus.NO_ADDRESS
    assert row.events.get().action == DeliveryAction.NO_ADDRESS


def test_the_scheduler_publishing_delivers_too(signed_issue, leaders, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from bulletin.services import publish_due

    distribute(signed_issue, leaders)
    Issue.objects.filter(pk=signed_issue.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        publish_due()
    assert len(delivery_mails()) == 2
    assert DeliveryEvent.objects.filter(action=DeliveryAction.QUEUED, actor__isnull=True).count() == 2


def test_queuing_costs_the_same_queries_for_many_recipients(unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def deliver_to(count, number):
        issue = make_signed_issue(unit, number=number)
        group = RecipientGroupFactory()
        for index in range(count):
            RecipientFactory(group=group, email=f"p{number}-{index}@example.org")
        distribute(issue, group)
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.PUBLISHED, published_at=issue.created)
        with CaptureQueriesContext(connection) as queries:
            issue_deliver(issue=issue)
        return len(queries)

    few, many = deliver_to(3, 20), deliver_to(60, 21)
    assert many == few


def test_the_receipt_outlives_a_deleted_account(signed_issue, publish, leaders):
    nomail = UserFactory(username="nomail", email="", first_name="钱明")
    RecipientFactory(group=leaders, user=nomail, email="", name="钱明")
    distribute(signed_issue, leaders)
    publish(signed_issue)

    nomail.delete()

    row = Delivery.objects.get(name="钱明")
    assert row.user is None and row.status == DeliveryStatus.NO_ADDRESS
