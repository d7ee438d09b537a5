"""Adoption statistics pages: who may see them, what bad input shows, the downloads and the notice."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAction, ArticleTransition
from bulletin.models import Issue, Section
from contributors.models import Unit
from tests.factories import ArticleFactory, IssueFactory, UnitFactory

S, A = Article.Status, ArticleAction
RANGE_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=timezone.get_default_timezone())


def submitted(unit, day: str, *, accepted: bool = False) -> Article:
    item = ArticleFactory(units=[unit], status=S.ACCEPTED if accepted else S.SUBMITTED, submitted_at=at(day))
    ArticleTransition.objects.create(
        article=item, action=A.SUBMIT, from_status=S.DRAFT, to_status=S.SUBMITTED, created=at(day)
    )
    if accepted:
        ArticleTransition.objects.create(
            article=item, action=A.ACCEPT, from_status=S.SUBMITTED, to_status=S.ACCEPTED, created=at(day)
        )
    return item


def published(unit, issue: Issue) -> Article:
    item = submitted(unit, issue.issue_date.isoformat(), accepted=True)
    Article.objects.filter(pk=item.pk).update(
        status=S.PUBLISHED,
        issue=issue,
        section=Section.objects.get(name="工作动态"),
        published_at=issue.published_at,
    )
    return item


def issue_2025(number: int = 1) -> Issue:
    day = datetime.date(2025, 3, number)
    return IssueFactory(
        year=2025,
        number=number,
        issue_date=day,
        status=Issue.Status.PUBLISHED,
        published_at=at(day.isoformat()),
    )


@pytest.fixture
def activity(unit_a, unit_b):
    """unit_a (甲市总工会): 2 published; its town 甲镇: 1 submitted; unit_b: 1 accepted; 丙: silent."""
    town = UnitFactory(name="甲镇总工会", parent=unit_a, kind=Unit.Kind.TOWN)
    silent = UnitFactory(name="丙县总工会")
    issue = issue_2025()
    published(unit_a, issue)
    published(unit_a, issue)
    submitted(town, "2025-04-02")
    submitted(unit_b, "2025-05-06", accepted=True)
    return {"town": town, "silent": silent}


def url(name: str, **params) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


STATS_URLS = ["stats", "stats_csv", "stats_xlsx", "stats_notice", "stats_notice_pdf"]


# --- Who may see what -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STATS_URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, db, name):
    response = client.get(url(name, **RANGE_2025))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


@pytest.mark.parametrize("name", STATS_URLS)
def test_it_refuses_readers(client, reader, name):
    client.force_login(reader)
    assert client.get(url(name, **RANGE_2025)).status_code == 403


def test_it_refuses_a_correspondent_without_a_unit(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="lost", role="correspondent", is_staff=True))
    assert client.get(url("stats")).status_code == 403


@pytest.mark.parametrize("who", ["editor", "signer"])
def test_it_shows_the_office_every_unit(client, activity, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url("stats", **RANGE_2025))
    assert response.status_code == 200
    names = [line.unit.name for line in response.context["stats"].lines]
    assert {"甲市总工会", "乙区总工会", "甲镇总工会", "丙县总工会"} <= set(names)
    assert names[0] == "甲市总工会"
    page = response.content.decode()
    assert "丙县总工会" in page.split('id="stats-chart-heading"')[1]  # in the 零报送 list


def test_it_shows_a_correspondent_their_own_line_only(client, activity, correspondent_a):
    client.force_login(correspondent_a)
    response = client.get(url("stats", **RANGE_2025))
    assert response.status_code == 200
    lines = response.context["stats"].lines
    assert [(line.unit.name, line.submitted, line.published) for line in lines] == [("甲市总工会", 2, 2)]
    page = response.content.decode()
    assert "乙区总工会" not in page
    assert "丙县总工会" not in page


def test_it_rolls_a_correspondents_town_into_their_line(client, activity, correspondent_a):
    client.force_login(correspondent_a)
    response = client.get(url("stats", rollup="1", **RANGE_2025))
    lines = response.context["stats"].lines
    assert [(line.unit.name, line.submitted) for line in lines] == [("甲市总工会", 3)]


def test_it_gives_a_correspondent_only_their_line_in_the_csv(client, activity, correspondent_b):
    client.force_login(correspondent_b)
    rows = list(
        csv.reader(io.StringIO(client.get(url("stats_csv", **RANGE_2025)).content.decode("utf-8-sig")))
    )
    assert [row[0] for row in rows[1:]] == ["乙区总工会"]


# --- Ranges and bad input ---------------------------------------------------------------------------


def test_it_defaults_to_this_month(client, editor):
    client.force_login(editor)
    response = client.get(url("stats"))
    today = timezone.localdate()
    assert response.status_code == 200
    assert response.context["stats"].date_range.first == today.replace(day=1)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2025-02-01", "to": "2025-01-01"}, "开始日期（2025-02-01）晚于结束日期（2025-01-01）"),
        ({"from": "2025-13-01", "to": "2025-12-31"}, "请按 YYYY-MM-DD 格式填写日期"),
        ({"from": "1/1/2025", "to": "2025-12-31"}, "请按 YYYY-MM-DD 格式填写日期"),
        ({"from": "2010-01-01", "to": "2025-12-31"}, "时间范围最长为 10 年"),
        ({"from": "2025-01-01"}, "请填写起止日期"),
        ({"preset": "decade"}, "请从列出的时间范围中选择"),
    ],
)
def test_it_explains_bad_ranges_on_the_page(client, editor, params, message):
    client.force_login(editor)
    response = client.get(url("stats", **params))
    assert response.status_code == 400
    assert response.context["stats"] is None
    assert message in response.content.decode()


@pytest.mark.parametrize("name", ["stats_csv", "stats_xlsx", "stats_notice_pdf"])
def test_it_answers_400_with_the_reason_for_a_bad_download(client, editor, name):
    client.force_login(editor)
    response = client.get(url(name, **{"from": "2025-02-01", "to": "2025-01-01"}))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "开始日期（2025-02-01）晚于结束日期（2025-01-01）" in response.content.decode()


def test_it_explains_a_bad_range_on_the_notice(client, editor):
    client.force_login(editor)
    response = client.get(url("stats_notice", **{"from": "2025-01-01", "to": "2040-01-01"}))
    assert response.status_code == 400
    assert "时间范围最长为 10 年" in response.content.decode()


def test_it_keeps_the_range_in_the_download_links(client, editor, activity):
    client.force_login(editor)
    page = client.get(url("stats", preset="year")).content.decode()
    year = timezone.localdate().year
    assert f"/stats.csv?from={year}-01-01&amp;to={year}-12-31" in page


# --- Downloads ----------------------------------------------------------------------------------------


def test_it_writes_the_csv_as_utf8_with_a_bom_and_integer_counts(client, editor, activity):
    client.force_login(editor)
    response = client.get(url("stats_csv", **RANGE_2025))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stats_2025-01-01_2025-12-31.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["单位", "报送", "退回", "不予采用", "采用", "刊用"]
    by_unit = {row[0]: row for row in rows[1:]}
    assert by_unit["甲市总工会"][1:6] == ["2", "0", "0", "2", "2"]
    assert by_unit["乙区总工会"][1:6] == ["1", "0", "0", "1", "0"]
    assert by_unit["甲镇总工会"][1:6] == ["1", "0", "0", "0", "0"]
    assert len(rows) - 1 == len({row[0] for row in rows[1:]})  # one row per unit


def test_it_writes_the_rolled_up_csv(client, editor, activity):
    client.force_login(editor)
    response = client.get(url("stats_csv", rollup="1", **RANGE_2025))
    by_unit = {row[0]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert by_unit["甲市总工会"][1] == "3"
    assert "甲镇总工会" not in by_unit


def test_it_writes_an_excel_file(client, editor, activity):
    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(url("stats_xlsx", **RANGE_2025))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("单位", "报送", "退回", "不予采用", "采用", "刊用")
    by_unit = {row[0]: row for row in rows[2:]}
    assert by_unit["甲市总工会"][1:6] == (2, 0, 0, 2, 2)
    assert by_unit["丙县总工会"][-2] is None  # no adoption rate without submissions


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
    from bulletin.exporters.pdf import cjk_font_available

    if not cjk_font_available():
        pytest.skip("no CJK font installed")
    client.force_login(editor)
    response = client.get(url("stats_notice_pdf", **RANGE_2025))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


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
def test_it_makes_as_many_queries_for_40_units_as_for_4(client, editor, name, rollup):
    client.force_login(editor)
    issue = issue_2025()
    many_units(2, issue)
    client.get(url(name, **RANGE_2025))  # warm the session and the permission caches
    few = queries_for(client, name, rollup=rollup, **RANGE_2025)
    many_units_more = 20
    for index in range(many_units_more):
        unit = UnitFactory(name=f"追加{index}区总工会")
        published(unit, issue)
    assert queries_for(client, name, rollup=rollup, **RANGE_2025) == few


def test_it_keeps_the_page_within_its_query_budget(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    many_units(30, issue_2025())
    with django_assert_max_num_queries(12):
        response = client.get(url("stats", **RANGE_2025))
    assert len(response.context["stats"].lines) >= 60
