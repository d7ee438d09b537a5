"""The points on the statistics page, the notice (HTML and PDF) and the points downloads; the query
budget with 60 units earning points."""

import csv
import io
import shutil
import subprocess
from decimal import Decimal

import pytest

from infowork.models import Correspondent
from tests.desk.test_stats_support import url
from tests.factories import StaffFactory, UnitFactory
from tests.infowork.points_helpers import adopted, instructed, published, rate

pytestmark = pytest.mark.django_db

RANGE = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture
def earned(unit_a, unit_b):
    """甲: the shared article, a brief, the shared article's provincial adoption (5 + 3 + 15 = 23);
    乙: the shared article and its adoption, its own article with a central instruction
    (5 + 15 + 5 + 30 = 55); 丙: nothing. Only 甲 has a correspondent."""
    for position, unit in enumerate((unit_a, unit_b), start=1):
        unit.position = position
        unit.save()
    shared = published([unit_a, unit_b], "2025-03-03")
    published([unit_a], "2025-03-04", section="工作简讯")
    adopted(shared, "province", "2025-04-01")
    own = published([unit_b], "2025-05-05")
    instructed(own, "central", "2025-05-06")
    UnitFactory(name="丙县总工会", position=3)
    Correspondent.objects.create(staff=StaffFactory(unit=unit_a))
    rate(2025, "10")


def test_the_page_shows_points_ranks_breakdown_pay_and_units_without_correspondent(client, editor, earned):
    client.force_login(editor)
    response = client.get(url("stats", **RANGE))
    assert response.status_code == 200
    rows = response.context["points"]
    assert [(row.unit.name, row.points, row.rank, row.pay) for row in rows] == [
        ("乙区总工会", 55, 1, Decimal("550.00")),
        ("甲市总工会", 23, 2, Decimal("230.00")),
    ]
    assert [unit.name for unit in response.context["no_correspondent"]] == ["乙区总工会", "丙县总工会"]
    page = response.content.decode()
    points = page.split('id="points"')[1]
    assert "积分与稿费" in page
    assert "550.00" in points and "230.00" in points
    assert "未设信息员的单位" in points
    assert "/stats/points.csv?" in points and "/stats/points.xlsx?" in points


def test_without_a_rate_the_page_says_so_and_shows_no_pay(client, editor, unit_a):
    published([unit_a], "2025-03-03")
    client.force_login(editor)
    page = client.get(url("stats", **RANGE)).content.decode()
    assert "2025年尚未设定每分稿费，该年度所得积分暂不显示稿费。" in page
    assert "未设定" in page.split('id="points"')[1]


def test_a_correspondent_sees_only_their_units_points_with_the_shared_rank(client, correspondent_b, earned):
    client.force_login(correspondent_b)
    response = client.get(url("stats", **RANGE))
    assert [(row.unit.name, row.rank) for row in response.context["points"]] == [("乙区总工会", 1)]
    assert [unit.name for unit in response.context["no_correspondent"]] == ["乙区总工会"]
    rows = list(
        csv.reader(io.StringIO(client.get(url("stats_points_csv", **RANGE)).content.decode("utf-8-sig")))
    )
    assert [row[1] for row in rows[1:]] == ["乙区总工会"]


@pytest.mark.parametrize("name", ["stats_points_csv", "stats_points_xlsx"])
def test_the_downloads_need_the_back_office(client, reader, name, earned):
    assert client.get(url(name, **RANGE)).status_code == 302
    client.force_login(reader)
    assert client.get(url(name, **RANGE)).status_code == 403


def test_the_csv_gives_the_points_table(client, editor, earned):
    client.force_login(editor)
    response = client.get(url("stats_points_csv", **RANGE))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="points_2025-01-01_2025-12-31.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "排名",
        "单位",
        "积分",
        "刊用文章",
        "刊用简讯",
        "上级采用：市委、市政府",
        "上级采用：省级",
        "上级采用：全国",
        "上级采用：中央、国务院办公厅",
        "领导批示：市委、市政府",
        "领导批示：省级",
        "领导批示：全国",
        "领导批示：中央、国务院办公厅",
        "稿费（元）",
    ]
    assert rows[1:] == [
        ["1", "乙区总工会", "55", "2", "0", "0", "1", "0", "0", "0", "0", "0", "1", "550.00"],
        ["2", "甲市总工会", "23", "1", "1", "0", "1", "0", "0", "0", "0", "0", "0", "230.00"],
    ]


def test_the_excel_file_gives_the_points_table_as_numbers(client, editor, earned):
    from openpyxl import load_workbook

    client.force_login(editor)
    response = client.get(url("stats_points_xlsx", **RANGE))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2025年1月1日至2025年12月31日"
    assert rows[1][:3] == ("排名", "单位", "积分")
    assert rows[2] == (1, "乙区总工会", 55, 2, 0, 0, 1, 0, 0, 0, 0, 0, 1, 550)
    assert rows[3][:3] == (2, "甲市总工会", 23) and rows[3][-1] == 230


def test_a_bad_range_is_a_400_for_the_downloads(client, editor):
    client.force_login(editor)
    response = client.get(url("stats_points_csv", **{"from": "2025-12-31", "to": "2025-01-01"}))
    assert response.status_code == 400
    assert "晚于" in response.content.decode() or "对调" in response.content.decode()


def test_the_notice_includes_the_points_and_the_units_without_correspondent(client, editor, earned):
    client.force_login(editor)
    page = client.get(url("stats_notice", **RANGE)).content.decode()
    third = page.split("三、积分与稿费")[1].split("四、未设信息员的单位")
    assert third[0].index("乙区总工会") < third[0].index("甲市总工会")
    assert "550.00" in third[0]
    assert "乙区总工会、丙县总工会" in third[1]


def test_the_notice_as_pdf_reads_back_with_the_points(client, editor, earned):
    from formats.exporters.pdf import cjk_font_available

    if not cjk_font_available() or not shutil.which("pdftotext"):
        pytest.skip("no CJK font or no pdftotext")
    client.force_login(editor)
    response = client.get(url("stats_notice_pdf", **RANGE))
    assert response.status_code == 200
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    text = text.stdout.decode()
    assert "三、积分与稿费" in text and "四、未设信息员的单位" in text
    points = text.split("三、积分与稿费")[1]
    assert "550.00" in points and "230.00" in points
    assert "丙县总工会" in text.split("四、未设信息员的单位")[1]


def test_the_page_stays_within_twelve_queries_with_60_units_earning_points(
    client, editor, django_assert_max_num_queries
):
    rate(2025, "12")
    for index in range(60):
        unit = UnitFactory(name=f"积分{index}区总工会", position=index)
        article = published([unit], "2025-06-01", section="工作简讯" if index % 2 else "工作动态")
        adopted(article, ("city", "province", "national", "central")[index % 4], "2025-06-02")
        instructed(article, ("city", "province")[index % 2], "2025-06-03")
        if index % 3:
            Correspondent.objects.create(staff=StaffFactory(unit=unit))
    client.force_login(editor)
    client.get(url("stats", **RANGE))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(url("stats", **RANGE))
    assert len(response.context["points"]) == 60
    assert len(response.context["no_correspondent"]) == 20
    with django_assert_max_num_queries(12):
        response = client.get(url("stats", rollup="1", **RANGE))
    assert len(response.context["points"]) == 60
