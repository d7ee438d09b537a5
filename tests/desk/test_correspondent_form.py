"""写稿 and editing: saving through the services, errors in Chinese, nothing lost on a conflict."""

from articles import services
from articles.models import Article
from tests.desk.correspondent_helpers import article_in, draft_of, url
from tests.factories import UnitFactory


def test_it_shows_no_internal_fields(client, correspondent_a, unit_a):
    client.force_login(correspondent_a)
    page = client.get(url("article_create")).content.decode()
    for name in ("version", "position", "issue", "published_at", "status"):
        assert f'name="{name}"' not in page
    assert 'name="base_version"' not in page
    assert "甲市总工会" in page  # the own unit, shown as text
    assert "保存" in page


def test_it_creates_a_draft_of_the_own_unit(client, correspondent_a, unit_a):
    client.force_login(correspondent_a)
    response = client.post(url("article_create"), {"title": "新的稿件", "body": "<p>正文一段。</p>"})
    article = Article.objects.get(title="新的稿件")
    assert response["Location"] == url("article_detail", article.pk)
    assert article.status == Article.Status.DRAFT
    assert list(article.units.all()) == [unit_a]
    assert article.author == correspondent_a
    assert "稿件已保存为草稿。" in client.get(response["Location"]).content.decode()


def test_it_adds_the_chosen_co_units(client, correspondent_a, unit_a):
    town = UnitFactory(name="甲镇工会", parent=unit_a, kind="town")
    client.force_login(correspondent_a)
    client.post(url("article_create"), {"title": "联合稿件", "body": "<p>正文。</p>", "units": [town.pk]})
    article = Article.objects.get(title="联合稿件")
    assert set(article.units.all()) == {unit_a, town}


def test_it_refuses_a_unit_outside_the_list(client, correspondent_a, unit_b):
    client.force_login(correspondent_a)
    response = client.post(url("article_create"), {"title": "越权稿件", "units": [unit_b.pk]})
    assert response.status_code == 400
    assert "请从列出的单位中选择。" in response.content.decode()
    assert not Article.objects.exists()


def test_it_refuses_an_article_without_a_title(client, correspondent_a):
    client.force_login(correspondent_a)
    response = client.post(url("article_create"), {"title": "  ", "body": "<p>保留的正文</p>"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert '<a href="#id_title">标题：请填写稿件标题。</a>' in page
    assert "保留的正文" in page
    assert not Article.objects.exists()


def test_it_saves_an_edit(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    page = client.get(url("article_edit", article.pk)).content.decode()
    assert f'name="base_version" value="{article.version}"' in page
    response = client.post(
        url("article_edit", article.pk),
        {"title": "改过的标题", "body": "<p>改过的正文。</p>", "base_version": article.version},
    )
    assert response["Location"] == url("article_detail", article.pk)
    article.refresh_from_db()
    assert article.title == "改过的标题"
    assert article.version == 2
    assert "修改已保存。" in client.get(response["Location"]).content.decode()


def test_it_keeps_the_text_on_an_edit_conflict(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a)
    services.article_update(article=article, actor=editor, data={"title": "编辑先改的标题"}, base_version=1)
    client.force_login(correspondent_a)
    response = client.post(
        url("article_edit", article.pk),
        {"title": "我的标题", "body": "<p>我的正文。</p>", "base_version": 1},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert 'class="error-summary"' in page
    name = editor.get_full_name() or editor.get_username()
    assert f"在您编辑期间，{name}于" in page
    assert "保存了这篇稿件，因此您的修改没有保存。" in page
    assert "我的标题" in page
    assert "我的正文。" in page
    assert 'name="base_version" value="2"' in page
    article.refresh_from_db()
    assert article.title == "编辑先改的标题"


def test_it_sends_a_submitted_article_back_to_its_page(client, correspondent_a, unit_a):
    article = article_in(unit_a, status=Article.Status.SUBMITTED, title="报送中的稿件")
    client.force_login(correspondent_a)
    response = client.post(
        url("article_edit", article.pk), {"title": "不该保存", "base_version": 1}, follow=True
    )
    assert response.redirect_chain == [(url("article_detail", article.pk), 302)]
    assert "只能修改草稿和退回修改的稿件；该稿件状态为“已报送”。" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "报送中的稿件"


def test_it_offers_no_empty_unit_list(client, correspondent_a):
    client.force_login(correspondent_a)
    assert 'name="units"' not in client.get(url("article_create")).content.decode()


def test_it_lets_an_editor_write_an_article(client, editor, unit_a):
    client.force_login(editor)
    response = client.post(url("article_create"), {"title": "编辑部来稿", "units": [unit_a.pk]})
    article = Article.objects.get(title="编辑部来稿")
    assert response["Location"] == url("article_detail", article.pk)
    assert list(article.units.all()) == [unit_a]
