"""The footer lines of an issue (本期报送 / 本期印发 / 抄送) come from recipient groups, in order, joined
with 、; a hand-typed text wins; new issues get their publication's default groups; 共印N份 left empty
is the number of distinct people."""

import pytest

from bulletin.models import Issue, Publication
from bulletin.selectors import issue_contents
from distribution.models import IssueLine
from distribution.selectors import issue_copies_default
from distribution.services import issue_fill_copies, issue_lines_apply_defaults
from tests.factories import IssueFactory, RecipientFactory, RecipientGroupFactory, UserFactory

from .conftest import distribute


@pytest.fixture
def publication(db):
    return Publication.objects.default()


def test_it_joins_the_groups_in_their_order_with_the_chinese_comma(db):
    issue = IssueFactory()
    second = RecipientGroupFactory(name="各市（县）、区、局（公司）工会", position=20)
    first = RecipientGroupFactory(name="市四套班子有关领导", position=10)
    third = RecipientGroupFactory(name="市各有关部门", position=30)
    line = distribute(issue, third, first, second)
    assert line.display_text == "市四套班子有关领导、各市（县）、区、局（公司）工会、市各有关部门"


def test_it_prints_the_hand_typed_text_instead_of_the_groups(db):
    issue = IssueFactory()
    line = distribute(issue, RecipientGroupFactory(name="市各有关部门"))
    line.text = "  市委、市政府领导  "
    line.save()
    assert line.display_text == "市委、市政府领导"


def test_the_reader_footer_shows_the_generated_lines_in_printed_order(db):
    issue = IssueFactory(published=True)
    distribute(issue, RecipientGroupFactory(name="市总各部室", kind="copy"), kind="copy")
    distribute(issue, RecipientGroupFactory(name="省总工会", kind="report"), kind="report")
    distribute(issue, RecipientGroupFactory(name="市四套班子有关领导"))
    lines = [(line.kind, line.text) for line in issue_contents(issue).footer_lines]
    assert lines == [("report", "省总工会"), ("distribute", "市四套班子有关领导"), ("copy", "市总各部室")]


def test_it_gives_a_new_issue_the_default_groups_of_its_publication(publication):
    other = Publication.objects.create(title="女工简报", slug="nvgong")
    report = RecipientGroupFactory(name="省总工会", kind="report", position=1)
    unions = RecipientGroupFactory(name="各市（县）、区工会", kind="distribute", position=20)
    leaders = RecipientGroupFactory(name="市四套班子有关领导", kind="distribute", position=10)
    copy = RecipientGroupFactory(name="市总各部室", kind="copy")
    retired = RecipientGroupFactory(name="已撤销的对象", kind="distribute", active=False)
    elsewhere = RecipientGroupFactory(name="女职工委员会", kind="distribute")
    for group in (report, unions, leaders, copy, retired):
        group.default_for.add(publication)
    elsewhere.default_for.add(other)
    issue = IssueFactory(publication=publication)

    created = issue_lines_apply_defaults(issue=issue)

    assert len(created) == 3
    texts = {line.kind: line.display_text for line in IssueLine.objects.filter(issue=issue)}
    assert texts == {
        "report": "省总工会",
        "distribute": "市四套班子有关领导、各市（县）、区工会",
        "copy": "市总各部室",
    }


def test_it_leaves_lines_already_there_alone(publication):
    RecipientGroupFactory(name="市四套班子有关领导").default_for.add(publication)
    RecipientGroupFactory(name="省总工会", kind="report").default_for.add(publication)
    issue = IssueFactory(publication=publication)
    mine = distribute(issue, RecipientGroupFactory(name="市人社局"))

    issue_lines_apply_defaults(issue=issue)
    issue_lines_apply_defaults(issue=issue)

    mine.refresh_from_db()
    assert mine.display_text == "市人社局"
    assert sorted(IssueLine.objects.filter(issue=issue).values_list("kind", flat=True)) == [
        "distribute",
        "report",
    ]


def test_empty_copies_become_the_number_of_distinct_people(db):
    issue = IssueFactory(copies=None)
    shared = UserFactory(username="lin", email="lin@example.org")
    leaders = RecipientGroupFactory(name="市有关领导")
    unions = RecipientGroupFactory(name="各区工会")
    RecipientFactory(group=leaders, user=shared, email="")
    RecipientFactory(group=leaders, email="wang@example.org")
    RecipientFactory(group=unions, user=shared, email="")
    RecipientFactory(group=unions, email="WANG@example.org")
    RecipientFactory(group=unions, email="office@example.org")
    RecipientFactory(group=unions, email="gone@example.org", active=False)
    distribute(issue, leaders, unions)

    assert issue_copies_default(issue) == 3
    assert issue_fill_copies(issue=issue) == 3
    assert Issue.objects.get(pk=issue.pk).copies == 3


def test_copies_typed_in_are_kept(db):
    issue = IssueFactory(copies=120)
    group = RecipientGroupFactory()
    RecipientFactory(group=group)
    distribute(issue, group)
    assert issue_fill_copies(issue=issue) == 120
    assert Issue.objects.get(pk=issue.pk).copies == 120
