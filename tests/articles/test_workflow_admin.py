"""The article workflow in the back office: scoping (404), buttons that POST, confirmation pages,
edit conflicts, revisions, notes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleComment, ArticleTransition
from articles.services import article_create, article_return, article_update
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in, row

S = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def action_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


# --- Scoping: unit B's drafts do not exist for unit A's correspondent -------------------------------


def test_the_list_shows_only_the_own_units_articles(login, cast, unit_a, unit_b):
    mine = article_in(S.DRAFT, unit_a, title="甲单位草稿")
    theirs = article_in(S.DRAFT, unit_b, title="乙单位草稿")
    content = login(cast.correspondent_a).get(reverse("admin:articles_article_changelist")).content.decode()
    assert mine.title in content
    assert theirs.title not in content


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_change",
        "admin:articles_article_history",
        "admin:articles_article_revisions",
        "admin:articles_article_comment",
    ],
)
def test_other_units_pages_are_404(login, cast, unit_b, url_name):
    theirs = article_in(S.DRAFT, unit_b)
    client = login(cast.correspondent_a)
    assert client.get(reverse(url_name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[theirs.pk]), {"title": "改", "text": "x"}).status_code == 404
    assert row(theirs)["title"] == theirs.title
    assert not ArticleComment.objects.exists()


def test_other_units_actions_are_404_and_change_nothing(login, cast, unit_b):
    theirs = article_in(S.DRAFT, unit_b)
    before = row(theirs)
    client = login(cast.correspondent_a)
    assert client.get(action_url(theirs, "submit")).status_code == 404
    assert client.post(action_url(theirs, "submit")).status_code == 404
    assert row(theirs) == before


def test_unit_autocomplete_offers_only_units_in_scope(login, cast, unit_a, unit_b):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    response = login(cast.correspondent_a).get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "units", "term": ""},
    )
    names = {result["text"] for result in response.json()["results"]}
    assert names == {unit_a.name, town.name}


def test_a_correspondent_cannot_open_another_units_unit(login, cast, unit_b):
    client = login(cast.correspondent_a)
    assert client.get(reverse("admin:contributors_unit_change", args=[unit_b.pk])).status_code == 404


def test_readers_cannot_enter_the_back_office(login, cast):
    cast.reader.is_staff = True  # even when somebody ticked the staff box by mistake
    cast.reader.save()
    response = login(cast.reader).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302


# --- Transitions: POST only, confirmation where it cannot be undone ------------------------------------


def test_get_on_an_action_changes_nothing(login, cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    before = row(article)
    response = login(cast.correspondent_a).get(action_url(article, "submit"))
    assert response.status_code == 200
    assert "确定对稿件" in response.content.decode()
    assert row(article) == before


def test_a_correspondent_submits_with_a_button(login, cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    client = login(cast.correspondent_a)
    page = client.get(change_url(article)).content.decode()
    assert f'action="{action_url(article, "submit")}"' in page
    assert 'data-action="accept"' not in page
    response = client.post(action_url(article, "submit"))
    assert response.status_code == 302
    assert row(article)["status"] == S.SUBMITTED


def test_the_csrf_token_is_required(cast, unit_a, db):
    from django.test import Client

    article = article_in(S.DRAFT, unit_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.correspondent_a)
    assert client.post(action_url(article, "submit")).status_code == 403
    assert row(article)["status"] == S.DRAFT


def test_returning_without_a_note_shows_the_error_and_keeps_the_article(login, cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    response = login(cast.editor).post(action_url(article, "return"), {"note": ""})
    assert response.status_code == 200
    assert "请填写修改意见，说明需要修改的地方。" in response.content.decode()
    assert row(article)["status"] == S.SUBMITTED


def test_an_editor_returns_with_a_note_the_correspondent_sees_prominently(login, cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a, author=cast.correspondent_a)
    response = login(cast.editor).post(action_url(article, "return"), {"note": "请补充活动时间和参与人数。"})
    assert response.status_code == 302
    page = login(cast.correspondent_a).get(change_url(article)).content.decode()
    assert 'id="return-note"' in page
    assert "请补充活动时间和参与人数。" in page
    assert page.index('id="return-note"') < page.index('id="article_form"')


def test_an_impossible_action_is_refused_with_the_reason(login, cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    response = login(cast.editor).post(action_url(article, "withdraw"), follow=True)
    assert "稿件处于“草稿”状态，不能“撤稿”。" in response.content.decode()
    assert row(article)["status"] == S.DRAFT


def test_status_is_read_only_in_the_form(login, cast, unit_a):
    article = article_in(S.DRAFT, unit_a)
    client = login(cast.editor)
    page = client.get(change_url(article)).content.decode()
    assert 'name="status"' not in page
    data = {
        "title": article.title,
        "body": article.body,
        "units": [unit_a.pk],
        "byline": "",
        "status": "published",
    }
    data["base_version"] = article.version
    client.post(change_url(article), data)
    assert row(article)["status"] == S.DRAFT


def test_a_correspondent_cannot_edit_a_submitted_article(login, cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    client = login(cast.correspondent_a)
    page = client.get(change_url(article)).content.decode()
    assert 'name="title"' not in page
    response = client.post(change_url(article), {"title": "偷偷改", "body": "", "base_version": 1})
    assert response.status_code == 403
    assert row(article)["title"] == article.title


# --- Creating and editing --------------------------------------------------------------------------------


def test_a_correspondent_creates_an_article_for_their_unit(login, cast, unit_a):
    response = login(cast.correspondent_a).post(
        reverse("admin:articles_article_add"), {"title": "新稿件标题", "body": "<p>正文</p>", "byline": ""}
    )
    assert response.status_code == 302
    article = Article.objects.get(title="新稿件标题")
    assert list(article.units.all()) == [unit_a]
    assert (article.author, article.status, article.revisions.count()) == (cast.correspondent_a, S.DRAFT, 1)


def test_the_second_save_is_refused_naming_who_saved_and_keeping_the_text(login, cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="同时编辑", body="<p>原文</p>")
    opened = article.version
    article_update(
        article=article, actor=cast.editor, data={"body": "<p>编辑的修改</p>"}, base_version=opened
    )
    response = login(cast.correspondent_a).post(
        change_url(article),
        {
            "title": "同时编辑",
            "body": "<p>通讯员的修改</p>",
            "units": [unit_a.pk],
            "byline": "",
            "base_version": opened,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"在您编辑期间，{cast.editor.first_name}于" in page
    assert "通讯员的修改" in page  # their own text is still in the form
    assert 'id="saved-version"' in page and "编辑的修改" in page
    assert row(article)["body"] == "<p>编辑的修改</p>"
    # Saving again on purpose, having seen the other version, goes through.
    again = login(cast.correspondent_a).post(
        change_url(article),
        {
            "title": "同时编辑",
            "body": "<p>通讯员的修改</p>",
            "units": [unit_a.pk],
            "byline": "",
            "base_version": 2,
        },
    )
    assert again.status_code == 302
    assert row(article)["body"] == "<p>通讯员的修改</p>"


def test_revisions_show_a_diff_and_restore_makes_a_new_revision(login, cast, unit_a):
    article = article_create(actor=cast.correspondent_a, title="修订标题", body="<p>第一段原文。</p>")
    article_update(article=article, actor=cast.correspondent_a, data={"body": "<p>第一段改后文字。</p>"})
    client = login(cast.correspondent_a)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    page = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert "<del>原</del>" in page and "<ins>改后</ins>" in page
    restore = reverse("admin:articles_article_restore", args=[article.pk, 1])
    assert client.get(restore).status_code == 200
    assert row(article)["version"] == 2  # GET changed nothing
    client.post(restore)
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>第一段原文。</p>", 3)


def test_notes_are_left_on_the_article_page(login, cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    login(cast.editor).post(
        reverse("admin:articles_article_comment", args=[article.pk]), {"text": "标题可以更简练。"}
    )
    page = login(cast.correspondent_a).get(change_url(article)).content.decode()
    assert "标题可以更简练。" in page


def test_the_history_lists_every_transition(login, cast, unit_a):
    article = article_in(S.SUBMITTED, unit_a)
    article_return(article=article, actor=cast.editor, note="再改改")
    page = login(cast.correspondent_a).get(change_url(article)).content.decode()
    assert 'id="transition-log"' in page and "再改改" in page


def test_the_audit_log_filters_by_unit_person_date_and_action(login, cast, unit_a, unit_b):
    a = article_in(S.SUBMITTED, unit_a, title="甲稿")
    b = article_in(S.SUBMITTED, unit_b, title="乙稿")
    article_return(article=a, actor=cast.editor, note="甲意见")
    article_return(article=b, actor=cast.signer, note="乙意见")
    client = login(cast.editor)
    url = reverse("admin:articles_articletransition_changelist")
    assert "乙意见" not in client.get(url, {"article__units__id__exact": unit_a.pk}).content.decode()
    assert "甲意见" not in client.get(url, {"actor__id__exact": cast.signer.pk}).content.decode()
    page = client.get(url, {"action": "return", "created__year": timezone.localdate().year}).content.decode()
    assert "甲意见" in page and "乙意见" in page
    assert login(cast.correspondent_a).get(url).status_code == 403
    assert ArticleTransition.objects.count() == 2


def test_the_article_list_has_a_query_budget(login, cast, unit_a, django_assert_max_num_queries):
    for _ in range(30):
        article_in(S.SUBMITTED, unit_a, author=cast.correspondent_a)
    client = login(cast.editor)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_a_town_correspondent_does_not_see_the_county(login, unit_a):
    town = UnitFactory(name="甲镇总工会", parent=unit_a)
    town_correspondent = StaffFactory(user__username="town", user__role="correspondent", unit=town).user
    county_article = article_in(S.DRAFT, unit_a)
    assert login(town_correspondent).get(change_url(county_article)).status_code == 404
