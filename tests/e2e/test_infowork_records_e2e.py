"""Upward adoptions and leader instructions in headless Chromium: the editor records an adoption and
an instruction from a published article's page (with a refused empty form first), looks at both
lists and a delete confirmation; the unit's correspondent reports what was done. Screenshots of
every page at 1366 and 390 pixels wide, none scrolling sideways."""

from django.urls import reverse

from articles.models import Article
from infowork.models import InstructionFeedback, UpwardAdoption
from infowork.stats import office_today
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in

PASSWORD = "demo-pass-2026"


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def test_an_editor_records_and_the_unit_reports_back(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password=PASSWORD,
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    )
    unit = UnitFactory(name="太仓市总工会")
    correspondent = StaffFactory(
        user__username="taicang", user__password=PASSWORD, user__role="correspondent", unit=unit
    ).user
    article = article_in(
        Article.Status.PUBLISHED,
        unit,
        author=correspondent,
        title="太仓市总工会建成首批户外劳动者“暖心驿站”",
        body="<p>近日，太仓市总工会在城区主干道沿线建成首批十五个户外劳动者驿站。</p>",
    )
    today = office_today().isoformat()

    log_in(page, live_server, "editor")
    page.goto(live_server.url + reverse("desk:review", args=[article.pk]))
    assert page.locator("#records-title").inner_text() == "上级采用与领导批示"
    shoot(page, screenshot, "review-published")

    page.click("#records a:has-text('登记上级采用')")
    page.wait_for_url(live_server.url + reverse("desk:review_adoption", args=[article.pk]))
    shoot(page, screenshot, "adoption-form")
    page.click("button:has-text('登记上级采用')")
    page.locator(".error-summary").wait_for()
    assert "请填写采用单位或刊物。" in page.locator(".error-summary").inner_text()
    shoot(page, screenshot, "adoption-form-errors")
    page.check("input[name=level][value=province]")
    page.fill("#id_outlet", "省总工会《基层工作交流》")
    page.fill("#id_date", today)
    page.click("button:has-text('登记上级采用')")
    page.wait_for_url(live_server.url + reverse("desk:review", args=[article.pk]) + "#records")
    assert UpwardAdoption.objects.get().outlet == "省总工会《基层工作交流》"

    page.click("#records a:has-text('登记领导批示')")
    page.wait_for_url(live_server.url + reverse("desk:review_instruction", args=[article.pk]))
    assert correspondent.first_name in page.locator("main").inner_text()  # who will be told
    page.fill("#id_leader", "赵志宏副市长")
    page.check("input[name=level][value=city]")
    page.fill("#id_date", today)
    page.click("button:has-text('登记领导批示')")
    page.locator(".error-summary").wait_for()
    assert "请填写批示内容，批示内容不能为空。" in page.locator(".error-summary").inner_text()
    shoot(page, screenshot, "instruction-form-no-text")
    page.fill("#id_text", "驿站建在劳动者身边，办得实在，请总结经验在全市推开。")
    page.click("button:has-text('登记领导批示')")
    page.wait_for_url(live_server.url + reverse("desk:review", args=[article.pk]) + "#records")
    shoot(page, screenshot, "review-with-records")

    page.click("nav.desk-nav a:has-text('上级采用')")
    page.wait_for_url(live_server.url + reverse("desk:adoption_list"))
    shoot(page, screenshot, "adoption-list")
    page.click(".row a:has-text('删除')")
    page.locator("h1:has-text('删除上级采用记录')").wait_for()
    shoot(page, screenshot, "adoption-delete")

    page.click("nav.desk-nav a:has-text('领导批示')")
    page.wait_for_url(live_server.url + reverse("desk:instruction_list"))
    assert "已等待0天" in page.locator("main").inner_text()
    shoot(page, screenshot, "instruction-list")

    page.click("button:has-text('退出')")
    log_in(page, live_server, "taicang")
    page.click("nav.desk-nav a:has-text('批示落实')")
    page.wait_for_url(live_server.url + reverse("desk:unit_instructions"))
    shoot(page, screenshot, "unit-instructions")
    page.click("a:has-text('反馈落实情况')")
    page.locator("h1:has-text('反馈落实情况')").wait_for()
    shoot(page, screenshot, "feedback-form")
    page.fill("#id_text", "已会同城管、交通部门制定驿站建设标准，新建驿站十个。")
    page.fill("#id_done_on", today)
    page.click("button:has-text('提交落实情况')")
    page.wait_for_url(live_server.url + reverse("desk:unit_instructions"))
    assert InstructionFeedback.objects.get().reported_by == correspondent
    shoot(page, screenshot, "unit-instructions-answered")

    page.goto(live_server.url + reverse("desk:article_detail", args=[article.pk]))
    assert "已会同城管、交通部门" in page.locator("#records").inner_text()
    shoot(page, screenshot, "article-with-records")
