"""Merging one unit into another (``contributors.services.unit_merge``): everything that names the
source moves to the target in one transaction, its name becomes a former name, the source goes, the
merge is logged; every refusal leaves everything as it was."""

import pytest
from django.dispatch import receiver

from articles.models import Article
from contributors import activity
from contributors.models import Activity, Staff, Unit, UnitEvent, UnitFormerName
from contributors.services import UnitError, merge_plan, unit_confirm, unit_merge
from contributors.signals import unit_merging
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in

S = Article.Status


@pytest.fixture
def pingjiang(db):
    return UnitFactory(name="平江区总工会", short_name="平江区总")


@pytest.fixture
def gusu(db):
    return UnitFactory(name="姑苏区总工会")


def snapshot():
    """Everything a merge may change, to show that a refused one changed nothing."""
    return (
        sorted(Unit.objects.values_list("pk", "name", "parent_id", "active", "needs_review")),
        sorted(Article.units.through.objects.values_list("article_id", "unit_id")),
        sorted(Staff.objects.values_list("pk", "unit_id")),
        sorted(UnitFormerName.objects.values_list("name", "unit_id")),
        sorted(Activity.objects.values_list("article_id", "unit_id", "kind")),
        UnitEvent.objects.count(),
    )


def test_it_moves_articles_staff_children_and_statistics(editor, pingjiang, gusu):
    only_source = article_in(S.PUBLISHED, pingjiang, byline="平江区总工会")
    both = article_in(S.PUBLISHED, pingjiang)
    both.units.add(gusu)
    draft = article_in(S.SUBMITTED, pingjiang)
    staff = StaffFactory(unit=pingjiang)
    town = UnitFactory(name="平江街道总工会", parent=pingjiang, kind="town")
    town_article = article_in(S.PUBLISHED, town)
    UnitFormerName.objects.create(unit=pingjiang, name="平江县总工会")

    event = unit_merge(actor=editor, source=pingjiang, target=gusu, note="区划调整")

    assert not Unit.objects.filter(pk=pingjiang.pk).exists()
    for article in (only_source, both, draft):
        assert list(article.units.values_list("name", flat=True)) == ["姑苏区总工会"]
    # Linked once, not twice, for the article that already named the target.
    assert Article.units.through.objects.filter(article=both).count() == 1
    # The byline stays as printed.
    assert Article.objects.get(pk=only_source.pk).byline == "平江区总工会"
    assert Staff.objects.get(pk=staff.pk).unit == gusu
    town.refresh_from_db()
    assert town.parent == gusu
    assert sorted(gusu.former_names.values_list("name", flat=True)) == ["平江区总工会", "平江县总工会"]
    assert gusu.former_names.get(name="平江区总工会").merged_unit_id == pingjiang.pk
    # The statistics events now name the target (and the town's roll-up goes to the target).
    assert not Activity.objects.filter(unit_id=pingjiang.pk).exists()
    assert set(Activity.objects.filter(article=only_source).values_list("unit_id", flat=True)) == {gusu.pk}
    assert set(Activity.objects.filter(article=town_article).values_list("root_id", flat=True)) == {gusu.pk}
    assert activity.differences() == (0, [])
    # Logged: who, when, what moved.
    assert event.action == UnitEvent.Action.MERGED and event.actor == editor and event.unit == gusu
    assert event.note == "区划调整"
    assert event.details["source_name"] == "平江区总工会"
    assert (event.details["articles"], event.details["articles_shared"]) == (3, 1)
    assert (event.details["staff"], event.details["children"]) == (1, 1)
    assert event.summary == "平江区总工会并入姑苏区总工会：转入稿件3篇、工作人员1名、下级单位1个。"


def test_the_search_text_follows_the_articles(editor, pingjiang, gusu):
    article = article_in(S.PUBLISHED, pingjiang)
    unit_merge(actor=editor, source=pingjiang, target=gusu)
    assert Article.objects.get(pk=article.pk).search_units == "姑苏区总工会"


def test_the_plan_counts_what_will_move(pingjiang, gusu):
    article_in(S.PUBLISHED, pingjiang)
    shared = article_in(S.PUBLISHED, pingjiang)
    shared.units.add(gusu)
    StaffFactory(unit=pingjiang)
    plan = merge_plan(pingjiang, gusu)
    assert (plan.articles, plan.articles_shared, plan.staff, plan.children) == (2, 1, 1, 0)
    assert plan.new_former_names == ["平江区总工会"]
    assert plan.former_names == ["平江区总工会"]


def test_other_apps_move_their_rows_through_the_signal(editor, pingjiang, gusu):
    seen = []

    @receiver(unit_merging)
    def move(sender, source, target, actor, **kwargs):
        # Inside the transaction, before the source goes: both still there.
        assert Unit.objects.filter(pk=source.pk).exists()
        seen.append((source.name, target.name, actor))
        return 4

    try:
        event = unit_merge(actor=editor, source=pingjiang, target=gusu)
    finally:
        unit_merging.disconnect(move)
    assert seen == [("平江区总工会", "姑苏区总工会", editor)]
    assert event.details["other"][__name__] == 4


