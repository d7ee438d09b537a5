"""Information work, points part, in Chromium at 1366 and 390 pixels wide: 信息员, 积分规则与稿费标准
(with a refused negative value), and the statistics page with its points table."""

from django.urls import reverse

from infowork.models import Correspondent, ScoringRule
from tests.desk.test_stats_support import url
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory
from tests.infowork.points_helpers import adopted, instructed, published, rate


def log_in(page, live_server):
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")


def test_the_points_pages_in_the_desk(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password="demo-pass-2026",
        user__first_name="周敏",
        user__role="editor",
        unit=UnitFactory(name="市总办公室", kind="department"),
    )
    kunshan = UnitFactory(name="昆山市总工会", position=1)
    wujiang = UnitFactory(name="吴江区总工会", position=2)
    UnitFactory(name="张家港市总工会", position=3)
    UnitFactory(name="常熟市总工会", position=4)
    Correspondent.objects.create(
        staff=StaffFactory(unit=kunshan, user__first_name="王芳", title="宣传委员"), phone="13800001111"
    )
    StaffFactory(unit=wujiang, user__first_name="李强")
    shared = published([kunshan, wujiang], "2025-03-03")
    published([kunshan], "2025-03-04", section="工作简讯")
    adopted(shared, "province", "2025-04-01")
    instructed(published([wujiang], "2025-05-05"), "central", "2025-05-06")
    rate(2025, "10")
    log_in(page, live_server)

    page.goto(live_server.url + reverse("desk:correspondent_list"))
    assert page.locator("h1").inner_text() == "信息员"
    assert page.locator(".desk-nav a[aria-current='page']").inner_text() == "信息员"
    assert "13800001111" in page.content()
    shoot(page, screenshot, "correspondents")

    page.click(f"a[href='{reverse('desk:correspondent_name', args=[wujiang.pk])}']")
    page.select_option("#id_staff", label="李强（通讯员）")
    page.fill("#id_phone", "0512-63001234")
    shoot(page, screenshot, "correspondent-name")
    page.click("button:has-text('指定为信息员')")
    assert "已指定李强为吴江区总工会的信息员。" in page.content()

    page.goto(live_server.url + reverse("desk:scoring"))
    assert page.locator("h1").inner_text() == "积分规则与稿费标准"
    shoot(page, screenshot, "scoring")
    brief = ScoringRule.objects.get(event="brief")
    page.fill(f"#id_points_{brief.pk}", "-2")
    page.click("button:has-text('保存积分规则')")
    assert page.locator(".error-summary").is_visible()
    assert "积分不能为负数。" in page.locator(".error-summary").inner_text()
    shoot(page, screenshot, "scoring-error")

    page.goto(live_server.url + url("stats", **{"from": "2025-01-01", "to": "2025-12-31"}))
    points = page.locator(".points-table tbody tr")
    assert points.count() == 2
    assert "吴江区总工会" in points.nth(0).inner_text()
    page.locator("#points").scroll_into_view_if_needed()
    shoot(page, screenshot, "stats-points")
