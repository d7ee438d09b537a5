"""What information work waits for, in headless Chromium: the correspondent's 我的稿件 with the
commissions to answer and the instructions waiting for feedback, the editor's 待审 with the
instructions waiting and the late units, and the 取消约稿 confirm page naming who will be e-mailed.
Screenshots at 1366 and 390 pixels wide, none scrolling sideways."""

from django.urls import reverse

from articles.models import Article
from infowork.models import Commission
from tests.e2e.test_desk_editor_e2e import shoot
from tests.e2e.test_infowork_records_e2e import PASSWORD, log_in
from tests.factories import StaffFactory, UnitFactory
from tests.infowork.commission_helpers import commission_for, past_commission
from tests.infowork.records_helpers import days_ago, instruction
from tests.workflow_helpers import article_in


def test_each_role_sees_what_waits_and_cancelling_tells_the_units(live_server, page, screenshot):
    editor = StaffFactory(
        user__username="editor",
        user__password=PASSWORD,
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    ).user
    taicang = UnitFactory(name="太仓市总工会")
    kunshan = UnitFactory(name="昆山市总工会")
    StaffFactory(user__username="taicang", user__password=PASSWORD, user__role="correspondent", unit=taicang)
    StaffFactory(user__username="kunshan", user__password=PASSWORD, user__role="correspondent", unit=kunshan)
    asked = commission_for(editor, [taicang, kunshan], title="职工疗休养工作经验做法")
    past_commission(editor, [taicang, kunshan], title="农民工工资支付专项检查情况")
    article = article_in(Article.Status.PUBLISHED, taicang, title="太仓市总工会建成首批户外劳动者“暖心驿站”")
    instruction(article, editor, leader="王建平副市长", day=days_ago(6), text="请总结推广驿站建设经验。")

    log_in(page, live_server, "taicang")
    page.goto(live_server.url + reverse("desk:my_articles"))
    assert "等待本单位反馈落实情况的领导批示" in page.content()
    shoot(page, screenshot, "correspondent-home")

    page.context.clear_cookies()
    log_in(page, live_server, "editor")
    page.goto(live_server.url + reverse("desk:review_queue"))
    assert "待办的信息工作" in page.content() and "2个单位逾期未报送" in page.content()
    shoot(page, screenshot, "editor-home")

    page.goto(live_server.url + reverse("desk:commission_end", args=[asked.pk, "cancel"]))
    assert "太仓市总工会" in page.content() and "昆山市总工会" in page.content()
    shoot(page, screenshot, "cancel-confirm")
    page.fill("textarea", "上级通知本次征集暂停")
    page.click("button:has-text('取消约稿')")
    page.wait_for_load_state()
    assert "已发邮件通知" in page.content()
    assert Commission.objects.get(pk=asked.pk).status == Commission.Status.CANCELLED
    shoot(page, screenshot, "cancelled")

    page.goto(live_server.url + reverse("desk:instruction_list"))
    shoot(page, screenshot, "instruction-list")
