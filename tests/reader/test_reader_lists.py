"""/sections/<slug>/ and /units/<id>/: paginated lists of published articles."""

import pytest
from django.urls import reverse

from contributors.models import Unit
from tests.factories import UnitFactory

from .reader_support import build_issue, content, default_sections, fresh_reader_cache, texts_of  # noqa: F401

pytestmark = pytest.mark.django_db


def section_url(section, page=None):
    url = reverse("section_detail", kwargs={"slug": section.slug})
    return f"{url}?page={page}" if page else url


def unit_url(unit, page=None):
    url = reverse("unit_detail", kwargs={"pk": unit.pk})
    return f"{url}?page={page}" if page else url


def test_a_section_page_lists_its_articles_newest_issue_first(client):
    older = build_issue(year=2026, number=1, per_section=(2, 1, 0, 0))
    newer = build_issue(year=2026, number=2, per_section=(1, 0, 0, 0))
    section = default_sections()[0]
    html = content(client.get(section_url(section)))
    expected = [a.title for a in newer.articles.filter(section=section)] + [
        a.title for a in older.articles.filter(section=section).in_reading_order()
    ]
    assert texts_of(html, "article-list-title") == expected
    assert texts_of(html, "page-title") == [f"【{section.name}】"]


def test_a_section_page_is_paginated(client):
    build_issue(year=2026, number=1, per_section=(25, 0, 0, 0))
    section = default_sections()[0]
    first = content(client.get(section_url(section)))
    second = content(client.get(section_url(section, page=2)))
    assert len(texts_of(first, "article-list-title")) == 20
    assert len(texts_of(second, "article-list-title")) == 5
    assert texts_of(first, "pagination-current") == ["第1页，共2页"]
    assert 'rel="next" href="?page=2"' in first


def test_a_page_past_the_end_is_404(client):
    build_issue(per_section=(1, 0, 0, 0))
    assert client.get(section_url(default_sections()[0], page=5)).status_code == 404


def test_a_section_page_hides_internal_and_unpublished_articles_from_anonymous_visitors(client, reader):
    build_issue(year=2026, number=1, per_section=(1, 0, 0, 0))
    build_issue(year=2026, number=2, per_section=(1, 0, 0, 0), visibility="internal")
    build_issue(year=2026, number=3, per_section=(1, 0, 0, 0), published=False)
    section = default_sections()[0]
    assert len(texts_of(content(client.get(section_url(section))), "article-list-title")) == 1
    client.force_login(reader)
    assert len(texts_of(content(client.get(section_url(section))), "article-list-title")) == 2


def test_an_unknown_section_is_404(client):
    assert client.get(reverse("section_detail", kwargs={"slug": "no-such-section"})).status_code == 404


def test_an_empty_section_says_so(client):
    response = client.get(section_url(default_sections()[1]))
    assert response.status_code == 200
    assert "暂无已发布的稿件。" in content(response)


def test_a_unit_page_includes_the_articles_of_its_child_units(client):
    parent = UnitFactory(name="甲市总工会")
    child = UnitFactory(name="甲市城东镇总工会", parent=parent)
    grandchild = UnitFactory(name="甲市城东镇某企业工会", parent=child)
    other = UnitFactory(name="丙区总工会")
    build_issue(year=2026, number=1, per_section=(4, 2, 0, 0), units=[parent, child, grandchild, other])
    html = content(client.get(unit_url(parent)))
    titles = texts_of(html, "article-list-title")
    own = {a.title for a in parent.articles.all()} | {a.title for a in child.articles.all()}
    own |= {a.title for a in grandchild.articles.all()}
    assert set(titles) == own
    assert len(titles) == len(own)
    assert texts_of(html, "unit-children") == ["包括下属单位 甲市城东镇总工会"]


def test_a_unit_page_lists_an_article_of_two_of_its_units_once(client):
    parent = UnitFactory(name="甲市总工会")
    child = UnitFactory(name="甲市城东镇总工会", parent=parent)
    issue = build_issue(per_section=(1, 0, 0, 0), units=[parent])
    issue.articles.get().units.add(child)
    assert len(texts_of(content(client.get(unit_url(parent))), "article-list-title")) == 1


def test_a_unit_page_links_its_parent(client):
    parent = UnitFactory(name="甲市总工会")
    child = UnitFactory(name="甲市城东镇总工会", parent=parent)
    assert f'href="{unit_url(parent)}"' in content(client.get(unit_url(child)))


def test_an_unknown_unit_is_404(client):
    assert client.get(reverse("unit_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_unit_page_hides_internal_articles_from_anonymous_visitors(client, reader):
    unit = UnitFactory(name="甲市总工会")
    build_issue(year=2026, number=1, per_section=(1, 0, 0, 0), units=[unit], visibility="internal")
    assert texts_of(content(client.get(unit_url(unit))), "article-list-title") == []
    client.force_login(reader)
    assert len(texts_of(content(client.get(unit_url(unit))), "article-list-title")) == 1


@pytest.mark.parametrize("page", ["section", "unit"])
def test_list_query_counts_do_not_grow_with_articles(client, page, django_assert_max_num_queries):
    unit = UnitFactory(name="甲市总工会")
    UnitFactory(name="甲市城东镇总工会", parent=unit)
    for number in (1, 2, 3):
        build_issue(year=2026, number=number, per_section=(15, 15, 15, 15), units=[unit], footer=False)
    url = section_url(default_sections()[0]) if page == "section" else unit_url(Unit.objects.get(pk=unit.pk))
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(texts_of(content(response), "article-list-title")) == 20