def test_a_receiver_that_fails_undoes_everything(editor, pingjiang, gusu):
    article_in(S.PUBLISHED, pingjiang)
    before = snapshot()

    @receiver(unit_merging)
    def fail(sender, **kwargs):
        raise UnitError("无法转移约稿记录。")

    try:
        with pytest.raises(UnitError):
            unit_merge(actor=editor, source=pingjiang, target=gusu)
    finally:
        unit_merging.disconnect(fail)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "单位不能合并到它自己。"),
        ("descendant", "平江街道总工会是平江区总工会的下级单位；单位不能合并到自己的下级单位。"),
        ("inactive", "姑苏区总工会已停用；请合并到仍在使用的单位。"),
        ("missing", "要合并到的单位不存在；请从列表中选择。"),
    ],
)
def test_bad_targets_are_refused_and_nothing_changes(editor, pingjiang, gusu, case, message):
    article_in(S.PUBLISHED, pingjiang)
    town = UnitFactory(name="平江街道总工会", parent=pingjiang, kind="town")
    target = {"itself": pingjiang, "descendant": town, "inactive": gusu, "missing": None}[case]
    if case == "inactive":
        Unit.objects.filter(pk=gusu.pk).update(active=False)
        gusu.active = False
    before = snapshot()
    with pytest.raises(UnitError) as error:
        unit_merge(actor=editor, source=pingjiang, target=target)
    assert error.value.messages == [message]
    assert snapshot() == before


def test_a_target_deleted_meanwhile_is_refused(editor, pingjiang, gusu):
    stale = Unit.objects.get(pk=gusu.pk)
    gusu.delete()
    before = snapshot()
    with pytest.raises(UnitError) as error:
        unit_merge(actor=editor, source=pingjiang, target=stale)
    assert error.value.messages == ["要合并到的单位不存在；请从列表中选择。"]
    assert snapshot() == before


@pytest.mark.parametrize("who", ["correspondent_a", "signer", "reader", "anonymous"])
def test_only_editors_merge(cast, who, pingjiang, gusu):
    before = snapshot()
    with pytest.raises(UnitError) as error:
        unit_merge(actor=getattr(cast, who), source=pingjiang, target=gusu)
    assert error.value.messages == ["只有编辑可以修改单位名录。"]
    assert snapshot() == before


def test_a_superuser_may_merge(pingjiang, gusu, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    unit_merge(actor=admin, source=pingjiang, target=gusu)
    assert not Unit.objects.filter(pk=pingjiang.pk).exists()


def test_rows_left_pointing_at_the_source_refuse_the_merge(editor, pingjiang, gusu):
    """A protecting row that no receiver moved (here: a staff member added by a receiver itself,
    standing in for another app's row) makes the merge refuse; nothing changes."""
    before = snapshot()

    @receiver(unit_merging)
    def leave_one(sender, source, **kwargs):
        StaffFactory(unit=source)

    try:
        with pytest.raises(UnitError) as error:
            unit_merge(actor=editor, source=pingjiang, target=gusu)
    finally:
        unit_merging.disconnect(leave_one)
    assert error.value.messages == ["平江区总工会无法合并：以下记录仍指向它：工作人员。"]
    assert snapshot() == before


def test_the_sources_own_history_stays_readable(editor, gusu):
    source = UnitFactory(name="平江区总工会", needs_review=True)
    unit_confirm(actor=editor, unit=source)
    unit_merge(actor=editor, source=source, target=gusu)
    confirmed = UnitEvent.objects.get(action=UnitEvent.Action.CONFIRMED)
    assert (confirmed.unit, confirmed.unit_name) == (None, "平江区总工会")


def test_merging_into_a_unit_to_be_checked_confirms_it(editor, pingjiang):
    target = UnitFactory(name="姑苏区总工会", needs_review=True)
    unit_merge(actor=editor, source=pingjiang, target=target)
    assert Unit.objects.get(pk=target.pk).needs_review is False


def test_log_rows_of_other_apps_that_only_lose_the_link_do_not_block(editor, pingjiang, gusu):
    from infowork.models import InfoworkLog

    entry = InfoworkLog.objects.create(action="correspondent_set", unit=pingjiang)
    unit_merge(actor=editor, source=pingjiang, target=gusu)
    assert not Unit.objects.filter(pk=pingjiang.pk).exists()
    # Moved by infowork's receiver of unit_merging.
    assert InfoworkLog.objects.get(pk=entry.pk).unit == gusu


def test_a_source_name_that_is_already_someone_elses_former_name_is_refused(editor, pingjiang, gusu):
    """Data from before the rules (a former name equal to a current name) is never made worse."""
    other = UnitFactory(name="沧浪区总工会")
    UnitFormerName.objects.bulk_create([UnitFormerName(unit=other, name="平江区总工会")])
    before = snapshot()
    with pytest.raises(UnitError) as error:
        unit_merge(actor=editor, source=pingjiang, target=gusu)
    assert error.value.messages == ["“平江区总工会”已是沧浪区总工会的曾用名。"]
    assert snapshot() == before


def test_a_sub_unit_merges_into_its_parent(editor, gusu):
    town = UnitFactory(name="平江街道总工会", parent=gusu, kind="town")
    village = UnitFactory(name="平江社区工会", parent=town, kind="grassroots")
    article = article_in(S.PUBLISHED, town)
    unit_merge(actor=editor, source=town, target=gusu)
    village.refresh_from_db()
    assert village.parent == gusu
    assert list(Article.objects.get(pk=article.pk).units.all()) == [gusu]
    assert activity.differences() == (0, [])
