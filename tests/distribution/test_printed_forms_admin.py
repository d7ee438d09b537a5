"""The back office's issue page, like the services, clears an imported issue's printed forms when what
they show is changed: the masthead (number, date, …), the copies line, a footer line's label."""

import datetime

import pytest
from django.urls import reverse

from bulletin.models import Issue
from distribution.models import IssueLine
from tests.factories import IssueFactory, UserFactory

PRINTED = ["工会工作简报", "2016年第7期", "苏州市总工会办公室编印　　二〇一六年五月二十日"]


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def imported(db):
    issue = IssueFactory(
        year=2016,
        number=7,
        issue_date=datetime.date(2016, 5, 20),
        copies=80,
        printed_masthead=PRINTED,
        printed_copies="（共印八十份）",
    )
    IssueLine.objects.create(issue=issue, kind="report", text="省总工会", printed_label="报：")
    IssueLine.objects.create(issue=issue, kind="distribute", text="各区总工会", printed_label="发：")
    return issue


def change_form(issue, **extra):
    lines = list(IssueLine.objects.filter(issue=issue).order_by("pk"))
    data = {
        "publication": issue.publication_id,
        "year": 2016,
        "number": 7,
        "total_number": "",
        "issue_date": "2016-05-20",
        "visibility": "public",
        "copies": "80",
        "distribution_lines-TOTAL_FORMS": str(len(lines)),
        "distribution_lines-INITIAL_FORMS": str(len(lines)),
        "distribution_lines-MIN_NUM_FORMS": "0",
        "distribution_lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        data |= {
            f"distribution_lines-{index}-id": line.pk,
            f"distribution_lines-{index}-issue": issue.pk,
            f"distribution_lines-{index}-kind": line.kind,
            f"distribution_lines-{index}-text": line.text,
        }
    data.update(extra)
    return data


def save(client, issue, **extra):
    response = client.post(
        reverse("admin:bulletin_issue_change", args=[issue.pk]), change_form(issue, **extra)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Issue.objects.get(pk=issue.pk)


def test_saving_unchanged_keeps_every_printed_form(superuser_client, imported):
    issue = save(superuser_client, imported)
    assert (issue.printed_masthead, issue.printed_copies) == (PRINTED, "（共印八十份）")
    assert list(IssueLine.objects.order_by("pk").values_list("printed_label", flat=True)) == ["报：", "发："]


def test_a_new_number_clears_the_printed_masthead(superuser_client, imported):
    issue = save(superuser_client, imported, number="8")
    assert (issue.number, issue.printed_masthead, issue.printed_copies) == (8, [], "（共印八十份）")


def test_new_copies_clear_the_printed_copies_line(superuser_client, imported):
    issue = save(superuser_client, imported, copies="90")
    assert (issue.copies, issue.printed_copies, issue.printed_masthead) == (90, "", PRINTED)


def test_a_changed_line_loses_its_printed_label(superuser_client, imported):
    save(superuser_client, imported, **{"distribution_lines-1-text": "各区总工会、各产业工会"})
    assert list(IssueLine.objects.order_by("pk").values_list("text", "printed_label")) == [
        ("省总工会", "报："),
        ("各区总工会、各产业工会", ""),
    ]
