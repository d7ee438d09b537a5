"""Bad input in the admin gives a Chinese form error, never an IntegrityError page."""

import pytest
from django.urls import reverse

from bulletin.models import Issue, Publication, Section
from contributors.models import Unit
from tests.factories import IssueFactory, UnitFactory, UserFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_a_duplicate_unit_name_is_a_form_error(superuser_client):
    UnitFactory(name="常熟市总工会")
    response = superuser_client.post(
        reverse("admin:contributors_unit_add"),
        {
            "name": "常熟市总工会",
            "kind": "federation",
            "position": 0,
            "active": "on",
            "staff-TOTAL_FORMS": 0,
            "staff-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "已有同名单位。" in response.content.decode()
    assert Unit.objects.filter(name="常熟市总工会").count() == 1


def test_a_taken_issue_number_is_a_form_error(superuser_client):
    IssueFactory(year=2026, number=7)
    response = superuser_client.post(
        reverse("admin:bulletin_issue_add"),
        {
            "publication": Publication.objects.default().pk,
            "year": 2026,
            "number": 7,
            "issue_date": "2026-07-01",
            "visibility": "public",
            "distribution_lines-TOTAL_FORMS": 0,
            "distribution_lines-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "该年度已有此期号。" in response.content.decode()
    assert Issue.objects.filter(year=2026, number=7).count() == 1


def test_a_section_without_a_name_is_a_form_error(superuser_client):
    before = Section.objects.count()
    response = superuser_client.post(
        reverse("admin:bulletin_section_add"),
        {"name": "", "slug": "nameless", "position": 50, "layout": "standard"},
    )
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode()
    assert Section.objects.count() == before


def test_the_issue_status_cannot_be_set_from_the_admin_form(superuser_client):
    issue = IssueFactory(year=2026, number=8)
    superuser_client.post(
        reverse("admin:bulletin_issue_change", args=[issue.pk]),
        {
            "publication": issue.publication_id,
            "year": 2026,
            "number": 8,
            "issue_date": "2026-08-01",
            "visibility": "public",
            "status": "published",
            "distribution_lines-TOTAL_FORMS": 0,
            "distribution_lines-INITIAL_FORMS": 0,
        },
    )
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFTING
