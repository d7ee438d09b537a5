"""我的稿件: the unit's articles newest first, tabs with counts, notes on returned and rejected rows."""

import datetime

from django.utils import timezone

from articles import services
from articles.models import Article
from tests.desk.correspondent_helpers import article_in, draft_of, url


def test_it_lists_only_the_units_articles(client, correspondent_a, unit_a, unit_b):
    article_in(unit_a, title="甲单位的稿件")
    article_in(unit_b, title="乙单位的稿件")
    client.force_login(correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert "甲单位的稿件" in page
    assert "乙单位的稿件" not in page


def test_it_shows_the_newest_first(client, correspondent_a, unit_a):
    older = article_in(unit_a, title="较早的稿件")
    newer = article_in(unit_a, title="较新的稿件")
    Article.objects.filter(pk=older.pk).update(updated=timezone.now() - datetime.timedelta(days=2))
    Article.objects.filter(pk=newer.pk).update(updated=timezone.now() - datetime.timedelta(days=1))
    client.force_login(correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert page.index("较新的稿件") < page.index("较早的稿件")


def test_it_counts_each_state_in_the_tabs(client, correspondent_a, unit_a):
    for _ in range(2):
        article_in(unit_a)
    article_in(unit_a, status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert "草稿 (2)" in page
    assert "已报送 (1)" in page
    assert "已刊用 (0)" in page
    assert "全部 (3)" in page


def test_it_filters_by_state(client, correspondent_a, unit_a):
    article_in(unit_a, title="一篇草稿")
    article_in(unit_a, title="一篇报送的稿件", status=Article.Status.SUBMITTED)
    client.force_login(correspondent_a)
    page = client.get(url("my_articles") + "?status=submitted").content.decode()
    assert "一篇报送的稿件" in page
    assert "一篇草稿" not in page


def test_it_shows_the_latest_return_note_on_top(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a, title="退回的稿件")
    services.article_submit(article=article, actor=correspondent_a)
    services.article_return(article=article, actor=editor, note="请补充参与人数。")
    services.article_submit(article=article, actor=correspondent_a)
    services.article_return(article=article, actor=editor, note="请压缩到五百字。")
    client.force_login(correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert "修改意见： 请压缩到五百字。" in page
    assert "请补充参与人数。" not in page
    assert page.index("请压缩到五百字。") < page.index("退回的稿件")


def test_it_shows_the_reason_of_a_rejection(client, correspondent_a, editor, unit_a):
    article = draft_of(correspondent_a, unit_a)
    services.article_submit(article=article, actor=correspondent_a)
    services.article_reject(article=article, actor=editor, note="与本期主题不符。")
    client.force_login(correspondent_a)
    assert "理由： 与本期主题不符。" in client.get(url("my_articles")).content.decode()


def test_it_names_the_issue_of_a_published_article(client, correspondent_a, unit_a):
    article = article_in(unit_a, published=True)
    client.force_login(correspondent_a)
    page = client.get(url("my_articles")).content.decode()
    assert f"刊用于 {article.issue.label}" in page


def test_it_pages_twenty_at_a_time(client, correspondent_a, unit_a):
    for _ in range(25):
        article_in(unit_a)
    client.force_login(correspondent_a)
    first = client.get(url("my_articles"))
    assert len(first.context["rows"]) == 20
    assert "第 1 页，共 2 页" in first.content.decode()
    assert len(client.get(url("my_articles") + "?page=2").context["rows"]) == 5


def test_it_keeps_the_query_count_flat(
    client, correspondent_a, editor, unit_a, django_assert_max_num_queries
):
    for index in range(12):
        article = draft_of(correspondent_a, unit_a, title=f"稿件{index}")
        services.article_submit(article=article, actor=correspondent_a)
        if index % 2:
            services.article_return(article=article, actor=editor, note=f"意见{index}")
        else:
            services.article_reject(article=article, actor=editor, note=f"理由{index}")
    for _ in range(10):
        article_in(unit_a, published=True)
    for _ in range(10):
        article_in(unit_a)
    client.force_login(correspondent_a)
    client.get(url("my_articles"))  # warm the session and the user
    # Three of them for the panels of what the office waits for: the unit scope, the commissions not
    # yet answered (约稿) and the instructions waiting for feedback (领导批示).
    with django_assert_max_num_queries(13):
        response = client.get(url("my_articles"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 20
