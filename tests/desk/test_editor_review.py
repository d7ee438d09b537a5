"""The editor's desk: 待审 and the review page, its actions and paragraph comments."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleComment
from tests.factories import UnitFactory
from tests.workflow_helpers import article_in, row

S = Article.Status
QUEUE = reverse("desk:review_queue")


def submitted(unit, *, minutes_ago=0, **kwargs):
    article = article_in(S.SUBMITTED, unit, **kwargs)
    Article.objects.filter(pk=article.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    article.refresh_from_db()
    return article


# --- Access -------------------------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("who", ["correspondent_a", "reader", "signer"])
def test_it_refuses_other_roles(client, db, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(QUEUE).status_code == 403


def test_a_correspondent_cannot_open_the_review_page_or_act(client, correspondent_a, unit_a):
    article = submitted(unit_a)
    client.force_login(correspondent_a)
    assert client.get(reverse("desk:review", args=[article.pk])).status_code == 403
    response = client.post(reverse("desk:review_action", args=[article.pk, "accept"]))
    assert response.status_code == 403
    assert row(article)["status"] == S.SUBMITTED


def test_an_unknown_action_or_article_is_404(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    assert client.get(reverse("desk:review_action", args=[article.pk, "publish"])).status_code == 404
    assert client.get(reverse("desk:review", args=[article.pk + 1000])).status_code == 404


def test_login_without_next_lands_an_editor_on_the_queue(client, editor):
    editor.set_password("pw-for-the-test-9")
    editor.save()
    response = client.post(reverse("login"), {"username": editor.username, "password": "pw-for-the-test-9"})
    assert response["Location"] == reverse("desk:home")
    assert client.get(reverse("desk:home"))["Location"] == QUEUE


def test_login_without_next_lands_a_reader_on_the_latest_issue(client, reader):
    reader.set_password("pw-for-the-test-9")
    reader.save()
    response = client.post(reverse("login"), {"username": reader.username, "password": "pw-for-the-test-9"})
    assert response["Location"] == reverse("home")


# --- The queue ----------------------------------------------------------------------------------------


def test_the_queue_lists_submitted_articles_oldest_first_with_unit_author_and_characters(
    client, editor, unit_a, correspondent_a
):
    newer = submitted(unit_a, minutes_ago=5, title="新来的稿件", author=correspondent_a)
    older = submitted(unit_a, minutes_ago=50, title="早报的稿件", text="职工之家建设。")
    article_in(S.DRAFT, unit_a, title="还在起草")
    client.force_login(editor)
    response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(older.title) < html.index(newer.title)
    assert "还在起草" not in html
    assert "甲市总工会" in html and "6 字" in html


def test_the_queue_filters_by_unit_title_and_day(client, editor, unit_a, unit_b):
    submitted(unit_a, title="困难职工帮扶")
    submitted(unit_b, title="劳动竞赛总结")
    client.force_login(editor)
    assert "劳动竞赛总结" not in client.get(QUEUE, {"unit": unit_a.pk}).content.decode()
    html = client.get(QUEUE, {"q": "竞赛"}).content.decode()
    assert "劳动竞赛总结" in html and "困难职工帮扶" not in html
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "困难职工帮扶" not in client.get(QUEUE, {"from": tomorrow}).content.decode()


def test_a_bad_filter_is_explained_in_chinese(client, editor):
    client.force_login(editor)
    response = client.get(QUEUE, {"from": "2026-13-45", "to": "x"})
    assert response.status_code == 400
    assert "报送日期自：请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。" in response.content.decode()
    response = client.get(QUEUE, {"from": "2026-03-01", "to": "2026-02-01"})
    assert response.status_code == 400
    assert "2026-03-01" in response.content.decode()


def test_the_queue_costs_the_same_number_of_queries_for_many_rows(
    client, editor, django_assert_max_num_queries
):
    units = [UnitFactory(name=f"第{n}镇工会") for n in range(5)]
    for index in range(25):
        submitted(units[index % 5], minutes_ago=index)
    client.force_login(editor)
    # Two of them for the panel of information work waiting (领导批示, late units of 约稿).
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assert response.content.decode().count('class="row"') == 20
    assert "第 1 页，共 2 页" in response.content.decode()


# --- The review page ----------------------------------------------------------------------------------


def test_the_review_page_shows_the_article_as_it_will_print_not_as_html_source(client, editor, unit_a):
    article = submitted(unit_a, text="今年职工技能大赛圆满结束。")
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[article.pk])).content.decode()
    assert "<p>今年职工技能大赛圆满结束。</p>" in html
    assert "&lt;p&gt;" not in html
    assert "（甲市总工会）" in html
    for label in ("采用", "退回修改", "不予采用"):
        assert f">{label}</a>" in html


def test_the_review_page_leads_to_the_next_in_the_queue(client, editor, unit_a):
    first = submitted(unit_a, minutes_ago=30)
    second = submitted(unit_a, minutes_ago=20)
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[first.pk])).content.decode()
    assert reverse("desk:review", args=[second.pk]) in html


def test_the_confirm_page_changes_nothing_and_says_who_is_told(client, editor, unit_a, correspondent_a):
    article = submitted(unit_a, author=correspondent_a)
    before = row(article)
    client.force_login(editor)
    response = client.get(reverse("desk:review_action", args=[article.pk, "return"]))
    assert response.status_code == 200
    assert "修改意见" in response.content.decode()
    assert (
        correspondent_a.get_username() in response.content.decode()
        or correspondent_a.get_full_name() in response.content.decode()
    )
    assert row(article) == before


def test_returning_needs_a_note_and_saves_nothing_without_one(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    response = client.post(reverse("desk:review_action", args=[article.pk, "return"]), {"note": "  "})
    assert response.status_code == 400
    assert "请填写修改意见" in response.content.decode()
    assert row(article)["status"] == S.SUBMITTED


def test_returning_goes_to_the_next_article_and_mails_the_correspondent(
    client, editor, unit_a, correspondent_a, django_capture_on_commit_callbacks
):
    article = submitted(unit_a, minutes_ago=10, author=correspondent_a)
    following = submitted(unit_a, minutes_ago=5)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:review_action", args=[article.pk, "return"]), {"note": "请补充具体数字。"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:review", args=[following.pk])
    assert row(article)["status"] == S.RETURNED
    assert article.transitions.get(action="return").note == "请补充具体数字。"
    assert [message.to for message in mail.outbox] == [[correspondent_a.email]]


def test_acting_twice_shows_why_the_second_time_cannot_happen(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    url = reverse("desk:review_action", args=[article.pk, "accept"])
    assert client.post(url).status_code == 302
    response = client.post(url)
    assert response.status_code == 409
    assert "已采用" in response.content.decode()
    assert article.transitions.filter(action="accept").count() == 1


def test_rejecting_needs_a_reason(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    url = reverse("desk:review_action", args=[article.pk, "reject"])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "与本刊主题无关。"}).status_code == 302
    assert row(article)["status"] == S.REJECTED


def test_get_never_acts(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    client.get(reverse("desk:review_action", args=[article.pk, "accept"]))
    assert client.get(reverse("desk:review_comment", args=[article.pk])).status_code == 405
    assert row(article)["status"] == S.SUBMITTED


# --- Paragraph comments -------------------------------------------------------------------------------


def test_a_paragraph_comment_is_kept_with_the_version_and_shown_beside_its_paragraph(client, editor, unit_a):
    article = submitted(unit_a, body="<p>第一段。</p><p>第二段有个数字不对。</p>")
    client.force_login(editor)
    response = client.post(
        reverse("desk:review_comment", args=[article.pk]), {"text": "这个数字请核实。", "paragraph": "1"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#p-1")
    comment = ArticleComment.objects.get(article=article)
    assert (comment.paragraph, comment.version, comment.author) == (1, article.version, editor)
    html = client.get(reverse("desk:review", args=[article.pk])).content.decode()
    paragraph = html[html.index('id="p-1"') :]
    assert paragraph.index("这个数字请核实。") < paragraph.index("</div>")


def test_a_comment_on_a_paragraph_that_does_not_exist_is_refused(client, editor, unit_a):
    article = submitted(unit_a, body="<p>只有一段。</p>")
    client.force_login(editor)
    response = client.post(
        reverse("desk:review_comment", args=[article.pk]), {"text": "看看", "paragraph": "7"}
    )
    assert response.status_code == 400
    assert "稿件中（已）没有这一段，请刷新页面后再试。" in response.content.decode()
    assert not ArticleComment.objects.exists()


def test_an_empty_comment_is_refused(client, editor, unit_a):
    article = submitted(unit_a)
    client.force_login(editor)
    response = client.post(reverse("desk:review_comment", args=[article.pk]), {"text": "   "})
    assert response.status_code == 400
    assert not ArticleComment.objects.exists()


def test_the_review_page_opens_a_comment_form_under_the_chosen_paragraph(client, editor, unit_a):
    article = submitted(unit_a, body="<p>一。</p><p>二。</p>")
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[article.pk]), {"paragraph": "1"}).content.decode()
    assert 'id="comment-1"' in html and 'id="comment-0"' not in html


def test_the_correspondent_sees_the_paragraph_comments_beside_the_returned_text(
    client, editor, correspondent_a, unit_a
):
    article = submitted(unit_a, author=correspondent_a, body="<p>第一段。</p><p>第二段。</p>")
    client.force_login(editor)
    client.post(
        reverse("desk:review_comment", args=[article.pk]), {"text": "第二段请补充数据。", "paragraph": "1"}
    )
    client.post(reverse("desk:review_action", args=[article.pk, "return"]), {"note": "请按批注修改。"})
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    assert "请按批注修改。" in html
    paragraph = html[html.index('id="p-1"') :]
    assert paragraph.index("第二段请补充数据。") < paragraph.index("</div>")
