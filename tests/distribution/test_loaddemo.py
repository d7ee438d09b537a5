from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from articles.models import Article
from bulletin.models import Issue
from contributors.models import Unit, UnitFormerName
from distribution.models import IssueLine, Recipient, RecipientGroup

DEMO_LOGINS = ["editor", "signer", "reader", "zhangjiagang", "taicang"]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [Unit, Issue, Article, RecipientGroup, Recipient, IssueLine]
    }


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_it_loads_a_filled_system(db, debug_on):
    call_command("loaddemo", stdout=StringIO())
    issue = Issue.objects.get()
    assert issue.is_published
    articles = issue.articles.select_related("section")
    assert articles.count() >= 8
    assert {a.section.name for a in articles} == {"工作动态", "创先争优", "立功竞赛", "工作简讯"}
    assert all(a.byline for a in articles)
    assert Unit.objects.filter(parent__isnull=False).exists()
    assert set(issue.distribution_lines.values_list("kind", flat=True)) == {"report", "distribute", "copy"}
    shared = articles.get(byline="市总生产部、女职工部")
    assert set(shared.units.values_list("name", flat=True)) == {"市总生产部", "市总女职工部"}


def test_one_demo_unit_has_a_former_name(db, debug_on):
    call_command("loaddemo", stdout=StringIO())
    former = UnitFormerName.objects.select_related("unit").get()
    assert (former.unit.name, former.name, former.until_year) == ("吴江区总工会", "吴江市总工会", 2012)


def test_it_is_idempotent(db, debug_on, capsys):
    call_command("loaddemo")
    first = counts()
    call_command("loaddemo")
    assert counts() == first
    assert UnitFormerName.objects.count() == 1
    assert "演示数据已存在，无需添加。" in capsys.readouterr().out


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_every_demo_account_logs_in_with_the_documented_password(db, debug_on, username):
    call_command("loaddemo", stdout=StringIO())
    assert authenticate(username=username, password="demo-pass-2026") is not None


def test_demo_accounts_have_their_roles_and_units(db, debug_on):
    call_command("loaddemo", stdout=StringIO())
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    assert users["zhangjiagang"].staff.unit.name == "张家港市总工会"
    assert users["taicang"].staff.unit.name == "太仓市总工会"
    assert [g.name for g in users["signer"].groups.all()] == ["signer"]
    assert not users["reader"].is_staff
    assert users["editor"].is_staff


def test_it_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as error:
        call_command("loaddemo")
    assert "DEBUG 已关闭，拒绝载入演示数据" in str(error.value)
    assert counts() == {
        "Unit": 0,
        "Issue": 0,
        "Article": 0,
        "RecipientGroup": 0,
        "Recipient": 0,
        "IssueLine": 0,
    }


def test_it_loads_without_debug_when_forced(db, settings):
    settings.DEBUG = False
    call_command("loaddemo", "--force", stdout=StringIO())
    assert Issue.objects.count() == 1
