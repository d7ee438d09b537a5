"""The read-receipt page of an issue in the back office: delivered / opened / not opened by group,
CSV export, re-send with confirmation; the office only; queries constant in the recipients."""

import csv
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Issue
from distribution.models import Delivery, DeliveryStatus
from tests.factories import RecipientFactory, RecipientGroupFactory

from .conftest import delivery_mails, distribute, make_signed_issue


@pytest.fixture
def receipts(signed_issue, publish, leaders):
    unions = RecipientGroupFactory(name="各市（县）、区工会", position=20)
    RecipientFactory(group=unions, name="张家港市总工会办公室", email="bgs@zjg-union.example.org")
    RecipientFactory(group=unions, name="王建平", email="wangjp@city.example.org")  # also a leader
    RecipientFactory(group=unions, name='=HYPERLINK("http://evil")', email="evil@example.org")
    distribute(signed_issue, leaders, unions)
    publish(signed_issue)
    Delivery.objects.filter(email="wangjp@city.example.org").update(
        first_read_at=timezone.now(), last_read_at=timezone.now(), read_count=2
    )
    return signed_issue


def page_url(issue):
    return reverse("admin:distribution_issuereceipt_change", args=[issue.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_the_login(client, receipts):
    response = client.get(page_url(receipts))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_readers_never_see_it(client, receipts, reader):
    response = logged_in(client, reader).get(page_url(receipts))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_correspondents_may_not_see_it(client, receipts, correspondent_a):
    assert logged_in(client, correspondent_a).get(page_url(receipts)).status_code == 403


def test_the_office_sees_delivered_opened_and_not_opened_by_group(client, receipts, editor):
    response = logged_in(client, editor).get(page_url(receipts))
    assert response.status_code == 200
    content = response.content.decode()
    assert "印发：市四套班子有关领导" in content
    assert "印发：各市（县）、区工会" in content
    assert content.index("市四套班子有关领导") < content.index("各市（县）、区工会")
    summary = response.context["summary"]
    assert (summary.total, summary.delivered, summary.opened, summary.not_opened) == (4, 4, 1, 3)
    by_group = {
        block.group.name: (block.total, block.opened, block.not_opened)
        for block in response.context["receipts"].groups
    }
    assert by_group == {"市四套班子有关领导": (2, 1, 1), "各市（县）、区工会": (3, 1, 2)}


def test_the_signer_sees_it_too(client, receipts, signer):
    assert logged_in(client, signer).get(page_url(receipts)).status_code == 200


def test_the_list_of_receipts_shows_the_counts(client, receipts, editor):
    response = logged_in(client, editor).get(reverse("admin:distribution_issuereceipt_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.delivery_total, row.delivery_sent, row.delivery_opened) == (4, 4, 1)


def test_the_csv_is_utf8_with_a_bom_and_safe_for_spreadsheets(client, receipts, editor):
    response = logged_in(client, editor).get(
        reverse("admin:distribution_issuereceipt_csv", args=[receipts.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["印发对象", "类别", "姓名"]
    wang = [row for row in rows if row[4] == "wangjp@city.example.org"]
    assert [row[0] for row in wang] == ["市四套班子有关领导", "各市（县）、区工会"]
    assert wang[0][6] == "已发送" and wang[0][10] != "" and wang[0][12] == "2"
    evil = next(row for row in rows if row[4] == "evil@example.org")
    assert evil[2].startswith("'=")


def test_the_page_costs_the_same_queries_for_many_recipients(
    client, editor, unit, publish, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged_in(client, editor)

    def page_queries(count, number):
        issue = make_signed_issue(unit, number=number)
        groups = [RecipientGroupFactory(position=i) for i in range(3)]
        for index in range(count):
            RecipientFactory(group=groups[index % 3], email=f"r{number}-{index}@example.org")
        distribute(issue, *groups)
        publish(issue)
        Delivery.objects.filter(
            issue=issue, pk__in=Delivery.objects.filter(issue=issue).values("pk")[:2]
        ).update(first_read_at=timezone.now())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(issue)).status_code == 200
        return len(queries)

    few = page_queries(3, 30)
    many = page_queries(60, 31)
    assert many == few
    url = page_url(Issue.objects.get(number=31))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_resending_asks_first_and_changes_nothing_on_the_question(client, receipts, editor):
    mail.outbox.clear()
    url = reverse("admin:distribution_issuereceipt_resend", args=[receipts.pk]) + "?scope=unopened"
    response = logged_in(client, editor).get(url)
    assert response.status_code == 200
    assert "尚未打开本期、将再次收到邮件的接收人（各附个人阅读链接）：3 位。" in response.content.decode()
    assert delivery_mails() == []


def test_resending_to_those_who_have_not_opened_it(
    client, receipts, editor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("admin:distribution_issuereceipt_resend", args=[receipts.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(client, editor).post(url, {"scope": "unopened"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in delivery_mails()) == [
        "bgs@zjg-union.example.org",
        "evil@example.org",
        "lixy@city.example.org",
    ]


def test_resending_needs_the_csrf_token(receipts, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    mail.outbox.clear()
    response = client.post(
        reverse("admin:distribution_issuereceipt_resend", args=[receipts.pk]), {"scope": "all"}
    )
    assert response.status_code == 403
    assert delivery_mails() == []


def test_the_delivery_list_resends_after_confirmation(
    client, receipts, editor, django_capture_on_commit_callbacks
):
    logged_in(client, editor)
    mail.outbox.clear()
    wang = Delivery.objects.get(email="wangjp@city.example.org")
    url = reverse("admin:distribution_delivery_changelist")
    data = {"action": "resend", "_selected_action": [wang.pk]}

    question = client.post(url, data)
    assert question.status_code == 200
    assert "重新发送阅读链接" in question.content.decode()
    assert delivery_mails() == []

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    assert [m.to for m in delivery_mails()] == [["wangjp@city.example.org"]]


def test_the_delivery_list_withdraws_links_after_confirmation(client, receipts, editor):
    logged_in(client, editor)
    wang = Delivery.objects.get(email="wangjp@city.example.org")
    url = reverse("admin:distribution_delivery_changelist")
    data = {"action": "revoke_links", "_selected_action": [wang.pk]}
    assert client.post(url, data).status_code == 200
    wang.refresh_from_db()
    assert wang.link_revoked_at is None
    client.post(url, {**data, "confirmed": "yes"})
    wang.refresh_from_db()
    assert wang.link_revoked_at is not None


def test_a_delivery_page_shows_its_attempts(client, receipts, editor):
    wang = Delivery.objects.get(email="wangjp@city.example.org")
    response = logged_in(client, editor).get(reverse("admin:distribution_delivery_change", args=[wang.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "已发送" in content
    assert 'name="_save"' not in content


def test_correspondents_do_not_see_deliveries(client, receipts, correspondent_a):
    response = logged_in(client, correspondent_a).get(reverse("admin:distribution_delivery_changelist"))
    assert response.status_code == 403


def test_a_failed_delivery_is_listed_with_its_error(client, receipts, editor):
    Delivery.objects.filter(email="lixy@city.example.org").update(
        status=DeliveryStatus.FAILED, error="SMTPRecipientsRefused: 550 mailbox unavailable", attempts=3
    )
    content = logged_in(client, editor).get(page_url(receipts)).content.decode()
    assert "550 mailbox unavailable" in content
    assert "（共尝试 3 次）" in content


@pytest.mark.parametrize("name", ["csv", "resend"])
def test_correspondents_may_not_download_or_resend(client, receipts, correspondent_a, name):
    url = reverse(f"admin:distribution_issuereceipt_{name}", args=[receipts.pk])
    logged_in(client, correspondent_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"scope": "all"}).status_code == 403


def test_an_unknown_issue_is_404(client, receipts, editor):
    url = reverse("admin:distribution_issuereceipt_csv", args=[receipts.pk + 1000])
    assert logged_in(client, editor).get(url).status_code == 404
