"""The issue add page of the back office gives a new issue its publication's default footer lines and
counts 共印N份 when it is left empty."""

import pytest
from django.urls import reverse

from bulletin.models import Issue, Publication
from distribution.models import IssueLine
from tests.factories import RecipientFactory, RecipientGroupFactory, UserFactory


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def issue_form(publication, **extra):
    data = {
        "publication": publication.pk,
        "year": 2026,
        "number": 12,
        "total_number": "",
        "issue_date": "2026-12-01",
        "visibility": "public",
        "copies": "",
        "distribution_lines-TOTAL_FORMS": "0",
        "distribution_lines-INITIAL_FORMS": "0",
        "distribution_lines-MIN_NUM_FORMS": "0",
        "distribution_lines-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_it_applies_the_default_groups_and_counts_the_copies(superuser_client):
    publication = Publication.objects.default()
    leaders = RecipientGroupFactory(name="市四套班子有关领导", kind="distribute")
    province = RecipientGroupFactory(name="省总工会", kind="report")
    for group in (leaders, province):
        group.default_for.add(publication)
        RecipientFactory(group=group)
    RecipientFactory(group=leaders)

    response = superuser_client.post(reverse("admin:bulletin_issue_add"), issue_form(publication))

    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get(year=2026, number=12)
    texts = {line.kind: line.display_text for line in IssueLine.objects.filter(issue=issue)}
    assert texts == {"distribute": "市四套班子有关领导", "report": "省总工会"}
    assert issue.copies == 3


def test_a_line_typed_on_the_add_page_wins_over_the_default(superuser_client):
    publication = Publication.objects.default()
    RecipientGroupFactory(name="市四套班子有关领导", kind="distribute").default_for.add(publication)
    data = issue_form(
        publication,
        copies="200",
        **{
            "distribution_lines-TOTAL_FORMS": "1",
            "distribution_lines-0-kind": "distribute",
            "distribution_lines-0-text": "市委、市政府领导",
        },
    )

    response = superuser_client.post(reverse("admin:bulletin_issue_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get(year=2026, number=12)
    assert [line.display_text for line in IssueLine.objects.filter(issue=issue)] == ["市委、市政府领导"]
    assert issue.copies == 200
