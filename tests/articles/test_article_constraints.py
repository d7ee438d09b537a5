import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from bulletin.models import Section
from tests.factories import ArticleFactory, IssueFactory


def test_it_refuses_a_published_article_without_a_publication_time(db):
    issue = IssueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status="published", published_at=None, issue=issue, section=Section.objects.first())
    assert not Article.objects.exists()


def test_it_refuses_a_published_article_outside_an_issue(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status="published", published_at=timezone.now(), issue=None)
    assert not Article.objects.exists()


def test_it_refuses_to_place_an_unaccepted_article_in_an_issue(db):
    article = ArticleFactory(status="submitted")
    article.issue = IssueFactory()
    article.section = Section.objects.first()
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "只有已采用的稿件才能编入期次。" in error.value.messages


def test_it_refuses_an_issue_without_a_section(db):
    article = ArticleFactory(status="accepted")
    article.issue = IssueFactory()
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "编入期次的稿件必须指定栏目，指定栏目的稿件也必须指定期次。" in error.value.messages


def test_it_accepts_a_placed_accepted_article(db):
    article = ArticleFactory(status="accepted", issue=IssueFactory(), section=Section.objects.first())
    article.full_clean()


def test_it_sanitises_the_body_on_every_save(db):
    article = ArticleFactory(body='<p onclick="steal()">正文<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"


def test_it_normalises_whitespace_in_titles(db):
    assert ArticleFactory(title="  市总工会探索建立\n 工资监测点  ").title == "市总工会探索建立工资监测点"
    assert ArticleFactory(title="推广 Word  2026  模板").title == "推广 Word 2026 模板"


def test_it_prints_the_attribution_in_full_width_parentheses(db):
    assert ArticleFactory(byline="市总生产部、宣教部").attribution == "（市总生产部、宣教部）"
    assert ArticleFactory(byline="").attribution == ""


def test_it_requires_a_title(db):
    with pytest.raises(ValidationError) as error:
        Article(title="  ").full_clean()
    assert error.value.message_dict["title"] == ["稿件必须有标题。"]
