"""The desk's pages of upward adoptions (上级采用) and leader instructions (领导批示): who opens
them, what they show, recording and deleting through them, the unit's feedback, and their query
budgets."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles.models import Article
from infowork.models import InfoworkLog, Instruction, InstructionFeedback, UpwardAdoption
from tests.factories import UnitFactory
from tests.infowork.records_helpers import adoption, days_ago, feedback, instruction, published
from tests.workflow_helpers import article_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(unit_a, correspondent_a):
    return published(unit_a, title="暖心驿站建成", author=correspondent_a)


@pytest.fixture
def given(article, editor):
    return instruction(article, editor, leader="王建平副市长", day=days_ago(12), text="请总结推广驿站经验。")


@pytest.fixture
def adopted(article, editor):
    return adoption(article, editor, outlet="省总工会《工会信息》", day=days_ago(3))


def urls(article, given, adopted) -> dict[str, str]:
    return {
        "adoption_create": reverse("desk:review_adoption", args=[article.pk]),
        "instruction_create": reverse("desk:review_instruction", args=[article.pk]),
        "adoption_list": reverse("desk:adoption_list"),
        "adoption_delete": reverse("desk:adoption_delete", args=[adopted.pk]),
        "instruction_list": reverse("desk:instruction_list"),
        "instruction_delete": reverse("desk:instruction_delete", args=[given.pk]),
        "instruction_feedback": reverse("desk:instruction_feedback", args=[given.pk]),
        "unit_instructions": reverse("desk:unit_instructions"),
    }


EDITOR_PAGES = [
    "adoption_create",
    "instruction_create",
    "adoption_list",
    "adoption_delete",
    "instruction_list",
    "instruction_delete",
]


# --- Access -----------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, article, given, adopted):
    for name, url in urls(article, given, adopted).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name


def test_the_editors_pages_are_403_for_the_other_roles(client, cast, article, given, adopted):
    pages = urls(article, given, adopted)
    for who in ("correspondent_a", "signer", "reader"):
        client.force_login(getattr(cast, who))
        for name in EDITOR_PAGES:
            if who == "signer" and name.endswith("_list"):
                continue  # signers read the office's lists (below)
            assert client.get(pages[name]).status_code == 403, (who, name)
            if not name.endswith("_list"):
                assert client.post(pages[name], {"reason": "x", "text": "x"}).status_code == 403, (who, name)
    assert UpwardAdoption.objects.count() == 1 and Instruction.objects.count() == 1


def test_the_units_pages_are_for_correspondents_and_the_feedback_also_for_editors(
    client, cast, article, given, adopted
):
    pages = urls(article, given, adopted)
    for who, unit_page, feedback_page in (
        ("correspondent_a", 200, 200),
        ("editor", 403, 200),
        ("signer", 403, 403),
        ("reader", 403, 403),
    ):
        client.force_login(getattr(cast, who))
        assert client.get(pages["unit_instructions"]).status_code == unit_page, who
        assert client.get(pages["instruction_feedback"]).status_code == feedback_page, who


def test_another_units_correspondent_gets_404(client, cast, article, given, adopted):
    client.force_login(cast.correspondent_b)
    url = reverse("desk:instruction_feedback", args=[given.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "已落实", "done_on": days_ago(0).isoformat()}).status_code == 404
    assert not InstructionFeedback.objects.exists()
    html = client.get(reverse("desk:unit_instructions")).content.decode()
    assert "暖心驿站建成" not in html and "王建平副市长" not in html


def test_nothing_changes_on_get_and_other_methods_are_refused(client, cast, article, given, adopted):
    client.force_login(cast.editor)
    pages = urls(article, given, adopted)
    for name in ("adoption_create", "instruction_create", "adoption_delete", "instruction_delete"):
        assert client.get(pages[name], {"reason": "x", "text": "x"}).status_code == 200, name
        assert client.head(pages[name]).status_code == 200, name
        assert client.put(pages[name]).status_code == 405, name
        assert client.delete(pages[name]).status_code == 405, name
    for name in ("adoption_list", "instruction_list"):
        assert client.post(pages[name]).status_code == 405, name
    client.force_login(cast.correspondent_a)
    assert client.get(pages["instruction_feedback"], {"text": "x"}).status_code == 200
    assert client.post(pages["unit_instructions"]).status_code == 405
    assert UpwardAdoption.objects.count() == 1 and Instruction.objects.count() == 1
    assert not InstructionFeedback.objects.exists() and not InfoworkLog.objects.exists()


def test_every_post_without_the_csrf_token_is_refused(cast, article, given, adopted):
    strict = Client(enforce_csrf_checks=True)
    pages = urls(article, given, adopted)
    strict.force_login(cast.editor)
    data = {"level": "city", "outlet": "某刊", "date": days_ago(0).isoformat(), "leader": "某", "text": "某"}
    for name in ("adoption_create", "instruction_create", "adoption_delete", "instruction_delete"):
        assert strict.post(pages[name], {**data, "reason": "x"}).status_code == 403, name
    strict.force_login(cast.correspondent_a)
    assert (
        strict.post(pages["instruction_feedback"], {"text": "x", "done_on": "2026-01-01"}).status_code == 403
    )
    assert UpwardAdoption.objects.count() == 1 and Instruction.objects.count() == 1
    assert not InstructionFeedback.objects.exists()


# --- The review page and the correspondent's article page ------------------------------------------


def test_the_review_page_of_a_published_article_has_the_panel(client, editor, article, given, adopted):
    feedback(given, editor, text="已在全市推广。")
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[article.pk])).content.decode()
    assert "上级采用与领导批示" in html
    assert "省总工会《工会信息》" in html and "请总结推广驿站经验。" in html and "已在全市推广。" in html
    assert reverse("desk:review_adoption", args=[article.pk]) in html
    assert reverse("desk:review_instruction", args=[article.pk]) in html
    assert reverse("desk:adoption_delete", args=[adopted.pk]) in html


def test_the_review_page_of_an_unpublished_article_has_no_panel(client, editor, unit_a):
    submitted = article_in(Article.Status.SUBMITTED, unit_a)
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[submitted.pk])).content.decode()
    assert "上级采用与领导批示" not in html


def test_the_correspondent_sees_them_on_the_article_page(client, correspondent_a, article, given, adopted):
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    assert "省总工会《工会信息》" in html and "请总结推广驿站经验。" in html
    assert reverse("desk:instruction_feedback", args=[given.pk]) in html
    # Recording and deleting are the office's.
    assert reverse("desk:review_adoption", args=[article.pk]) not in html
    assert reverse("desk:adoption_delete", args=[adopted.pk]) not in html


# --- Recording through the desk --------------------------------------------------------------------


def test_an_editor_records_an_adoption(client, editor, article):
    client.force_login(editor)
    url = reverse("desk:review_adoption", args=[article.pk])
    html = client.get(url).content.decode()
    for label in ("市委、市政府", "省级", "全国", "中央、国务院办公厅"):
        assert label in html
    assert 'type="radio"' in html and 'type="date"' in html
    day = days_ago(1)
    response = client.post(url, {"level": "national", "outlet": "全总《中国工运》", "date": day.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:review", args=[article.pk]) + "#records"
    saved = UpwardAdoption.objects.get()
    assert (saved.level, saved.outlet, saved.adopted_on, saved.recorded_by) == (
        "national",
        "全总《中国工运》",
        day,
        editor,
    )
    assert "已登记《暖心驿站建成》的上级采用。" in client.get(response["Location"]).content.decode()


def test_an_adoption_with_nothing_filled_in_names_each_problem(client, editor, article):
    client.force_login(editor)
    response = client.post(reverse("desk:review_adoption", args=[article.pk]), {"outlet": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请从以下级别中选择一个：“市委、市政府”“省级”“全国”“中央、国务院办公厅”。" in html
    assert "请填写采用单位或刊物。" in html and "请填写采用日期。" in html
    assert not UpwardAdoption.objects.exists()


def test_a_badly_typed_date_is_named(client, editor, article):
    client.force_login(editor)
    response = client.post(
        reverse("desk:review_adoption", args=[article.pk]),
        {"level": "city", "outlet": "市委《每日要情》", "date": "2026-13-45"},
    )
    assert response.status_code == 400
    assert "请按 YYYY-MM-DD 格式填写日期，例如 2026-01-31。" in response.content.decode()
    assert not UpwardAdoption.objects.exists()


def test_an_unpublished_piece_cannot_be_recorded_as_adopted(client, editor, unit_a):
    accepted = article_in(Article.Status.ACCEPTED, unit_a, title="已采用未刊发")
    client.force_login(editor)
    url = reverse("desk:review_adoption", args=[accepted.pk])
    message = "《已采用未刊发》尚未刊发，只有已刊发的稿件才能登记上级采用。"
    html = client.get(url).content.decode()
    assert message in html and '<form method="post" novalidate>' not in html
    response = client.post(
        url, {"level": "city", "outlet": "市委《每日要情》", "date": days_ago(0).isoformat()}
    )
    assert response.status_code == 409 and message in response.content.decode()
    assert not UpwardAdoption.objects.exists()


def test_an_editor_records_an_instruction_and_the_unit_is_mailed(
    client, editor, correspondent_a, article, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = reverse("desk:review_instruction", args=[article.pk])
    assert correspondent_a.first_name in client.get(url).content.decode()  # who will be told
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "leader": "王建平副市长",
                "level": "city",
                "date": days_ago(2).isoformat(),
                "text": "请总结推广。",
            },
        )
    assert response.status_code == 302
    assert Instruction.objects.get().text == "请总结推广。"
    assert [message.to for message in mail.outbox] == [[correspondent_a.email]]


def test_an_instruction_with_no_text_is_refused(client, editor, article, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("desk:review_instruction", args=[article.pk]),
            {"leader": "王建平副市长", "level": "city", "date": days_ago(2).isoformat(), "text": " "},
        )
    assert response.status_code == 400
    assert "批示内容：请填写批示内容，批示内容不能为空。" in response.content.decode()
    assert not Instruction.objects.exists() and mail.outbox == []


def test_deleting_asks_first_then_deletes_with_the_reason(client, editor, article, given, adopted):
    feedback(given, editor)
    client.force_login(editor)
    url = reverse("desk:instruction_delete", args=[given.pk])
    html = client.get(url).content.decode()
    assert "请总结推广驿站经验。" in html and "已反馈的1条落实情况将一并删除。" in html
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "请填写删除原因。" in response.content.decode()
    assert Instruction.objects.exists()
    assert client.post(url, {"reason": "登记错了稿件"}).status_code == 302
    assert not Instruction.objects.exists()
    url = reverse("desk:adoption_delete", args=[adopted.pk])
    assert client.post(url, {"reason": "重复登记"}).status_code == 302
    assert not UpwardAdoption.objects.exists()
    assert [row.detail["reason"] for row in InfoworkLog.objects.order_by("pk")] == [
        "登记错了稿件",
        "重复登记",
    ]
    # Deleted already: 404.
    assert client.post(url, {"reason": "重复登记"}).status_code == 404


# --- Feedback through the desk ---------------------------------------------------------------------


def test_the_correspondent_reports_what_was_done(
    client, correspondent_a, editor, given, django_capture_on_commit_callbacks
):
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:unit_instructions")).content.decode()
    assert "王建平副市长" in html and "已等待12天" in html
    url = reverse("desk:instruction_feedback", args=[given.pk])
    assert url in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"text": "已在全市推广驿站建设经验。", "done_on": days_ago(1).isoformat()}
        )
    assert response.status_code == 302 and response["Location"] == reverse("desk:unit_instructions")
    saved = InstructionFeedback.objects.get()
    assert (saved.text, saved.done_on, saved.reported_by) == (
        "已在全市推广驿站建设经验。",
        days_ago(1),
        correspondent_a,
    )
    assert [message.to for message in mail.outbox] == [[editor.email]]
    html = client.get(reverse("desk:unit_instructions")).content.decode()
    assert "没有等待反馈落实情况的领导批示。" in html and "已在全市推广驿站建设经验。" in html


def test_feedback_before_the_instruction_is_refused(client, correspondent_a, given):
    client.force_login(correspondent_a)
    before = given.instructed_on - datetime.timedelta(days=1)
    response = client.post(
        reverse("desk:instruction_feedback", args=[given.pk]),
        {"text": "已落实", "done_on": before.isoformat()},
    )
    assert response.status_code == 400
    assert "早于批示日期" in response.content.decode()
    assert not InstructionFeedback.objects.exists()


def test_the_editors_list_puts_the_waiting_first_with_their_days(client, editor, article, given, unit_a):
    older = instruction(published(unit_a, title="职工书屋"), editor, leader="李主席", day=days_ago(30))
    done = instruction(article, editor, leader="张书记", day=days_ago(5), text="很好。")
    feedback(done, editor, text="已转发各地学习。")
    client.force_login(editor)
    html = client.get(reverse("desk:instruction_list")).content.decode()
    assert html.index("李主席") < html.index("王建平副市长") < html.index("已反馈")
    assert "已等待30天" in html and "已等待12天" in html
    assert html.index("已反馈") < html.index("张书记") and "已转发各地学习。" in html
    assert older.pk


def test_the_adoptions_register_filters_by_year_level_and_unit(client, editor, unit_a, unit_b):
    this_year = days_ago(0).year
    adoption(published(unit_a, title="甲单位稿件"), editor, level="city", outlet="市委《每日要情》")
    adoption(published(unit_b, title="乙单位稿件"), editor, level="central", outlet="国办《昨日要情》")
    old = published(unit_a, title="去年的稿件", day=datetime.date(this_year - 1, 2, 1))
    adoption(old, editor, level="province", outlet="省总《工会信息》", day=datetime.date(this_year - 1, 3, 1))
    client.force_login(editor)
    url = reverse("desk:adoption_list")

    def titles(query):
        html = client.get(url, query).content.decode()
        return [title for title in ("甲单位稿件", "乙单位稿件", "去年的稿件") if title in html]

    assert titles({}) == ["甲单位稿件", "乙单位稿件", "去年的稿件"]
    assert titles({"year": this_year - 1}) == ["去年的稿件"]
    assert titles({"level": "central"}) == ["乙单位稿件"]
    assert titles({"unit": unit_a.pk}) == ["甲单位稿件", "去年的稿件"]
    assert titles({"unit": unit_a.pk, "year": this_year}) == ["甲单位稿件"]
    response = client.get(url, {"level": "county", "year": "1800"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请从列出的级别中选择一个。" in html and "请从列出的年份中选择一个。" in html


# --- Query budgets ----------------------------------------------------------------------------------


@pytest.fixture
def many(editor, correspondent_a, unit_a):
    """50 adoptions and 50 instructions (half with feedback) over 25 articles of two units each."""
    other = UnitFactory(name="甲镇总工会", parent=unit_a)
    for index in range(25):
        article = published(unit_a, title=f"稿件{index}")
        article.units.add(other)
        for outlet in ("省总《工会信息》", "市委《每日要情》"):
            adoption(article, editor, outlet=outlet)
        for leader in ("甲领导", "乙领导"):
            given = instruction(article, editor, leader=leader)
            if leader == "乙领导":
                feedback(given, correspondent_a)


@pytest.mark.parametrize(
    ("who", "name", "budget"),
    [
        ("editor", "desk:adoption_list", 12),
        ("editor", "desk:instruction_list", 12),
        ("correspondent_a", "desk:unit_instructions", 16),
    ],
)
def test_the_lists_keep_to_their_query_budget(
    client, cast, many, who, name, budget, django_assert_max_num_queries
):
    client.force_login(getattr(cast, who))
    client.get(reverse(name))  # the session and the user's roles, once
    with django_assert_max_num_queries(budget):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("稿件") >= 20


# --- The menu --------------------------------------------------------------------------------------


def menu_of(client, url) -> tuple[list[str], list[str]]:
    html = client.get(url).content.decode()
    nav = html[html.index('class="desk-nav"') : html.index("</nav>", html.index('class="desk-nav"'))]
    labels = re.findall(r'<a href="[^"]*"(?: aria-current="page")?>([^<]+)</a>', nav)
    current = re.findall(r'aria-current="page">([^<]+)</a>', nav)
    return labels, current


def test_each_role_finds_its_pages_in_the_menu(client, cast, article, given, adopted):
    client.force_login(cast.editor)
    labels, current = menu_of(client, reverse("desk:adoption_list"))
    assert (
        "上级采用" in labels and "领导批示" in labels and "批示落实" not in labels and current == ["上级采用"]
    )
    assert menu_of(client, reverse("desk:instruction_list"))[1] == ["领导批示"]
    # Recording starts from the article under review: the menu stays on 待审.
    assert menu_of(client, reverse("desk:review_adoption", args=[article.pk]))[1] == ["待审"]
    assert menu_of(client, reverse("desk:review_instruction", args=[article.pk]))[1] == ["待审"]
    client.force_login(cast.correspondent_a)
    labels, current = menu_of(client, reverse("desk:unit_instructions"))
    assert "批示落实" in labels and "上级采用" not in labels and "领导批示" not in labels
    assert current == ["批示落实"]
    assert menu_of(client, reverse("desk:instruction_feedback", args=[given.pk]))[1] == ["批示落实"]
    client.force_login(cast.signer)
    labels, _current = menu_of(client, reverse("desk:signoff_queue"))
    assert {"上级采用", "领导批示"} <= set(labels) and "批示落实" not in labels


def test_a_signer_reads_the_lists_without_the_editors_actions(client, signer, article, given, adopted):
    client.force_login(signer)
    html = client.get(reverse("desk:adoption_list")).content.decode()
    assert "省总工会《工会信息》" in html
    assert f'href="/articles/{article.pk}/"' in html
    assert reverse("desk:adoption_delete", args=[adopted.pk]) not in html
    assert reverse("desk:review", args=[article.pk]) not in html
    html = client.get(reverse("desk:instruction_list")).content.decode()
    assert "请总结推广驿站经验。" in html and "已等待12天" in html
    assert reverse("desk:instruction_feedback", args=[given.pk]) not in html
    assert reverse("desk:review", args=[article.pk]) not in html
