"""Adoption statistics: the range presets and custom dates, and what bad input shows."""

import pytest
from django.utils import timezone

from tests.desk.test_stats_support import make_activity, url


@pytest.fixture
def activity(unit_a, unit_b):
    return make_activity(unit_a, unit_b)


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
