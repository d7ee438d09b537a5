"""The adoption statistics in the desk's frame, in Chromium, at 1366 and 390 pixels wide: the table
scrolls inside its box on a phone, the page itself does not."""

from django.urls import reverse

from tests.desk.test_stats_support import make_activity, url
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory


def test_the_statistics_page_in_the_desk(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password="demo-pass-2026",
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    )
    make_activity(UnitFactory(name="昆山市总工会"), UnitFactory(name="吴江区总工会"))
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")
    page.goto(live_server.url + url("stats", **{"from": "2025-01-01", "to": "2025-12-31"}))
    assert page.locator(".desk-nav a[aria-current='page']").inner_text() == "采用统计"
    assert page.locator("h1").inner_text() == "采用统计"
    assert page.locator(".stats-table tbody tr").count() >= 2
    shoot(page, screenshot, "stats")
