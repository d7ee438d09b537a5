"""约稿 in headless Chromium: the editor sends a commission (after a mistake), the correspondent sees it
on their desk, writes an answer and submits it, the editor sees who answered and who is late, sends
a reminder and closes it. Screenshots of every page at 1366 and 390 pixels wide; none scrolls
sideways on a phone."""

from django.urls import reverse

from infowork.models import Commission, CommissionAnswer, CommissionUnit
from infowork.stats import office_today
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory

PASSWORD = "demo-pass-2026"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_commission_from_sending_to_closing(live_server, page, screenshot):
    office = UnitFactory(name="市总办公室", kind="department")
    StaffFactory(user__username="editor", user__password=PASSWORD, user__role="editor", unit=office)
    zjg = UnitFactory(name="张家港市总工会", kind="federation", position=10)
    taicang = UnitFactory(name="太仓市总工会", kind="federation", position=20)
    UnitFactory(name="昆山市总工会", kind="federation", position=30)
    UnitFactory(name="杨舍镇总工会", kind="town", parent=zjg, position=40)
    UnitFactory(name="市教育工会", kind="industry", position=50)
    StaffFactory(user__username="zjg", user__password=PASSWORD, user__role="correspondent", unit=zjg)
    StaffFactory(user__username="tc", user__password=PASSWORD, user__role="correspondent", unit=taicang)

    # The editor: 约稿 → 新建约稿, a past deadline first.
    log_in(page, live_server, "editor")
    page.goto(live_server.url + reverse("desk:commission_list"))
    assert page.locator(".desk-nav a[aria-current='page']").inner_text() == "约稿"
    page.click("text=新建约稿")
    page.fill("#id_title", "一线职工健康关爱工作")
    page.fill("#id_brief", "请介绍今年为一线职工做的健康关爱实事，八百字左右。")
    page.fill("#id_deadline", "2020-01-01")
    page.fill("[data-unit-filter]", "太仓")
    assert page.locator("li[data-unit-name='张家港市总工会']").is_hidden()
    page.check("li[data-unit-name='太仓市总工会'] input")
    page.fill("[data-unit-filter]", "")
    page.check("li[data-unit-name='张家港市总工会'] input")
    shoot(page, screenshot, "commission-new")
    page.click("text=发出约稿")
    assert "已经过去" in page.locator(".error-summary").inner_text()
    shoot(page, screenshot, "commission-new-error")
    page.fill("#id_deadline", (office_today().replace(year=office_today().year + 1)).isoformat())
    page.click("text=发出约稿")
    assert "已发出" in page.locator(".desk-messages").inner_text()
    commission = Commission.objects.get()
    assert set(commission.units.values_list("name", flat=True)) == {"张家港市总工会", "太仓市总工会"}
    shoot(page, screenshot, "commission-page-new")

    # The correspondent of 张家港: the commission on the start page, 写稿应约, save, 报送.
    log_in(page, live_server, "zjg")
    page.goto(live_server.url + reverse("desk:my_articles"))
    assert "一线职工健康关爱工作" in page.locator("#commissions-title + ul").inner_text()
    shoot(page, screenshot, "correspondent-start")
    page.click("#commissions-title + ul >> text=一线职工健康关爱工作")
    shoot(page, screenshot, "correspondent-commission")
    page.click("text=写稿应约")
    assert page.locator("#id_commission").input_value() == str(commission.pk)
    page.fill("#id_title", "锦丰镇为户外劳动者建成十个爱心驿站")
    shoot(page, screenshot, "article-form-commission")
    page.click("button:has-text('保存')")
    assert "应约：" in page.locator("main").inner_text()
    page.click("text=报送")
    assert page.locator("#id_commission").input_value() == str(commission.pk)
    shoot(page, screenshot, "submit-confirm-commission")
    page.click("button:has-text('报送')")
    answer = CommissionAnswer.objects.get()
    assert answer.commission == commission and answer.article.status == "submitted"

    # The editor: who answered; 催报 to 太仓; the review page names the commission; 结束.
    log_in(page, live_server, "editor")
    page.goto(live_server.url + reverse("desk:commission_detail", args=[commission.pk]))
    assert "约稿单位：2个，已报送1个" in page.locator("main").inner_text()
    shoot(page, screenshot, "commission-page-answered")
    page.click("text=向未报送的单位催报")
    text = page.locator("main").inner_text()
    assert "太仓市总工会" in text and "张家港市总工会" not in text
    shoot(page, screenshot, "commission-remind")
    page.click("button:has-text('发出催报')")
    assert "已向太仓市总工会催报" in page.locator(".desk-messages").inner_text()
    assert CommissionUnit.objects.get(unit=taicang).reminders == 1
    page.goto(live_server.url + reverse("desk:review", args=[answer.article.pk]))
    assert "一线职工健康关爱工作" in page.locator("#commission-title + p").inner_text()
    shoot(page, screenshot, "review-commission")
    page.goto(live_server.url + reverse("desk:commission_detail", args=[commission.pk]))
    page.click("a:has-text('取消约稿')")
    page.click("button:has-text('取消约稿')")
    assert "请写明取消约稿的原因" in page.locator(".error-summary").inner_text()
    shoot(page, screenshot, "commission-cancel-error")
    page.goto(live_server.url + reverse("desk:commission_end", args=[commission.pk, "close"]))
    shoot(page, screenshot, "commission-close")
    page.fill("#id_note", "稿件已够，感谢各单位。")
    page.click("button:has-text('结束约稿')")
    assert Commission.objects.get().status == Commission.Status.CLOSED
    page.goto(live_server.url + reverse("desk:commission_list"))
    shoot(page, screenshot, "commission-list")
