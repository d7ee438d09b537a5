"""An imported footer line keeps its label as printed (报：, 发:) and the issue its copies line
(（共印80份））; an editor setting the line, or the copies being filled in, clears them, and the
usual label and order come back."""

import pytest

from bulletin.selectors import issue_contents
from distribution.models import IssueLine
from distribution.services import DistributionError, issue_fill_copies, issue_line_set
from tests.factories import IssueFactory, RecipientFactory, RecipientGroupFactory


@pytest.fixture
def issue(db):
    issue = IssueFactory(copies=None)
    # Imported in the printed order 报, 送, 发.
    IssueLine.objects.create(issue=issue, kind="report", text="省总工会", printed_label="报：")
    IssueLine.objects.create(issue=issue, kind="copy", text="市总各部室", printed_label="送：")
    IssueLine.objects.create(issue=issue, kind="distribute", text="各区总工会", printed_label="发:")
    return issue


def footer(issue):
    return [
        (line.label, line.text) for line in issue_contents(issue, articles=issue.articles.all()).footer_lines
    ]


def test_an_imported_footer_is_printed_with_its_labels_in_its_order(issue):
    assert footer(issue) == [("报：", "省总工会"), ("送：", "市总各部室"), ("发:", "各区总工会")]


def test_setting_a_line_clears_its_printed_label_and_the_usual_order_comes_back(issue, editor):
    issue_line_set(issue=issue, actor=editor, kind="copy", text="市总各部室、各产业工会")
    assert IssueLine.objects.get(kind="copy").printed_label == ""
    assert IssueLine.objects.get(kind="report").printed_label == "报："
    assert footer(issue) == [
        ("报：", "省总工会"),
        ("发:", "各区总工会"),
        ("抄送：", "市总各部室、各产业工会"),
    ]


def test_setting_a_line_from_groups_clears_its_printed_label(issue, editor):
    group = RecipientGroupFactory(name="市四套班子有关领导")
    issue_line_set(issue=issue, actor=editor, kind="distribute", groups=[group])
    line = IssueLine.objects.get(kind="distribute")
    assert (line.text, line.printed_label) == ("", "")


def test_a_refused_change_keeps_the_printed_label(issue, reader):
    with pytest.raises(DistributionError) as error:
        issue_line_set(issue=issue, actor=reader, kind="report", text="市委办公室")
    assert error.value.messages == ["只有编辑部可以向接收人发送简报。"]
    assert IssueLine.objects.get(kind="report").text == "省总工会"
    assert IssueLine.objects.get(kind="report").printed_label == "报："


def test_filling_in_the_copies_clears_a_printed_copies_line(db):
    issue = IssueFactory(copies=None, printed_copies="（共印八十份）")
    group = RecipientGroupFactory(name="省总工会", kind="report")
    RecipientFactory(group=group, email="a@example.org")
    IssueLine.objects.create(issue=issue, kind="report").groups.set([group])
    assert issue_fill_copies(issue=issue) == 1
    issue.refresh_from_db()
    assert (issue.copies, issue.printed_copies) == (1, "")
