"""约稿 on the desk: who opens which page, the editor's list, 新建约稿, a commission's page, 催报, 结束
and 取消 through their confirm pages, and the correspondent's 写稿应约."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles.models import Article
from infowork.models import Commission, CommissionAnswer, CommissionUnit, InfoworkLog
from infowork.services import commission_answer
from tests.factories import UnitFactory
from tests.infowork.commission_helpers import commission_for, days, past_commission
from tests.workflow_helpers import article_in

S = Article.Status
C = Commission.Status
pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"desk:{name}", args=args)


@pytest.fixture
def commission(cast, unit_a, unit_b):
    return commission_for(cast.editor, [unit_a, unit_b], title="职工书屋建设", deadline=days(10))


def editor_pages(commission):
    return [
        url("commission_create"),
        url("commission_remind", commission.pk),
        url("commission_end", commission.pk, "close"),
        url("commission_end", commission.pk, "cancel"),
    ]


def shared_pages(commission):
    return [url("commission_list"), url("commission_detail", commission.pk)]


# --- Access ---------------------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client, commission):
    for page in editor_pages(commission) + shared_pages(commission):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), page


@pytest.mark.parametrize("who", ["reader", "signer"])
def test_readers_and_signers_are_refused(client, cast, commission, who):
    client.force_login(getattr(cast, who))
    for page in editor_pages(commission) + shared_pages(commission):
        assert client.get(page).status_code == 403, page


def test_correspondents_may_not_open_the_editors_pages(client, cast, commission):
    client.force_login(cast.correspondent_a)
    for page in editor_pages(commission):
        assert client.get(page).status_code == 403, page
        assert client.post(page, {"note": "x", "title": "x"}).status_code == 403, page
    assert Commission.objects.get().status == C.OPEN


def test_a_correspondent_of_a_unit_not_asked_gets_404(client, cast, unit_a):
    own = commission_for(cast.editor, [unit_a], title="只发给甲")
    client.force_login(cast.correspondent_b)
    assert client.get(url("commission_detail", own.pk)).status_code == 404
    assert "只发给甲" not in client.get(url("commission_list")).content.decode()


def test_an_unknown_ending_is_404(client, cast, commission):
    client.force_login(cast.editor)
    assert client.get(url("commission_end", commission.pk, "delete")).status_code == 404
    assert client.get(url("commission_detail", 99999)).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, cast, commission, method):
    client.force_login(cast.editor)
    for page in editor_pages(commission):
        assert getattr(client, method)(page).status_code == 405, page
    assert getattr(client, method)(url("commission_detail", commission.pk)).status_code == 405


def test_posts_without_the_csrf_token_are_refused(cast, commission):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.editor)
    for page in editor_pages(commission):
        assert strict.post(page, {"note": "原因"}).status_code == 403, page
    assert Commission.objects.get().status == C.OPEN
    assert not CommissionUnit.objects.filter(reminders__gt=0).exists()


# --- The list -------------------------------------------------------------------------------------


def test_the_editor_sees_every_commission_running_first_with_counts(client, cast, unit_a, unit_b, commission):
    ended = commission_for(cast.editor, [unit_a], title="已结束的约稿")
    ended.status = C.CLOSED
    ended.save()
    commission_answer(actor=cast.editor, commission=commission, article=article_in(S.SUBMITTED, unit_a))
    client.force_login(cast.editor)
    page = client.get(url("commission_list")).content.decode()
    assert page.index("职工书屋建设") < page.index("已结束的约稿")
    assert "2个单位中已报送1个" in page
    assert "全部（2）" in page and "征集中（1）" in page and "已结束（1）" in page
    closed = client.get(url("commission_list") + "?status=closed").content.decode()
    assert "已结束的约稿" in closed and "职工书屋建设" not in closed
    assert "新建约稿" in page


def test_a_bad_tab_shows_every_commission(client, cast, commission):
    client.force_login(cast.editor)
    response = client.get(url("commission_list") + "?status=nonsense&page=x")
    assert response.status_code == 200 and "职工书屋建设" in response.content.decode()


def test_the_list_is_paged(client, cast, unit_a):
    for n in range(25):
        commission_for(cast.editor, [unit_a], title=f"第{n}项约稿")
    client.force_login(cast.editor)
    first = client.get(url("commission_list")).content.decode()
    assert "第 1 页，共 2 页" in first
    second = client.get(url("commission_list") + "?page=2").content.decode()
    assert second.count('class="row"') == 5


def test_a_correspondent_sees_their_units_commissions_without_counts(client, cast, unit_b, commission):
    commission_for(cast.editor, [unit_b], title="只发给乙")
    client.force_login(cast.correspondent_a)
    page = client.get(url("commission_list")).content.decode()
    assert "职工书屋建设" in page and "只发给乙" not in page
    assert "新建约稿" not in page and "个单位中已报送" not in page


def test_the_list_stays_within_its_query_budget(client, cast, django_assert_max_num_queries):
    units = [UnitFactory(name=f"测试单位{n}") for n in range(10)]
    for n in range(30):
        commission = commission_for(cast.editor, units, title=f"约稿{n}")
        for unit in units[: n % 3]:
            CommissionAnswer.objects.create(commission=commission, article=article_in(S.SUBMITTED, unit))
    client.force_login(cast.editor)
    client.get(url("commission_list"))  # warm the session and the role cache
    with django_assert_max_num_queries(7):
        response = client.get(url("commission_list"))
    assert response.content.decode().count('class="row"') == 20


# --- 新建约稿 -------------------------------------------------------------------------------------


def new(**changes):
    data = {
        "title": "一线职工技能提升",
        "brief": "请介绍做法。",
        "deadline": days(7).isoformat(),
        "units": [],
    }
    data.update(changes)
    return data


def test_the_form_lists_active_units_grouped_by_kind(client, cast, unit_a):
    UnitFactory(name="已撤销的工会", active=False)
    UnitFactory(name="某镇工会", kind="town")
    client.force_login(cast.editor)
    page = client.get(url("commission_create")).content.decode()
    assert "甲市总工会" in page and "某镇工会" in page and "已撤销的工会" not in page
    assert page.index("市、区总工会") < page.index("某镇工会")
    assert "data-unit-filter" in page


def test_it_sends_a_commission_and_says_who_was_told(
    client, cast, unit_a, unit_b, django_capture_on_commit_callbacks
):
    client.force_login(cast.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("commission_create"), new(units=[unit_a.pk, unit_b.pk]))
    commission = Commission.objects.get()
    assert response["Location"] == url("commission_detail", commission.pk)
    assert set(commission.units.all()) == {unit_a, unit_b}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.correspondent_a.email, cast.correspondent_b.email]
    )
    page = client.get(response["Location"]).content.decode()
    assert "约稿《一线职工技能提升》已发出。" in page
    assert cast.correspondent_a.first_name in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"deadline": days(-1).isoformat()},
            f"截止日期：{days(-1).isoformat()} 已经过去，请选择今天（{days(0).isoformat()}）或以后的日期。",
        ),
        ({"deadline": "明天"}, "截止日期：请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。"),
        ({"units": []}, "约稿单位：请至少选择一个约稿单位。"),
        ({"title": ""}, "约稿主题：请填写约稿主题。"),
        ({"brief": " "}, "约稿要求：请写明约稿要求：请各单位写什么。"),
        ({"units": ["abc"]}, "约稿单位：请从列出的单位中选择。"),
        ({"units": ["99999999999999999999"]}, "约稿单位：请从列出的单位中选择。"),
    ],
)
def test_bad_input_is_shown_at_the_top_and_nothing_is_saved(client, cast, unit_a, changes, message):
    client.force_login(cast.editor)
    data = new(units=[unit_a.pk])
    data.update(changes)
    response = client.post(url("commission_create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and message in page
    assert not Commission.objects.exists() and not InfoworkLog.objects.exists()


def test_an_inactive_unit_posted_is_refused(client, cast, unit_a):
    closed = UnitFactory(name="已撤销的工会", active=False)
    client.force_login(cast.editor)
    response = client.post(url("commission_create"), new(units=[unit_a.pk, closed.pk]))
    assert response.status_code == 400
    assert "以下单位已停用，不能约稿：已撤销的工会。" in response.content.decode()
    assert not Commission.objects.exists()


def test_the_chosen_units_stay_ticked_after_an_error(client, cast, unit_a):
    client.force_login(cast.editor)
    page = client.post(url("commission_create"), new(units=[unit_a.pk], title="")).content.decode()
    assert f'value="{unit_a.pk}" checked' in page


# --- The commission's page ------------------------------------------------------------------------


def test_the_editor_sees_each_unit_answered_late_or_waiting(client, cast, unit_a, unit_b):
    late = past_commission(cast.editor, [unit_a, unit_b], title="逾期约稿", status=C.OVERDUE)
    answer = article_in(S.SUBMITTED, unit_a, title="甲的应约稿")
    CommissionAnswer.objects.create(commission=late, article=answer)
    CommissionUnit.objects.filter(unit=unit_b).update(reminders=2, reminded_at=late.created)
    client.force_login(cast.editor)
    page = client.get(url("commission_detail", late.pk)).content.decode()
    assert "甲的应约稿" in page and url("review", answer.pk) in page
    assert "已报送" in page and "逾期未报" in page
    assert "已催报2次" in page
    assert url("commission_remind", late.pk) in page
    assert "约稿单位：2个，已报送1个" in page


def test_the_correspondent_sees_their_row_and_write_an_answer(client, cast, unit_a, commission):
    client.force_login(cast.correspondent_a)
    page = client.get(url("commission_detail", commission.pk)).content.decode()
    assert "写稿应约" in page and f"{url('article_create')}?commission={commission.pk}" in page
    assert "乙区总工会" not in page
    assert url("commission_remind", commission.pk) not in page


def test_an_ended_commission_offers_nothing_to_do(client, cast, commission):
    commission.status = C.CANCELLED
    commission.save()
    client.force_login(cast.correspondent_a)
    page = client.get(url("commission_detail", commission.pk)).content.decode()
    assert "写稿应约" not in page and "约稿“已取消”，无需再做什么。" in page


# --- 催报 -----------------------------------------------------------------------------------------


def test_the_reminder_page_names_the_units_and_people_and_changes_nothing(
    client, cast, unit_a, unit_b, commission
):
    commission_answer(actor=cast.editor, commission=commission, article=article_in(S.SUBMITTED, unit_a))
    client.force_login(cast.editor)
    mail.outbox.clear()
    page = client.get(url("commission_remind", commission.pk)).content.decode()
    assert "乙区总工会" in page and cast.correspondent_b.first_name in page
    assert "甲市总工会" not in page
    assert mail.outbox == [] and not CommissionUnit.objects.filter(reminders__gt=0).exists()


def test_posting_the_reminder_mails_the_late_units(
    client, cast, unit_b, commission, django_capture_on_commit_callbacks
):
    client.force_login(cast.editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("commission_remind", commission.pk))
    assert response["Location"] == url("commission_detail", commission.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.correspondent_a.email, cast.correspondent_b.email]
    )
    assert CommissionUnit.objects.filter(reminders=1).count() == 2
    assert "已向" in client.get(response["Location"]).content.decode()


def test_a_reminder_with_nobody_late_is_refused(client, cast, unit_a):
    commission = commission_for(cast.editor, [unit_a], title="只发给甲")
    commission_answer(actor=cast.editor, commission=commission, article=article_in(S.SUBMITTED, unit_a))
    client.force_login(cast.editor)
    page = client.get(url("commission_remind", commission.pk)).content.decode()
    assert "约稿《只发给甲》的各单位都已报送，没有需要催报的单位。" in page and "发出催报" not in page
    response = client.post(url("commission_remind", commission.pk))
    assert response.status_code == 409
    assert not InfoworkLog.objects.filter(action=InfoworkLog.Action.COMMISSION_REMIND).exists()


# --- 结束 and 取消 --------------------------------------------------------------------------------


def test_cancelling_needs_a_reason(client, cast, commission):
    client.force_login(cast.editor)
    assert "取消原因" in client.get(url("commission_end", commission.pk, "cancel")).content.decode()
    response = client.post(url("commission_end", commission.pk, "cancel"), {"note": " "})
    assert response.status_code == 400
    assert "取消原因：请写明取消约稿的原因，将记入日志。" in response.content.decode()
    assert Commission.objects.get().status == C.OPEN


def test_cancelling_and_closing(client, cast, commission):
    client.force_login(cast.editor)
    response = client.post(url("commission_end", commission.pk, "cancel"), {"note": "上级通知暂停"})
    assert response["Location"] == url("commission_detail", commission.pk)
    assert Commission.objects.get().status == C.CANCELLED
    assert "约稿《职工书屋建设》已取消。" in client.get(response["Location"]).content.decode()
    other = commission_for(cast.editor, list(commission.units.all()), title="第二项")
    client.post(url("commission_end", other.pk, "close"), {"note": ""})
    assert Commission.objects.get(pk=other.pk).status == C.CLOSED


def test_ending_an_ended_commission_is_refused(client, cast, commission):
    commission.status = C.CLOSED
    commission.save()
    client.force_login(cast.editor)
    page = client.get(url("commission_end", commission.pk, "cancel")).content.decode()
    assert "约稿《职工书屋建设》“已结束”，不能再做任何操作。" in page
    assert client.post(url("commission_end", commission.pk, "cancel"), {"note": "x"}).status_code == 409


# --- 写稿应约, the submit page, the review page, the correspondent's start page ---------------------


def test_write_an_answer_opens_the_form_with_the_commission_chosen(client, cast, commission):
    client.force_login(cast.correspondent_a)
    page = client.get(url("article_create") + f"?commission={commission.pk}").content.decode()
    assert "应约稿件" in page
    assert f'<option value="{commission.pk}" selected>' in page


def test_the_form_saves_the_article_and_its_answer(client, cast, unit_a, commission):
    client.force_login(cast.correspondent_a)
    response = client.post(
        url("article_create"), {"title": "应约的稿件", "body": "<p>正文。</p>", "commission": commission.pk}
    )
    article = Article.objects.get(title="应约的稿件")
    assert response["Location"] == url("article_detail", article.pk)
    assert article.commission_answer.commission == commission
    assert "应约：" in client.get(response["Location"]).content.decode()


def test_the_form_refuses_a_commission_of_another_unit(client, cast, unit_a, unit_b):
    theirs = commission_for(cast.editor, [unit_b], title="只发给乙")
    commission_for(cast.editor, [unit_a], title="只发给甲")
    client.force_login(cast.correspondent_a)
    response = client.post(url("article_create"), {"title": "越权应约", "body": "", "commission": theirs.pk})
    assert response.status_code == 400
    assert "请从列出的约稿中选择。" in response.content.decode()
    assert not Article.objects.exists() and not CommissionAnswer.objects.exists()


def test_the_editor_writing_for_a_unit_not_asked_saves_nothing(client, cast, unit_b, commission):
    other = UnitFactory(name="丙镇总工会")
    client.force_login(cast.editor)
    response = client.post(
        url("article_create"),
        {"title": "编辑部代写", "body": "", "units": [other.pk], "commission": commission.pk},
    )
    assert response.status_code == 400
    assert "约稿《职工书屋建设》没有发给《编辑部代写》的单位。" in response.content.decode()
    assert not Article.objects.exists() and not CommissionAnswer.objects.exists()


def test_editing_a_draft_changes_or_removes_its_answer(client, cast, unit_a, commission):
    other = commission_for(cast.editor, [unit_a], title="第二项约稿")
    draft = article_in(S.DRAFT, unit_a, author=cast.correspondent_a, title="草稿")
    commission_answer(actor=cast.correspondent_a, commission=commission, article=draft)
    client.force_login(cast.correspondent_a)
    edit = url("article_edit", draft.pk)
    data = {"title": "草稿", "body": "<p>正文。</p>", "base_version": draft.version}
    client.post(edit, {**data, "commission": other.pk})
    assert CommissionAnswer.objects.get().commission == other
    draft.refresh_from_db()
    client.post(edit, {**data, "base_version": draft.version, "commission": ""})
    assert not CommissionAnswer.objects.exists()


def test_the_submit_page_shows_and_takes_the_commission(client, cast, unit_a, commission):
    draft = article_in(S.DRAFT, unit_a, author=cast.correspondent_a, title="待报送的稿件")
    client.force_login(cast.correspondent_a)
    page = client.get(url("article_submit", draft.pk)).content.decode()
    assert "应约稿件" in page and "职工书屋建设" in page
    client.post(url("article_submit", draft.pk), {"commission": commission.pk})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.commission_answer.commission == commission


def test_a_submitted_answer_is_shown_on_the_submit_and_review_pages(client, cast, unit_a, commission):
    article = article_in(S.SUBMITTED, unit_a, title="已报送的应约稿")
    commission_answer(actor=cast.editor, commission=commission, article=article)
    client.force_login(cast.editor)
    review = client.get(url("review", article.pk)).content.decode()
    assert (
        "本稿应约" in review
        and url("commission_detail", commission.pk) in review
        and "职工书屋建设" in review
    )


def test_the_correspondents_start_page_lists_the_running_commissions(client, cast, unit_a, commission):
    ended = commission_for(cast.editor, [unit_a], title="已结束的约稿")
    ended.status = C.CLOSED
    ended.save()
    client.force_login(cast.correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert "编辑部向本单位约稿" in page and "职工书屋建设" in page and "已结束的约稿" not in page
    client.force_login(cast.correspondent_b)
    assert "职工书屋建设" in client.get(url("my_articles")).content.decode()


def test_the_commission_page_stays_within_its_query_budget(client, cast, django_assert_max_num_queries):
    units = [UnitFactory(name=f"测试单位{n}") for n in range(30)]
    commission = commission_for(cast.editor, units, title="三十个单位的约稿")
    for unit in units[:10]:
        commission_answer(actor=cast.editor, commission=commission, article=article_in(S.SUBMITTED, unit))
    client.force_login(cast.editor)
    client.get(url("commission_detail", commission.pk))
    with django_assert_max_num_queries(10):
        page = client.get(url("commission_detail", commission.pk)).content.decode()
    assert "约稿单位：30个，已报送10个" in page


def test_the_submit_page_refuses_a_commission_not_offered(client, cast, unit_a, unit_b, commission):
    theirs = commission_for(cast.editor, [unit_b], title="只发给乙")
    draft = article_in(S.DRAFT, unit_a, author=cast.correspondent_a, title="待报送的稿件")
    client.force_login(cast.correspondent_a)
    response = client.post(url("article_submit", draft.pk), {"commission": theirs.pk}, follow=True)
    assert "请从列出的约稿中选择。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and not CommissionAnswer.objects.exists()


def test_a_refused_answer_leaves_the_article_unsubmitted(client, cast, unit_a, commission):
    other = commission_for(cast.editor, [unit_a], title="第二项约稿")
    draft = article_in(S.DRAFT, unit_a, author=cast.correspondent_a, title="待报送的稿件")
    commission_answer(actor=cast.correspondent_a, commission=commission, article=draft)
    client.force_login(cast.correspondent_a)
    other.status = C.CANCELLED  # cancelled between opening the page and pressing 报送
    other.save()
    response = client.post(url("article_submit", draft.pk), {"commission": other.pk}, follow=True)
    assert "请从列出的约稿中选择。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert CommissionAnswer.objects.get().commission == commission


def test_a_refused_answer_on_submitting_leaves_the_article_a_draft(client, cast, commission):
    other = UnitFactory(name="丙镇总工会")
    draft = article_in(S.DRAFT, other, author=cast.editor, title="编辑部代写")
    client.force_login(cast.editor)
    response = client.post(url("article_submit", draft.pk), {"commission": commission.pk}, follow=True)
    assert "约稿《职工书屋建设》没有发给《编辑部代写》的单位。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and not CommissionAnswer.objects.exists()
