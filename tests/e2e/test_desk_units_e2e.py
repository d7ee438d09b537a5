"""The editor's unit pages in Chromium, at 1366 and 390 pixels wide: the unit list with former
names, 新建待核对 with its suggestion, adding a former name, and merging an imported unit into the
unit it really is through the confirmation page."""

from django.urls import reverse

from articles.models import Article
from contributors.models import Unit, UnitFormerName
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in


def test_an_editor_merges_an_imported_unit_into_todays_unit(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password="demo-pass-2026",
        user__role="editor",
        unit=UnitFactory(name="市总办公室", kind="department"),
    )
    wujiang = UnitFactory(name="吴江区总工会", short_name="吴江区总")
    UnitFormerName.objects.create(unit=wujiang, name="吴江县总工会", until_year=1992, note="撤县设市")
    for name in ("张家港市总工会", "常熟市总工会", "太仓市总工会", "昆山市总工会", "苏州工业园区工会"):
        UnitFactory(name=name)
    old = UnitFactory(name="吴江市总工会", needs_review=True)
    UnitFactory(name="人民银行苏州中心支行工会", needs_review=True, kind="industry")
    for _ in range(2):
        article_in(Article.Status.PUBLISHED, old, byline="吴江市总工会")

    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")
    page.click(".desk-nav a:has-text('单位')")
    page.wait_for_url(live_server.url + reverse("desk:unit_list"))
    assert page.locator("h1").inner_text() == "单位"
    shoot(page, screenshot, "units")

    page.click(".filters a:has-text('新建待核对')")
    page.wait_for_url(live_server.url + reverse("desk:unit_review"))
    shoot(page, screenshot, "review")

    page.click("a:has-text('合并到吴江区总工会')")
    page.wait_for_url(live_server.url + reverse("desk:unit_merge_confirm", args=[old.pk, wujiang.pk]))
    assert "2篇稿件转到吴江区总工会" in page.locator(".confirm").inner_text()
    shoot(page, screenshot, "merge-confirm")
    page.fill("#id_note", "撤市设区后更名")
    page.click("button:has-text('合并')")
    page.locator(".notice--success").wait_for()
    assert "吴江市总工会已并入吴江区总工会" in page.locator(".notice--success").inner_text()
    assert not Unit.objects.filter(pk=old.pk).exists()
    shoot(page, screenshot, "unit-after-merge")

    page.click("a:has-text('添加曾用名')")
    page.wait_for_url(live_server.url + reverse("desk:unit_former_name", args=[wujiang.pk]))
    page.fill("#id_name", "吴江县总工会")
    page.click("button:has-text('添加曾用名')")
    page.locator(".error-summary").wait_for()
    shoot(page, screenshot, "former-name-error")

    other = Unit.objects.get(name="人民银行苏州中心支行工会")
    page.goto(live_server.url + reverse("desk:unit_merge", args=[other.pk]) + "?q=苏州")
    shoot(page, screenshot, "merge-choose")
    page.goto(live_server.url + reverse("desk:unit_confirm", args=[other.pk]))
    shoot(page, screenshot, "confirm")
    page.click("button:has-text('确认为新单位')")
    page.locator(".notice--success").wait_for()
    assert Unit.objects.get(pk=other.pk).needs_review is False
