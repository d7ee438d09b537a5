"""Adoption statistics downloads: CSV (UTF-8 with a byte-order mark) and Excel, one row per unit."""

import csv
import io

import pytest

from tests.desk.test_stats_support import RANGE_2025, make_activity, url


@pytest.fixture
def activity(unit_a, unit_b):
    return make_activity(unit_a, unit_b)


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


def test_it_keeps_a_unit_name_from_running_as_a_spreadsheet_formula(client, editor, db):
    from openpyxl import load_workbook

    from tests.factories import UnitFactory

    UnitFactory(name="=HYPERLINK(1)工会")
    client.force_login(editor)
    rows = csv.reader(io.StringIO(client.get(url("stats_csv", **RANGE_2025)).content.decode("utf-8-sig")))
    assert "'=HYPERLINK(1)工会" in [row[0] for row in rows]
    sheet = load_workbook(io.BytesIO(client.get(url("stats_xlsx", **RANGE_2025)).content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(1)工会" in names
