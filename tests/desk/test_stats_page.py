"""Adoption statistics page and notice: the table, the SVG chart, the print view and PDF, and a query
count that does not grow with the number of units."""

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletin.models import Issue
from contributors.models import Unit
from tests.desk.test_stats_support import (
    RANGE_2025,
    issue_2025,
    make_activity,
    published,
    submitted,
    url,
)
from tests.factories import UnitFactory


@pytest.fixture
def activity(unit_a, unit_b):
    return make_activity(unit_a, unit_b)


# --- The page ---------------------------------------------------------------------------------------


def test_it_draws_an_accessible_svg_bar_chart(client, editor, activity):
    client.force_login(editor)
    page = client.get(url("stats", **RANGE_2025)).content.decode()
    chart = page.split('<figure class="stats-chart">', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in chart
    assert '<title id="stats-chart-title">' in chart
    assert '<desc id="stats-chart-desc">' in chart
    assert "甲市总工会" in chart
    assert chart.count('class="bar"') == 1  # only 甲 had anything published
    assert "<script" not in page.split('class="stats"', 1)[1]


def test_it_sits_in_the_back_office(client, editor, activity):
    client.force_login(editor)
    page = client.get(url("stats", **RANGE_2025)).content.decode()
    assert reverse("admin:index") in page
    assert "采用统计" in page


# --- The notice -------------------------------------------------------------------------------------


def test_it_prints_the_notice_with_the_ranking_and_the_silent_units(client, editor, activity):
    client.force_login(editor)
    response = client.get(url("stats_notice", **RANGE_2025))
    assert response.status_code == 200
    page = response.content.decode()
    assert "@page" in page and "size: A4" in page
    assert "@media print" in page
    ranking = page.split("二、")[0]
    assert ranking.index("甲市总工会") < ranking.index("乙区总工会")
    assert "丙县总工会" in page.split("二、")[1]


def test_it_makes_the_notice_as_pdf(client, editor, activity):
    from formats.exporters.pdf import cjk_font_available

    if not cjk_font_available():
        pytest.skip("no CJK font installed")
    client.force_login(editor)
    response = client.get(url("stats_notice_pdf", **RANGE_2025))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "甲市总工会" in text
        assert "零报送单位" in text
        assert "丙县总工会" in text


# --- Query budget ----------------------------------------------------------------------------------------


def many_units(count: int, issue: Issue) -> None:
    for index in range(count):
        unit = UnitFactory(name=f"预算{index}区总工会")
        UnitFactory(name=f"预算{index}镇工会", parent=unit, kind=Unit.Kind.TOWN)
        published(unit, issue)
        submitted(unit, "2025-06-01")


def queries_for(client, name: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(name, **params))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["stats", "stats_csv", "stats_notice"])
@pytest.mark.parametrize("rollup", ["", "1"])
def test_it_makes_as_many_queries_with_20_more_units(client, editor, name, rollup):
    client.force_login(editor)
    issue = issue_2025()
    many_units(2, issue)
    client.get(url(name, **RANGE_2025))  # warm the session and the permission caches
    few = queries_for(client, name, rollup=rollup, **RANGE_2025)
    for index in range(20):
        unit = UnitFactory(name=f"追加{index}区总工会")
        published(unit, issue)
    assert queries_for(client, name, rollup=rollup, **RANGE_2025) == few


def test_it_keeps_the_page_within_its_query_budget(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    many_units(30, issue_2025())
    with django_assert_max_num_queries(12):
        response = client.get(url("stats", **RANGE_2025))
    assert len(response.context["stats"].lines) >= 60
