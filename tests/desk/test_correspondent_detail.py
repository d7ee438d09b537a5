"""The article's page: the body as HTML, the attribution as printed, the note, the next actions."""

from articles import services
from articles.models import Article
from tests.desk.correspondent_helpers import article_in, draft_of, url


def test_it_renders_the_body_as_html(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a, body="<p>第一段<strong>加粗</strong>。</p>")
    client.force_login(correspondent_a)
    page = client.get(url("article_detail", article.pk)).content.decode()
    assert "<p>第一段<strong>加粗</strong>。</p>" in page
    assert "&lt;strong&gt;" not in page


def test_it_prints_the_attribution_in_full_width_parentheses(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    assert "（甲市总工会）" in client.get(url("article_detail", article.pk)).content.decode()


def test_it_shows_the_characters_as_the_office_counts_them(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    article.body = "<p>工会 work，2026。</p><p>第二段</p>"
    article.save()
    client.force_login(correspondent_a)
    # 工会 + 第二段 (5 characters) and two words (work, 2026); punctuation is not counted.
    assert "7 字" in client.get(url("article_detail", article.pk)).content.decode()


def test_it_offers_edit_and_submit_for_a_draft(client, correspondent_a, unit_a):
    article = draft_of(correspondent_a, unit_a)
    client.force_login(correspondent_a)
    page = client.get(url("article_detail", article.pk)).content.decode()
    assert url("article_edit", article.pk) in page
    assert url("article_submit", article.pk) in page
    assert url("article_withdraw", article.pk) not in page


def test_it_offers_only_withdraw_for_a_submitted_article(client, correspondent_a, unit_a):
    article = article_in(unit_a, status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    page = client.get(url("article_detail", article.pk)).content.decode()
    assert url("article_withdraw", article.pk) in page
    assert url("article_edit", article.pk) not in page
    assert url("article_submit", article.pk) not in page


def test_it_shows_the_return_note_on_top(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a)
    services.article_submit(article=article, actor=correspondent_a)
    services.article_return(article=article, actor=editor, note="请补充参与人数。")
    client.force_login(correspondent_a)
    page = client.get(url("article_detail", article.pk)).content.decode()
    assert "请补充参与人数。" in page
    assert page.index("请补充参与人数。") < page.index('class="paper"')
