"""The confirm pages: GET says what will happen and changes nothing; POST runs the service and goes back
to the issue with a message; a repeated POST or bad input shows the Chinese error and changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from bulletin.models import Issue, IssueTransition
from tests.desk.signer_support import action_url, detail_url, pending_issue, published_issue, signed_issue
from tests.factories import IssueLineFactory
from tests.workflow_helpers import row

S = Issue.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")
ACTIONS = ["sign", "take_back", "publish", "recall", "reschedule"]


@pytest.fixture
def issue(editor, unit_a):
    return pending_issue(editor, unit_a, number=3)


def _message(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Who may open them --------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, issue, action):
    for response in (client.get(action_url(issue, action)), client.post(action_url(issue, action))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    assert row(issue)["status"] == S.PENDING_SIGNOFF


@pytest.mark.parametrize("who", ["correspondent_a", "reader", "editor"])
@pytest.mark.parametrize("action", ACTIONS)
def test_it_refuses_everyone_but_the_signer(client, issue, request, who, action):
    client.force_login(request.getfixturevalue(who))
    before = row(issue)
    assert client.get(action_url(issue, action)).status_code == 403
    assert client.post(action_url(issue, action), {"note": "x", "reason": "x"}).status_code == 403
    assert row(issue) == before


def test_an_unknown_action_is_404(client, issue, signer):
    client.force_login(signer)
    assert client.get(action_url(issue, "delete")).status_code == 404
    assert client.post(action_url(issue, "send_for_signoff")).status_code == 404


# --- GET changes nothing -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_getting_a_confirm_page_changes_nothing(client, issue, signer, action):
    client.force_login(signer)
    before, logged = row(issue), IssueTransition.objects.count()
    response = client.get(action_url(issue, action))
    assert response.status_code == 200
    assert row(issue) == before
    assert IssueTransition.objects.count() == logged


def test_the_publish_page_names_who_will_be_mailed(client, editor, signer, unit_a):
    signed = signed_issue(editor, signer, unit_a, number=4)
    IssueLineFactory(issue=signed, kind="distribute", text="各市、区总工会")
    client.force_login(signer)
    page = client.get(action_url(signed, "publish")).content.decode()
    assert "以下报尾所列对象将收到本期的邮件" in page
    assert "各市、区总工会" in page
    assert '<button type="submit" class="button button--primary">发布</button>' in page


def test_a_confirm_page_for_an_impossible_action_says_why_and_offers_no_button(client, issue, signer):
    client.force_login(signer)
    page = client.get(action_url(issue, "publish")).content.decode()
    assert "期次处于“待签发”状态，不能“发布”。" in page
    assert 'type="submit" class="button' not in page


# --- Signing -------------------------------------------------------------------------------------------


def test_signing_without_a_time_signs_and_says_so(client, issue, signer):
    client.force_login(signer)
    response = client.post(action_url(issue, "sign"), {"publish_at": "", "note": ""})
    assert response.status_code == 302
    assert response["Location"] == detail_url(issue)
    stored = row(issue)
    assert (stored["status"], stored["signed_by_id"], stored["publish_at"]) == (S.SIGNED, signer.pk, None)
    assert _message(response) == [f"{issue.label}已签发。需要发出时请点击“发布”。"]


def test_signing_with_a_time_reads_it_as_beijing_time(client, issue, signer):
    client.force_login(signer)
    when = (timezone.now() + datetime.timedelta(days=2)).astimezone(SHANGHAI).replace(second=0, microsecond=0)
    response = client.post(action_url(issue, "sign"), {"publish_at": f"{when:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 302
    assert row(issue)["publish_at"] == when
    assert _message(response) == [f"{issue.label}已签发，将于{when:%Y-%m-%d %H:%M}定时发布。"]


def test_a_time_in_the_past_is_refused_and_nothing_changes(client, issue, signer):
    client.force_login(signer)
    before, logged = row(issue), IssueTransition.objects.count()
    past = (timezone.now() - datetime.timedelta(hours=1)).astimezone(SHANGHAI)
    response = client.post(action_url(issue, "sign"), {"publish_at": f"{past:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "定时发布时间必须晚于当前时间。" in page
    assert row(issue) == before
    assert IssueTransition.objects.count() == logged


def test_a_garbled_time_is_refused(client, issue, signer):
    client.force_login(signer)
    before = row(issue)
    response = client.post(action_url(issue, "sign"), {"publish_at": "明天上午"})
    assert response.status_code == 400
    assert "请填写日期和时间，例如 2026-12-01 09:00。" in response.content.decode()
    assert row(issue) == before


def test_signing_twice_shows_the_workflow_error(client, issue, signer):
    client.force_login(signer)
    assert client.post(action_url(issue, "sign"), {}).status_code == 302
    after = row(issue)
    response = client.post(action_url(issue, "sign"), {})
    assert response.status_code == 409
    assert "期次处于“已签发”状态，不能“签发”。" in response.content.decode()
    assert row(issue) == after
    assert IssueTransition.objects.filter(issue=issue, action="sign").count() == 1


# --- Sending back --------------------------------------------------------------------------------------


def test_sending_back_needs_a_note(client, issue, signer):
    client.force_login(signer)
    before = row(issue)
    response = client.post(action_url(issue, "take_back"), {"note": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "请填写退回意见，说明需要编辑修改的地方。" in page
    assert row(issue) == before


def test_sending_back_returns_the_issue_to_drafting_with_the_note(client, issue, signer):
    client.force_login(signer)
    response = client.post(action_url(issue, "take_back"), {"note": "第一篇标题太长"})
    assert response.status_code == 302
    assert row(issue)["status"] == S.DRAFTING
    logged = IssueTransition.objects.filter(issue=issue).first()
    assert (logged.action, logged.actor, logged.note) == ("take_back", signer, "第一篇标题太长")
    assert _message(response) == [f"{issue.label}已退回编辑，并附上了您的意见。"]
    again = client.post(action_url(issue, "take_back"), {"note": "第一篇标题太长"})
    assert again.status_code == 409
    assert "期次处于“编排中”状态，不能“撤回编排”。" in again.content.decode()


# --- Publishing and recalling ------------------------------------------------------------------------


def test_publishing_publishes_once(client, editor, signer, unit_a, django_capture_on_commit_callbacks):
    signed = signed_issue(editor, signer, unit_a, number=4)
    client.force_login(signer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action_url(signed, "publish"))
    assert response.status_code == 302
    assert row(signed)["status"] == S.PUBLISHED
    assert _message(response) == [f"{signed.label}已发布，正在向报尾所列对象发送邮件。"]
    again = client.post(action_url(signed, "publish"))
    assert again.status_code == 409
    assert "期次处于“已发布”状态，不能“发布”。" in again.content.decode()
    assert IssueTransition.objects.filter(issue=signed, action="publish").count() == 1


def test_recalling_needs_a_reason(client, editor, signer, unit_a):
    published = published_issue(editor, signer, unit_a, number=5)
    client.force_login(signer)
    before = row(published)
    response = client.post(action_url(published, "recall"), {"reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and "请填写撤回发布的理由。" in page
    assert row(published) == before


def test_recalling_with_a_reason_puts_the_issue_back_into_drafting(client, editor, signer, unit_a):
    published = published_issue(editor, signer, unit_a, number=5)
    client.force_login(signer)
    response = client.post(action_url(published, "recall"), {"reason": "数据有误"})
    assert response.status_code == 302
    assert row(published)["status"] == S.DRAFTING
    assert IssueTransition.objects.filter(issue=published).first().note == "数据有误"
    assert _message(response) == [f"{published.label}已撤回发布，回到编排中。"]
    again = client.post(action_url(published, "recall"), {"reason": "数据有误"})
    assert again.status_code == 409


# --- Changing the publication time ---------------------------------------------------------------------


def test_a_signed_issue_offers_to_change_its_time(client, editor, signer, unit_a):
    scheduled = signed_issue(
        editor, signer, unit_a, number=6, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(signer)
    page = client.get(detail_url(scheduled)).content.decode()
    assert ">更改发布时间<" in page
    before = row(scheduled)
    confirm = client.get(action_url(scheduled, "reschedule"))
    assert confirm.status_code == 200
    assert (
        f'value="{timezone.localtime(scheduled.publish_at, SHANGHAI):%Y-%m-%dT%H:%M}"'
        in confirm.content.decode()
    )
    assert row(scheduled) == before


def test_changing_the_time_moves_it(client, editor, signer, unit_a):
    scheduled = signed_issue(
        editor, signer, unit_a, number=6, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(signer)
    when = (timezone.now() + datetime.timedelta(days=5)).astimezone(SHANGHAI).replace(second=0, microsecond=0)
    response = client.post(action_url(scheduled, "reschedule"), {"publish_at": f"{when:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 302
    assert (row(scheduled)["status"], row(scheduled)["publish_at"]) == (S.SIGNED, when)
    assert _message(response) == [f"{scheduled.label}将改于{when:%Y-%m-%d %H:%M}发布。"]


def test_an_empty_time_cancels_the_schedule(client, editor, signer, unit_a):
    scheduled = signed_issue(
        editor, signer, unit_a, number=6, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(signer)
    response = client.post(action_url(scheduled, "reschedule"), {"publish_at": ""})
    assert response.status_code == 302
    assert (row(scheduled)["status"], row(scheduled)["publish_at"]) == (S.SIGNED, None)
    assert _message(response) == [f"{scheduled.label}的定时发布已取消，仍为已签发状态。"]


def test_a_past_time_is_refused_when_rescheduling(client, editor, signer, unit_a):
    scheduled = signed_issue(
        editor, signer, unit_a, number=6, publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(signer)
    before = row(scheduled)
    past = (timezone.now() - datetime.timedelta(days=1)).astimezone(SHANGHAI)
    response = client.post(action_url(scheduled, "reschedule"), {"publish_at": f"{past:%Y-%m-%dT%H:%M}"})
    assert response.status_code == 400
    assert "定时发布时间必须晚于当前时间。" in response.content.decode()
    assert row(scheduled) == before


def test_rescheduling_a_pending_issue_is_refused(client, issue, signer):
    client.force_login(signer)
    before = row(issue)
    response = client.post(action_url(issue, "reschedule"), {"publish_at": ""})
    assert response.status_code == 409
    assert "只有已签发的期次才能更改发布时间" in response.content.decode()
    assert row(issue) == before
