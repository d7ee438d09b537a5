"""An imported issue keeps its masthead and copies line as printed (Issue.printed_masthead,
Issue.printed_copies); once an editor changes what they show through issue_update_masthead, the
printed form is cleared so that nothing stale is printed. A change that leaves them as they were
keeps them."""

import datetime

import pytest

from articles.services import WorkflowError
from bulletin.models import Issue
from bulletin.services import issue_update_masthead
from tests.factories import IssueFactory

PRINTED = [
    "内部资料",
    "工会工作简报",
    "2016年第7期（总第87期）",
    "苏州市总工会办公室编印　　二〇一六年五月二十日",
]


@pytest.fixture
def imported(db):
    return IssueFactory(
        year=2016,
        number=7,
        total_number=87,
        issue_date=datetime.date(2016, 5, 20),
        visibility="internal",
        copies=80,
        printed_masthead=PRINTED,
        printed_copies="（共印八十份）",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"number": 8},
        {"total_number": 88},
        {"total_number": None},
        {"issue_date": datetime.date(2016, 5, 21)},
        {"visibility": "public"},
    ],
)
def test_changing_what_the_masthead_shows_clears_the_printed_masthead(imported, editor, change):
    issue_update_masthead(issue=imported, actor=editor, data=change)
    imported.refresh_from_db()
    assert imported.printed_masthead == []
    assert imported.printed_copies == "（共印八十份）"


def test_changing_the_copies_clears_the_printed_copies_line_only(imported, editor):
    issue_update_masthead(issue=imported, actor=editor, data={"copies": 90})
    imported.refresh_from_db()
    assert (imported.copies, imported.printed_copies, imported.printed_masthead) == (90, "", PRINTED)


def test_saving_the_masthead_unchanged_keeps_the_printed_forms(imported, editor):
    issue_update_masthead(
        issue=imported,
        actor=editor,
        data={
            "number": 7,
            "total_number": 87,
            "issue_date": datetime.date(2016, 5, 20),
            "copies": 80,
            "visibility": "internal",
        },
    )
    imported.refresh_from_db()
    assert (imported.printed_masthead, imported.printed_copies) == (PRINTED, "（共印八十份）")


def test_a_refused_change_keeps_the_printed_forms(imported, editor):
    IssueFactory(year=2016, number=8, issue_date=datetime.date(2016, 6, 1))
    with pytest.raises(WorkflowError):
        issue_update_masthead(issue=imported, actor=editor, data={"number": 8, "copies": 90})
    imported = Issue.objects.get(pk=imported.pk)
    assert (imported.number, imported.printed_masthead, imported.printed_copies) == (
        7,
        PRINTED,
        "（共印八十份）",
    )


def test_the_printed_masthead_is_printed_only_around_the_publication_title(imported):
    assert imported.printed_masthead_parts() == (PRINTED[:1], "工会工作简报", PRINTED[2:])
    imported.printed_masthead = ["内部资料", "女职工工作简报", "第7期"]
    assert imported.printed_masthead_parts() is None
    imported.printed_masthead = []
    assert imported.printed_masthead_parts() is None
