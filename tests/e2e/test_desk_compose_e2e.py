"""The compose page in headless Chromium: 新建下一期, an adopted piece dragged into a section, another
placed with the 编入 button, one dragged before it, the masthead saved, and 送签. Screenshots at 1366
and 390 pixels wide; no page scrolls sideways."""

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from bulletin.models import Issue
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import ArticleFactory, RecipientGroupFactory, StaffFactory, UnitFactory


def drag(page, source, target):
    box = source.locator(".placed__title").bounding_box()
    goal = target.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2 + 10, steps=5)
    page.mouse.move(goal["x"] + 40, goal["y"] + goal["height"] / 2, steps=25)
    # The lists grow and shrink under the pointer as the dragged piece passes them: aim again, as a
    # person's hand does, before letting go.
    for _settle in range(3):
        page.wait_for_timeout(150)
        goal = target.bounding_box()
        page.mouse.move(goal["x"] + 40, goal["y"] + min(goal["height"] / 2, 20), steps=5)
    page.mouse.up()


def test_an_editor_composes_an_issue_by_dragging(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password="demo-pass-2026",
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    )
    StaffFactory(user__username="leader", user__role="signer", unit=UnitFactory(name="市总领导"))
    RecipientGroupFactory(name="省总工会", kind="report")
    unit = UnitFactory(name="常熟市总工会")
    titles = ["常熟市总开展冬季送温暖活动", "基层工会规范化建设现场会召开", "全市职工书画展开幕"]
    for title in titles:
        ArticleFactory(status=Article.Status.ACCEPTED, accepted_at=timezone.now(), units=[unit], title=title)

    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]")
    page.goto(live_server.url + reverse("desk:issue_list"))
    shoot(page, screenshot, "issues")
    page.click("button:has-text('新建下一期')")
    issue = Issue.objects.get()
    page.wait_for_url(live_server.url + reverse("desk:compose", args=[issue.pk]))
    page.wait_for_function("() => document.querySelector('#compose-body.compose--draggable')")
    shoot(page, screenshot, "compose-empty")

    # Tall enough that the waiting list and the sections are on screen together, as a mouse needs.
    page.set_viewport_size({"width": 1366, "height": 2200})
    news = page.locator(".drop-zone[data-section]").first
    drag(page, page.locator(f".waiting li:has-text('{titles[0]}')"), news)
    page.locator(f".notice--success:has-text('{titles[0]}')").wait_for()

    page.locator(f".waiting li:has-text('{titles[1]}') button:has-text('编入')").click()
    page.locator(f".notice--success:has-text('{titles[1]}')").wait_for()

    drag(
        page,
        page.locator(f".waiting li:has-text('{titles[2]}')"),
        page.locator(f".drop-zone[data-section] li:has-text('{titles[0]}')"),
    )
    page.locator(f".notice--success:has-text('{titles[2]}')").wait_for()
    order = list(issue.articles.order_by("section__position", "position").values_list("title", flat=True))
    shown = page.locator(".drop-zone[data-section]").first.locator(".placed__title").all_inner_texts()
    assert order == shown  # the order saved is the order the editor sees after the drop
    assert order[-1] == titles[1]  # dropped onto the first piece, not appended at the end
    assert set(issue.articles.values_list("section__name", flat=True)) == {"工作动态"}

    page.check("input[name='line-report-groups']")
    page.click("button:has-text('保存“报送”')")
    page.locator(".footer-preview p:has-text('省总工会')").wait_for()
    shoot(page, screenshot, "compose-placed")

    page.click("a:has-text('送签')")
    page.fill("#id_note", "请审阅本期。")
    shoot(page, screenshot, "send-for-signoff")
    page.click("button:has-text('送签')")
    page.locator(".notice--success").wait_for()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PENDING_SIGNOFF
