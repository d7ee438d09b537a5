"""Footer lines are kept exactly; recipient groups that exist are linked; 共印N份 gives the copies."""

import json

import pytest

from bulletin.models import Issue
from distribution.models import IssueLine, RecipientGroup
from formats.importer.loader import match_groups
from tests.factories import RecipientGroupFactory
from tests.formats.bulletins import bulletin, run_import

FULL = bulletin("full-masthead.txt")


@pytest.fixture
def groups(db):
    return {
        name: RecipientGroupFactory(name=name, kind=kind)
        for name, kind in [
            ("省总工会", "report"),
            ("市四套班子有关领导", "distribute"),
            ("各市（县）、区、局（公司）工会", "distribute"),
            ("市各有关部门", "distribute"),
            ("市总各部室", "copy"),
        ]
    }


@pytest.fixture
def lines(groups):
    run_import(FULL)
    return {line.kind: line for line in IssueLine.objects.filter(issue=Issue.objects.get())}


def test_it_reads_report_distribute_and_copy_lines_and_the_copies(db):
    out, _ = run_import(FULL, "--dry-run", "--format", "json")
    parsed = json.loads(out)
    assert parsed["distribution"] == {
        "报送": "省总工会、市委办公室",
        "印发": "市四套班子有关领导、各市（县）、区、局（公司）工会、市各有关部门",
        "抄送": "市总各部室",
    }
    assert parsed["copies"] == 150


def test_it_keeps_each_footer_line_exactly(lines):
    assert {kind: line.text for kind, line in lines.items()} == {
        "report": "省总工会、市委办公室",
        "distribute": "市四套班子有关领导、各市（县）、区、局（公司）工会、市各有关部门",
        "copy": "市总各部室",
    }


def test_it_links_the_recipient_groups_that_exist(lines):
    assert {kind: set(line.groups.values_list("name", flat=True)) for kind, line in lines.items()} == {
        "report": {"省总工会"},
        "distribute": {"市四套班子有关领导", "各市（县）、区、局（公司）工会", "市各有关部门"},
        "copy": {"市总各部室"},
    }


def test_it_stores_the_copies_printed(lines):
    assert Issue.objects.get().copies == 150


def test_it_never_matches_a_group_inside_another_name(db):
    groups = [
        RecipientGroup(name="区"),
        RecipientGroup(name="各市（县）、区、局（公司）工会"),
        RecipientGroup(name="工会"),
    ]
    assert [group.name for group in match_groups(text="各市（县）、区、局（公司）工会", groups=groups)] == [
        "各市（县）、区、局（公司）工会"
    ]


def test_it_leaves_json_keys_empty_when_the_text_has_no_footer(db, tmp_path):
    path = tmp_path / "bare.txt"
    path.write_text("【工作动态】\n\n一篇标题\n\n一段正文。（综合来稿）\n", encoding="utf-8")
    out, _ = run_import(path, "--dry-run", "--format", "json", "--number", "1", "--date", "2020-01-02")
    parsed = json.loads(out)
    assert (parsed["masthead"], parsed["distribution"], parsed["copies"]) == (
        None,
        {"报送": None, "印发": None, "抄送": None},
        None,
    )
