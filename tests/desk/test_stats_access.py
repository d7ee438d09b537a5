"""Adoption statistics: anonymous visitors log in, readers are refused, correspondents see their own
unit's line, the office sees every unit."""

import csv
import io

import pytest
from django.urls import reverse

from tests.desk.test_stats_support import RANGE_2025, STATS_URLS, make_activity, url


@pytest.fixture
def activity(unit_a, unit_b):
    return make_activity(unit_a, unit_b)


# --- Who may see what -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STATS_URLS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, db, name):
    response = client.get(url(name, **RANGE_2025))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


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


def test_the_figures_are_never_kept_by_a_shared_cache(client, editor):
    client.force_login(editor)
    for name in ("stats", "stats_csv", "stats_notice"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "private" in cache_control and "max-age=0" in cache_control, name
