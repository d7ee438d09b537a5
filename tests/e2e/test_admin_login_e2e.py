from django.urls import reverse

from tests.factories import StaffFactory


def test_it_logs_a_correspondent_into_the_chinese_back_office(live_server, page, screenshot, db):
    StaffFactory(user__username="zjg", user__password="demo-pass-2026", user__role="correspondent")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "zjg")
    page.fill("#id_password", "demo-pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    assert "编辑部工作台" in page.content()
    assert "稿件" in page.inner_text("#content")
    screenshot(page, "index")
