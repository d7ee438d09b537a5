"""The editor's unit pages (/desk/units/…): the list with former names, 新建待核对 with close matches,
and confirming, adding a former name and merging through pages that say what will happen."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from contributors.models import Staff, Unit, UnitEvent, UnitFormerName
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in

S = Article.Status


@pytest.fixture
def wujiang(db):
    unit = UnitFactory(name="吴江区总工会")
    UnitFormerName.objects.create(unit=unit, name="吴江县总工会", until_year=1992)
    return unit


@pytest.fixture
def imported(db):
    """A unit an import created from an old name."""
    return UnitFactory(name="吴江市总工会", needs_review=True)


def url(name, *args):
    return reverse(f"desk:{name}", args=args)


def state():
    return (
        sorted(Unit.objects.values_list("pk", "name", "parent_id", "active", "needs_review")),
        sorted(Article.units.through.objects.values_list("article_id", "unit_id")),
        sorted(Staff.objects.values_list("pk", "unit_id")),
        sorted(UnitFormerName.objects.values_list("name", "unit_id")),
        UnitEvent.objects.count(),
    )


def all_urls(source, target):
    return [
        url("unit_list"),
        url("unit_review"),
        url("unit_detail", source.pk),
        url("unit_confirm", source.pk),
        url("unit_former_name", source.pk),
        url("unit_merge", source.pk),
        url("unit_merge_confirm", source.pk, target.pk),
    ]


def test_anonymous_visitors_go_to_the_login_page(client, imported, wujiang):
    for address in all_urls(imported, wujiang):
        response = client.get(address)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), address


def test_correspondents_and_signers_are_refused(client, cast, imported, wujiang):
    before = state()
    for user in (cast.correspondent_a, cast.signer):
        client.force_login(user)
        for address in all_urls(imported, wujiang):
            assert client.get(address).status_code == 403, address
        for address in all_urls(imported, wujiang)[3:5] + all_urls(imported, wujiang)[6:]:
            assert client.post(address, {"name": "某某工会", "note": "x"}).status_code == 403, address
    assert state() == before


def test_the_editor_menu_leads_to_the_units(client, editor, correspondent_a):
    client.force_login(editor)
    page = client.get(url("review_queue")).content.decode()
    assert f'href="{url("unit_list")}"' in page
    client.force_login(correspondent_a)
    assert f'href="{url("unit_list")}"' not in client.get(url("my_articles")).content.decode()


def test_the_list_shows_former_names_and_finds_units_by_them(client, editor, wujiang, imported):
    client.force_login(editor)
    page = client.get(url("unit_list")).content.decode()
    assert "吴江区总工会" in page and "曾用名： 吴江县总工会（使用至1992年）" in page
    assert "新建待核对（1）" in page
    found = client.get(url("unit_list"), {"q": "吴江县"}).context["rows"]
    assert [row["unit"] for row in found] == [wujiang]
    nothing = client.get(url("unit_list"), {"q": "没有这个单位"})
    assert "没有名称或曾用名含有这些文字的单位。" in nothing.content.decode()


def test_a_bad_search_is_an_error_not_a_crash(client, editor):
    client.force_login(editor)
    assert client.get(url("unit_list"), {"q": "吴\x00江"}).status_code == 400
    assert client.get(url("unit_list"), {"q": "吴" * 101}).status_code == 400


def test_the_review_list_suggests_the_unit_of_the_same_place(client, editor, wujiang, imported):
    UnitFactory(name="吴中区总工会", needs_review=False)
    client.force_login(editor)
    response = client.get(url("unit_review"))
    (row,) = response.context["rows"]
    assert row["unit"] == imported
    assert [match["name"] for match in row["matches"]] == ["吴江区总工会"]
    page = response.content.decode()
    assert url("unit_merge_confirm", imported.pk, wujiang.pk) in page
    assert "确认为新单位" in page and "合并到…" in page


def test_the_list_pages_keep_their_query_count(client, editor, django_assert_max_num_queries):
    for number in range(60):
        unit = UnitFactory(name=f"测试{number}市总工会", needs_review=True)
        UnitFormerName.objects.create(unit=unit, name=f"测试{number}县总工会")
        article_in(S.PUBLISHED, unit)
    client.force_login(editor)
    for name in ("unit_list", "unit_review"):
        with django_assert_max_num_queries(11):
            response = client.get(url(name))
        assert len(response.context["rows"]) == 30


def test_confirming_asks_first_and_then_confirms(client, editor, imported, wujiang):
    client.force_login(editor)
    before = state()
    page = client.get(url("unit_confirm", imported.pk)).content.decode()
    assert "吴江市总工会作为独立单位保留在单位名录中" in page and "吴江区总工会" in page
    assert state() == before
    response = client.post(url("unit_confirm", imported.pk), follow=True)
    assert "已确认吴江市总工会为新单位。" in response.content.decode()
    assert Unit.objects.get(pk=imported.pk).needs_review is False
    again = client.post(url("unit_confirm", imported.pk))
    assert again.status_code == 409
    assert "吴江市总工会已经确认过了。" in again.content.decode()


def test_adding_a_former_name(client, editor, wujiang):
    client.force_login(editor)
    response = client.post(
        url("unit_former_name", wujiang.pk),
        {"name": "吴江市总工会", "until_year": "2012", "note": ""},
        follow=True,
    )
    assert "“吴江市总工会”已成为吴江区总工会的曾用名" in response.content.decode()
    assert wujiang.former_names.filter(name="吴江市总工会", until_year=2012).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "请填写曾用名。"),
        ({"name": "吴江县总工会"}, "“吴江县总工会”已是本单位的曾用名。"),
        ({"name": "吴江区总工会"}, "“吴江区总工会”是本单位的现用名称，不是曾用名。"),
        (
            {"name": "吴江市总工会"},
            "“吴江市总工会”是另一个单位的现用名称。如果是同一个单位，请把那个单位合并到本单位。",
        ),
        ({"name": "吴江市总工会前身", "until_year": "二〇一二"}, "年份请写四位数字，例如 2012。"),
        ({"name": "吴江市总工会前身", "until_year": "1800"}, "请填写1949年至2100年之间的年份。"),
    ],
)
def test_bad_former_names_are_shown_and_nothing_is_saved(client, editor, wujiang, imported, data, message):
    client.force_login(editor)
    before = state()
    response = client.post(url("unit_former_name", wujiang.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state() == before


def test_the_former_name_page_offers_the_merge_for_a_unit_of_that_name(client, editor, wujiang, imported):
    client.force_login(editor)
    page = client.post(url("unit_former_name", wujiang.pk), {"name": "吴江市总工会"}).content.decode()
    assert url("unit_merge_confirm", imported.pk, wujiang.pk) in page


def test_the_merge_page_finds_targets_but_not_the_unit_or_its_sub_units(client, editor, imported, wujiang):
    UnitFactory(name="吴江市松陵镇总工会", parent=imported, kind="town")
    client.force_login(editor)
    response = client.get(url("unit_merge", imported.pk), {"q": "吴江"})
    assert [unit.name for unit in response.context["candidates"]] == ["吴江区总工会"]
    assert [match["name"] for match in response.context["matches"]] == ["吴江区总工会"]


def test_the_confirmation_says_what_will_move_and_changes_nothing(client, editor, imported, wujiang):
    article_in(S.PUBLISHED, imported)
    shared = article_in(S.PUBLISHED, imported)
    shared.units.add(wujiang)
    StaffFactory(unit=imported)
    client.force_login(editor)
    before = state()
    page = client.get(url("unit_merge_confirm", imported.pk, wujiang.pk)).content.decode()
    assert "2篇稿件转到吴江区总工会，并在统计中计入吴江区总工会。" in page
    assert "其中1篇原已署有该单位，不会重复计入。" in page
    assert "1名工作人员转到吴江区总工会。" in page
    assert "0个下级单位改为隶属吴江区总工会。" in page
    assert "“吴江市总工会”成为吴江区总工会的曾用名" in page
    assert "合并后吴江区总工会的曾用名： 吴江县总工会、吴江市总工会" in page
    assert state() == before


def test_merging_moves_everything_and_says_so(client, editor, imported, wujiang):
    article = article_in(S.PUBLISHED, imported, byline="吴江市总工会")
    client.force_login(editor)
    response = client.post(
        url("unit_merge_confirm", imported.pk, wujiang.pk), {"note": "撤市设区"}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("unit_detail", wujiang.pk)
    page = response.content.decode()
    assert "吴江市总工会已并入吴江区总工会，原名称成为吴江区总工会的曾用名。" in page
    assert "吴江市总工会并入吴江区总工会：转入稿件1篇" in page
    assert list(Article.objects.get(pk=article.pk).units.all()) == [wujiang]
    assert not Unit.objects.filter(pk=imported.pk).exists()
    assert UnitEvent.objects.get().note == "撤市设区"


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("itself", 409, "单位不能合并到它自己。"),
        ("sub-unit", 409, "吴江市松陵镇总工会是吴江市总工会的下级单位；单位不能合并到自己的下级单位。"),
        ("inactive", 409, "吴江区总工会已停用；请合并到仍在使用的单位。"),
        ("missing", 404, "要合并到的单位不存在；请从列表中选择。"),
    ],
)
def test_bad_merges_are_refused_with_the_reason(client, editor, imported, wujiang, case, status, message):
    town = UnitFactory(name="吴江市松陵镇总工会", parent=imported, kind="town")
    Unit.objects.filter(pk=wujiang.pk).update(active=case != "inactive")
    target_pk = {"itself": imported.pk, "sub-unit": town.pk, "inactive": wujiang.pk, "missing": 999999}[case]
    client.force_login(editor)
    before = state()
    for method in (client.get, client.post):
        response = method(url("unit_merge_confirm", imported.pk, target_pk))
        assert response.status_code == status
        page = response.content.decode()
        assert message in page
        assert 'type="submit" class="button button--danger"' not in page
    assert state() == before


def test_a_missing_unit_is_404(client, editor):
    client.force_login(editor)
    for name in ("unit_detail", "unit_confirm", "unit_former_name", "unit_merge"):
        assert client.get(url(name, 999999)).status_code == 404


def test_every_unit_post_needs_the_csrf_token(editor, imported, wujiang):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    before = state()
    for address in (
        url("unit_confirm", imported.pk),
        url("unit_former_name", wujiang.pk),
        url("unit_merge_confirm", imported.pk, wujiang.pk),
    ):
        assert strict.post(address, {"name": "吴江老工会"}).status_code == 403, address
    assert state() == before


def test_the_list_pages_take_no_post(client, editor, imported):
    client.force_login(editor)
    for name in ("unit_list", "unit_review"):
        assert client.post(url(name)).status_code == 405
    assert client.post(url("unit_detail", imported.pk)).status_code == 405
    assert client.post(url("unit_merge", imported.pk)).status_code == 405
