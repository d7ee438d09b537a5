"""Footer lines and their recipient groups are listed in print order (报送, 印发, 抄送) everywhere, not in
the alphabetical order of their codes (copy, distribute, report)."""

import pytest
from django.urls import reverse

from distribution.models import IssueLine, RecipientGroup
from tests.factories import IssueFactory, IssueLineFactory, RecipientGroupFactory, UserFactory

PRINTED = ["报送组", "印发组", "抄送组"]


@pytest.fixture
def issue_with_lines(db):
    """Lines made in the wrong order on purpose: neither the codes nor the ids give print order."""
    issue = IssueFactory()
    for kind, name in [("copy", "抄送组"), ("distribute", "印发组"), ("report", "报送组")]:
        group = RecipientGroupFactory(name=name, kind=kind, position=10)
        IssueLineFactory(issue=issue, kind=kind).groups.set([group])
    return issue


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def in_page_order(html: str) -> list[str]:
    return sorted(PRINTED, key=html.index)


def test_it_orders_lines_and_groups_as_printed(issue_with_lines):
    assert [line.kind for line in IssueLine.objects.filter(issue=issue_with_lines)] == [
        "report",
        "distribute",
        "copy",
    ]
    assert [group.name for group in RecipientGroup.objects.all()] == PRINTED


def test_it_lists_the_issue_page_inline_in_print_order(superuser_client, issue_with_lines):
    response = superuser_client.get(reverse("admin:bulletin_issue_change", args=[issue_with_lines.pk]))
    assert in_page_order(response.content.decode()) == PRINTED


def test_it_lists_the_footer_line_changelist_in_print_order(superuser_client, issue_with_lines):
    response = superuser_client.get(reverse("admin:distribution_issueline_changelist"))
    assert in_page_order(response.content.decode()) == PRINTED


def test_it_lists_the_recipient_group_changelist_in_print_order(superuser_client, issue_with_lines):
    response = superuser_client.get(reverse("admin:distribution_recipientgroup_changelist"))
    assert in_page_order(response.content.decode()) == PRINTED
