from contributors.models import descendant_ids
from contributors.permissions import scope_by_unit, unit_scope
from tests.factories import ArticleFactory, StaffFactory, UnitFactory


def test_it_gives_a_correspondent_their_unit_and_its_sub_units(db):
    county = UnitFactory(name="太仓市总工会")
    town = UnitFactory(name="沙溪镇总工会", parent=county)
    other = UnitFactory(name="昆山市总工会")
    user = StaffFactory(unit=county, user__role="correspondent").user
    assert unit_scope(user) == {county.pk, town.pk}
    assert other.pk not in unit_scope(user)


def test_it_gives_a_town_correspondent_only_the_town(db):
    county = UnitFactory(name="太仓市总工会")
    town = UnitFactory(name="沙溪镇总工会", parent=county)
    user = StaffFactory(unit=town, user__role="correspondent").user
    assert unit_scope(user) == {town.pk}


def test_it_gives_office_staff_every_unit(cast):
    assert unit_scope(cast.editor) is None
    assert unit_scope(cast.signer) is None


def test_it_gives_readers_and_visitors_nothing(cast):
    assert unit_scope(cast.reader) == set()
    assert unit_scope(cast.anonymous) == set()


def test_it_scopes_articles_by_unit(cast, unit_a, unit_b):
    mine = ArticleFactory(units=[unit_a])
    theirs = ArticleFactory(units=[unit_b])
    from articles.models import Article

    assert list(scope_by_unit(Article.objects.all(), cast.correspondent_a)) == [mine]
    assert set(scope_by_unit(Article.objects.all(), cast.editor)) == {mine, theirs}
    assert not scope_by_unit(Article.objects.all(), cast.reader).exists()


def test_it_collects_descendants_over_several_levels(db):
    root = UnitFactory(name="根")
    child = UnitFactory(name="子", parent=root)
    grandchild = UnitFactory(name="孙", parent=child)
    assert descendant_ids([root.pk]) == {root.pk, child.pk, grandchild.pk}
