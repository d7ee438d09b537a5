"""The editor's issues and the compose page (组版): placing, ordering and taking out articles, the
masthead, the footer lines, the problems before 送签, and 送签 / 退回编辑."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from bulletin.models import Issue, Section
from distribution.models import IssueLine
from tests.factories import ArticleFactory, RecipientGroupFactory, StaffFactory, UnitFactory
from tests.workflow_helpers import issue_in, row

S = Issue.Status


def waiting(unit, title="待编稿件", **kwargs):
    """An adopted article not yet in any issue."""
    return ArticleFactory(
        status=Article.Status.ACCEPTED, accepted_at=timezone.now(), units=[unit], title=title, **kwargs
    )


def compose_url(issue, name="compose", *args):
    return reverse(f"desk:{name}", args=[issue.pk, *args])


@pytest.fixture
def drafting(db):
    return issue_in(S.DRAFTING)


def section(name):
    return Section.objects.get(name=name)


# --- Access -------------------------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client, drafting):
    for url in (reverse("desk:issue_list"), compose_url(drafting)):
        assert client.get(url)["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["correspondent_a", "reader", "signer"])
def test_other_roles_cannot_compose(client, request, who, drafting, unit_a):
    article = waiting(unit_a)
    client.force_login(request.getfixturevalue(who))
    assert client.get(compose_url(drafting)).status_code == 403
    response = client.post(
        compose_url(drafting, "compose_place"), {"article": article.pk, "section": section("工作动态").pk}
    )
    assert response.status_code == 403
    assert row(article)["issue_id"] is None


def test_get_never_changes_an_issue(client, editor, drafting, unit_a):
    article = waiting(unit_a)
    client.force_login(editor)
    assert client.get(compose_url(drafting, "compose_place"), {"article": article.pk}).status_code == 405
    assert client.get(reverse("desk:issue_create_next")).status_code == 405
    assert client.get(compose_url(drafting, "compose_step", "send_for_signoff")).status_code == 200
    assert row(drafting)["status"] == S.DRAFTING and row(article)["issue_id"] is None


# --- The issue list and 新建下一期 ---------------------------------------------------------------------


def test_the_issue_list_shows_issues_by_state(client, editor):
    issue_in(S.DRAFTING, number=7)
    issue_in(S.PENDING_SIGNOFF, number=6)
    client.force_login(editor)
    html = client.get(reverse("desk:issue_list")).content.decode()
    assert "第7期" in html and "第6期" not in html
    assert "待签发（1）" in html
    assert "第6期" in client.get(reverse("desk:issue_list"), {"status": S.PENDING_SIGNOFF}).content.decode()


def test_new_next_issue_takes_the_next_number_and_opens_the_compose_page(client, editor):
    issue_in(S.PUBLISHED, year=timezone.localdate().year, number=3)
    client.force_login(editor)
    response = client.post(reverse("desk:issue_create_next"))
    created = Issue.objects.get(number=4)
    assert response["Location"] == compose_url(created)
    assert created.status == S.DRAFTING


# --- Placing, ordering, taking out ---------------------------------------------------------------------


def test_the_compose_page_shows_the_sections_and_the_waiting_articles(client, editor, drafting, unit_a):
    waiting(unit_a, title="等待编入的稿件")
    client.force_login(editor)
    html = client.get(compose_url(drafting)).content.decode()
    assert "【工作动态】" in html and "【工作简讯】" in html
    assert "等待编入的稿件" in html
    assert ">编入<" in html


def test_placing_puts_the_article_in_the_section_at_the_position(client, editor, drafting, unit_a):
    first, second, third = (waiting(unit_a, title=f"稿件{n}") for n in range(3))
    news = section("工作动态")
    client.force_login(editor)
    for article in (first, second):
        assert (
            client.post(
                compose_url(drafting, "compose_place"), {"article": article.pk, "section": news.pk}
            ).status_code
            == 302
        )
    client.post(
        compose_url(drafting, "compose_place"), {"article": third.pk, "section": news.pk, "position": "1"}
    )
    order = list(drafting.articles.order_by("position").values_list("title", flat=True))
    assert order == ["稿件2", "稿件0", "稿件1"]


def test_a_drag_between_sections_moves_the_article(client, editor, drafting, unit_a):
    article = waiting(unit_a)
    client.force_login(editor)
    client.post(
        compose_url(drafting, "compose_place"), {"article": article.pk, "section": section("工作动态").pk}
    )
    client.post(
        compose_url(drafting, "compose_place"),
        {"article": article.pk, "section": section("工作简讯").pk, "position": "1"},
        headers={"HX-Request": "true"},
    )
    assert Article.objects.get(pk=article.pk).section.name == "工作简讯"


def test_htmx_gets_the_compose_body_back_with_the_message(client, editor, drafting, unit_a):
    article = waiting(unit_a, title="拖进来的稿件")
    client.force_login(editor)
    response = client.post(
        compose_url(drafting, "compose_place"),
        {"article": article.pk, "section": section("工作动态").pk},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="compose-body"') and "<html" not in html
    assert "“拖进来的稿件”已编入【工作动态】第 1 篇。" in html


def test_moving_and_taking_out(client, editor, drafting, unit_a):
    first, second = waiting(unit_a, title="甲"), waiting(unit_a, title="乙")
    news = section("工作动态")
    client.force_login(editor)
    for article in (first, second):
        client.post(compose_url(drafting, "compose_place"), {"article": article.pk, "section": news.pk})
    client.post(compose_url(drafting, "compose_move"), {"article": second.pk, "direction": "up"})
    assert list(drafting.articles.order_by("position").values_list("title", flat=True)) == ["乙", "甲"]
    client.post(compose_url(drafting, "compose_remove"), {"article": first.pk})
    assert row(first)["issue_id"] is None and row(first)["status"] == Article.Status.ACCEPTED


def test_placing_a_piece_that_is_not_adopted_is_refused_in_chinese(client, editor, drafting, unit_a):
    draft = ArticleFactory(status=Article.Status.DRAFT, units=[unit_a])
    client.force_login(editor)
    response = client.post(
        compose_url(drafting, "compose_place"),
        {"article": draft.pk, "section": section("工作动态").pk},
        follow=True,
    )
    assert "草稿" in response.content.decode()
    assert row(draft)["issue_id"] is None


def test_bad_ids_are_404(client, editor, drafting):
    client.force_login(editor)
    assert client.post(compose_url(drafting, "compose_place"), {"article": "abc"}).status_code == 404
    assert (
        client.post(
            compose_url(drafting, "compose_move"), {"article": "1", "direction": "sideways"}
        ).status_code
        == 404
    )
    assert client.post(compose_url(drafting, "compose_footer", "nonsense"), {}).status_code == 404


def test_the_compose_page_costs_the_same_number_of_queries_for_many_articles(
    client, editor, drafting, django_assert_max_num_queries
):
    units = [UnitFactory(name=f"第{n}区总工会") for n in range(5)]
    news = section("工作动态")
    for index in range(40):
        article = waiting(units[index % 5], title=f"稿件{index}")
        if index < 12:
            Article.objects.filter(pk=article.pk).update(issue=drafting, section=news, position=index + 1)
    client.force_login(editor)
    with django_assert_max_num_queries(30):
        response = client.get(compose_url(drafting))
    assert response.status_code == 200
    assert response.content.decode().count('class="placed"') == 12 + 15  # placed + one page of waiting


def test_the_waiting_list_is_searchable(client, editor, drafting, unit_a):
    waiting(unit_a, title="劳动竞赛总结")
    waiting(unit_a, title="困难职工帮扶")
    client.force_login(editor)
    html = client.get(compose_url(drafting), {"q": "竞赛"}).content.decode()
    assert "劳动竞赛总结" in html and "困难职工帮扶" not in html


# --- Masthead and footer -------------------------------------------------------------------------------


def masthead(issue, **changes):
    data = {
        "masthead-number": issue.number,
        "masthead-total_number": "",
        "masthead-issue_date": issue.issue_date.isoformat(),
        "masthead-copies": "",
        "masthead-visibility": issue.visibility,
    }
    data.update({f"masthead-{key}": value for key, value in changes.items()})
    return data


def test_the_masthead_is_saved(client, editor, drafting):
    client.force_login(editor)
    response = client.post(
        compose_url(drafting, "compose_masthead"), masthead(drafting, number=12, copies=80, total_number=345)
    )
    assert response.status_code == 302
    drafting.refresh_from_db()
    assert (drafting.number, drafting.copies, drafting.total_number) == (12, 80, 345)


def test_a_number_already_taken_is_refused_and_nothing_saved(client, editor, drafting):
    other = issue_in(
        S.PUBLISHED, year=drafting.year, number=drafting.number + 1, publication=drafting.publication
    )
    before = row(drafting)
    client.force_login(editor)
    response = client.post(compose_url(drafting, "compose_masthead"), masthead(drafting, number=other.number))
    assert response.status_code == 400
    assert "该年度已有此期号。" in response.content.decode()
    assert row(drafting) == before


def test_a_bad_date_is_explained(client, editor, drafting):
    client.force_login(editor)
    response = client.post(
        compose_url(drafting, "compose_masthead"), masthead(drafting, issue_date="2026-02-30")
    )
    assert response.status_code == 400
    assert "请按 YYYY-MM-DD 格式填写日期" in response.content.decode()


def test_the_footer_lines_are_set_from_the_groups_or_a_text(client, editor, drafting):
    group = RecipientGroupFactory(name="省总工会办公室", kind="report")
    client.force_login(editor)
    client.post(compose_url(drafting, "compose_footer", "report"), {"line-report-groups": [group.pk]})
    line = IssueLine.objects.get(issue=drafting, kind="report")
    assert list(line.groups.all()) == [group]
    client.post(compose_url(drafting, "compose_footer", "report"), {"line-report-text": "省总工会"})
    assert IssueLine.objects.get(issue=drafting, kind="report").display_text == "省总工会"
    client.post(compose_url(drafting, "compose_footer", "report"), {})
    assert not IssueLine.objects.filter(issue=drafting, kind="report").exists()


# --- Problems, 送签 and 退回编辑 ------------------------------------------------------------------------


def test_problems_and_warnings_are_listed_before_sending(client, editor, drafting, unit_a):
    client.force_login(editor)
    html = client.get(compose_url(drafting)).content.decode()
    assert "该期还没有稿件。" in html
    assert "本期还没有报尾（本期报送、本期印发）。" in html
    assert "【创先争优】栏目没有稿件，印出时不会有这一栏。" in html


def test_an_empty_issue_cannot_be_sent_and_nothing_changes(client, editor, drafting):
    client.force_login(editor)
    response = client.post(compose_url(drafting, "compose_step", "send_for_signoff"), {"note": ""})
    assert response.status_code == 409
    assert row(drafting)["status"] == S.DRAFTING


def test_sending_for_signoff_tells_the_signers(
    client, editor, drafting, unit_a, django_capture_on_commit_callbacks
):
    leader = StaffFactory(
        user__username="leader",
        user__role="signer",
        user__email="leader@example.org",
        unit=UnitFactory(name="市总"),
    ).user
    article = waiting(unit_a)
    client.force_login(editor)
    client.post(
        compose_url(drafting, "compose_place"), {"article": article.pk, "section": section("工作动态").pk}
    )
    confirm = client.get(compose_url(drafting, "compose_step", "send_for_signoff")).content.decode()
    assert f"将发邮件通知： {leader.get_full_name() or leader.get_username()}" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            compose_url(drafting, "compose_step", "send_for_signoff"), {"note": "请审阅。"}
        )
    assert response.status_code == 302
    drafting.refresh_from_db()
    assert drafting.status == S.PENDING_SIGNOFF
    assert drafting.transitions.get(action="send_for_signoff").note == "请审阅。"
    assert ["leader@example.org"] in [message.to for message in mail.outbox]
    again = client.post(compose_url(drafting, "compose_step", "send_for_signoff"), {"note": ""})
    assert again.status_code == 409


def test_taking_back_an_issue_waiting_for_signoff(client, editor):
    issue = issue_in(S.PENDING_SIGNOFF)
    client.force_login(editor)
    response = client.post(compose_url(issue, "compose_step", "take_back"), {"note": "还要改一处。"})
    assert response["Location"] == compose_url(issue)
    assert row(issue)["status"] == S.DRAFTING
