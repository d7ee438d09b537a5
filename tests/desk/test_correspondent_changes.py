"""Once adopted, the correspondent sees what the editorial office changed in their article, character
by character, against the text they submitted."""

from django.urls import reverse

from articles import services


def write_and_submit(correspondent, body):
    article = services.article_create(actor=correspondent, title="社区工会开展健康讲座", body=body)
    services.article_submit(article=article, actor=correspondent)
    return article


def test_the_office_changes_are_shown_after_adoption(client, correspondent_a, editor):
    article = write_and_submit(correspondent_a, "<p>本月共有120名职工参加讲座。</p>")
    services.article_update(
        article=article, actor=editor, data={"body": "<p>本月共有150名职工参加了讲座。</p>"}
    )
    services.article_accept(article=article, actor=editor)
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    assert "编辑部的改动" in html
    assert "<del>2</del><ins>5</ins>" in html
    assert "<ins>了</ins>" in html


def test_an_article_printed_as_submitted_says_so(client, correspondent_a, editor):
    article = write_and_submit(correspondent_a, "<p>原文照登。</p>")
    services.article_accept(article=article, actor=editor)
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    assert "没有改动：稿件按您报送的原文刊用。" in html


def test_nothing_is_compared_before_adoption(client, correspondent_a):
    article = write_and_submit(correspondent_a, "<p>待审。</p>")
    client.force_login(correspondent_a)
    assert (
        "编辑部的改动" not in client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    )


def test_the_page_title_is_only_the_article_title(client, correspondent_a, editor):
    article = write_and_submit(correspondent_a, "<p>标题栏测试。</p>")
    services.article_accept(article=article, actor=editor)
    client.force_login(correspondent_a)
    html = client.get(reverse("desk:article_detail", args=[article.pk])).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<section" not in title and "社区工会开展健康讲座" in title
