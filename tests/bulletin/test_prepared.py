"""bulletin.prepared: a queryset compiled once and run again with new values gives what the ORM gives,
with the same visibility rules, in one query; querysets it cannot replay faithfully are refused."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.http import Http404

from articles.models import Article
from bulletin import selectors
from bulletin.prepared import PreparedQuery
from tests.factories import UserFactory
from tests.reader.reader_support import build_issue

pytestmark = pytest.mark.django_db


def snapshot(articles):
    return [
        (
            a.pk,
            a.title,
            a.body,
            a.byline,
            a.position,
            a.updated,
            a.section.pk,
            a.section.name,
            a.section.layout,
        )
        for a in articles
    ]


ARTICLES = PreparedQuery(
    lambda issue_id: (
        Article.objects.published().filter(issue_id=issue_id).select_related("section").in_reading_order()
    ),
    issue_id=int,
)


def test_it_gives_the_same_objects_as_the_orm_for_each_value(django_assert_num_queries):
    first = build_issue(number=1, per_section=(2, 1, 0, 3))
    second = build_issue(number=2, per_section=(1, 0, 1, 1))
    for issue in (first, second, first):
        orm = list(
            Article.objects.published().filter(issue_id=issue.pk).select_related("section").in_reading_order()
        )
        with django_assert_num_queries(1):
            prepared = ARTICLES(issue_id=issue.pk)
        assert snapshot(prepared) == snapshot(orm)
        assert len(prepared) == len(orm) > 0
        # Real model instances: saved state, no extra query for the related section.
        assert all(not article._state.adding and article._state.db == "default" for article in prepared)
    assert ARTICLES(issue_id=0) == []


def test_datetimes_come_back_aware_as_from_the_orm():
    issue = build_issue(per_section=(1, 0, 0, 0))
    [article] = ARTICLES(issue_id=issue.pk)
    assert article.updated.tzinfo is not None
    assert article.updated == Article.objects.get(pk=article.pk).updated


def test_annotations_are_set_on_the_objects():
    issue = build_issue(per_section=(2, 0, 0, 0))
    query = PreparedQuery(
        lambda issue_id: Article.objects.filter(issue_id=issue_id).annotate(doubled=F("position") * 2),
        issue_id=int,
    )
    assert sorted(article.doubled for article in query(issue_id=issue.pk)) == [2, 4]


def test_the_issue_lookup_keeps_the_visibility_rules():
    public = build_issue(number=1, per_section=(1, 0, 0, 0))
    internal = build_issue(number=2, per_section=(1, 0, 0, 0), visibility="internal")
    draft = build_issue(number=3, per_section=(1, 0, 0, 0), published=False)
    anonymous, member = AnonymousUser(), UserFactory()
    assert selectors.get_visible_issue_or_404(anonymous, year=2026, number=1) == public
    with pytest.raises(Http404):
        selectors.get_visible_issue_or_404(anonymous, year=2026, number=2)
    assert selectors.get_visible_issue_or_404(member, year=2026, number=2) == internal
    for user in (anonymous, member):
        with pytest.raises(Http404):
            selectors.get_visible_issue_or_404(user, year=2026, number=draft.number)
        with pytest.raises(Http404):
            selectors.get_visible_issue_or_404(user, year=2025, number=1)
    # The publication came with the issue (select_related): no query to print the masthead.
    issue = selectors.get_visible_issue_or_404(anonymous, year=2026, number=1)
    assert issue.publication.title


def test_it_refuses_sql_that_changes_with_the_values():
    query = PreparedQuery(lambda count: Article.objects.all()[:count], count=int)
    with pytest.raises(ImproperlyConfigured, match="depends on the values"):
        query(count=3)


def test_it_refuses_values_that_do_not_reach_the_sql():
    query = PreparedQuery(lambda issue_id: Article.objects.all(), issue_id=int)
    with pytest.raises(ImproperlyConfigured, match="do not reach the SQL"):
        query(issue_id=1)


def test_it_refuses_prefetching_and_value_querysets():
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda pk: Article.objects.filter(pk=pk).prefetch_related("units"), pk=int)(pk=1)
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda pk: Article.objects.filter(pk=pk).values("title"), pk=int)(pk=1)
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda when: Article.objects.filter(updated=when), when=object)
    with pytest.raises(TypeError):
        ARTICLES()


def test_a_query_that_can_match_nothing_returns_nothing_without_sql(django_assert_num_queries):
    query = PreparedQuery(lambda pk: Article.objects.filter(pk__in=[]).filter(pk=pk), pk=int)
    with django_assert_num_queries(0):
        assert query(pk=1) == []


def test_string_values_are_parameters_too():
    issue = build_issue(per_section=(1, 1, 0, 0))
    titles = list(Article.objects.filter(issue=issue).values_list("title", flat=True))
    query = PreparedQuery(lambda title: Article.objects.filter(title=title), title=str)
    for title in titles:
        assert [article.title for article in query(title=title)] == [title]
    assert query(title="'); DROP TABLE articles_article; --") == []
    assert Article.objects.filter(issue=issue).count() == 2


def test_shapes_compile_separately():
    build_issue(number=1, per_section=(1, 0, 0, 0), visibility="internal")
    query = PreparedQuery(
        lambda public, number: Article.objects.filter(issue__number=number).filter(
            **({"issue__visibility": "public"} if public else {})
        ),
        number=int,
    )
    assert query(public=True, number=1) == []
    assert len(query(public=False, number=1)) == 1
    assert query(public=True, number=1) == []
