"""The editor's desk in headless Chromium: log in, land on 待审, open an article, comment on a
paragraph, return it with a note. Screenshots of every page at 1366 and 390 pixels wide, and no page
scrolls sideways on a phone."""

import contextlib
import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from articles.models import Article, ArticleComment
from tests.factories import StaffFactory, UnitFactory
from tests.workflow_helpers import article_in

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def shoot(page, screenshot, name):
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        # Let the page lay itself out again (CKEditor regroups its toolbar on a resize observer); a
        # page that still scrolls sideways after 5 s fails below with its width.
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(
                "width => document.documentElement.scrollWidth <= width", arg=width, timeout=5000
            )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{name} scrolls sideways at {width}"
        )
        screenshot(page, f"{name}-{label}", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_editor_reviews_comments_and_returns_an_article(live_server, page, screenshot):
    StaffFactory(
        user__username="editor",
        user__password="demo-pass-2026",
        user__role="editor",
        unit=UnitFactory(name="市总办公室"),
    )
    unit = UnitFactory(name="张家港市总工会")
    correspondent = StaffFactory(user__username="zjg", user__role="correspondent", unit=unit).user
    article = article_in(
        Article.Status.SUBMITTED,
        unit,
        author=correspondent,
        title="我市举办第三届职工技能大赛",
        body="<p>11月20日，全市职工技能大赛在市职业技术学院开幕，来自42家企业的300余名选手参赛。</p>"
        "<p>大赛设数控车工、电工、焊工等8个项目，获奖选手将按规定晋升职业技能等级。</p>",
    )
    for index in range(3):
        later = article_in(Article.Status.SUBMITTED, unit, title=f"基层工会工作简讯之{index + 1}")
        Article.objects.filter(pk=later.pk).update(
            submitted_at=timezone.now() + datetime.timedelta(minutes=index + 1)
        )

    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url(live_server.url + reverse("desk:review_queue"))
    assert page.locator("h1").inner_text() == "待审"
    shoot(page, screenshot, "queue")

    page.click(f"text={article.title}")
    page.wait_for_url(live_server.url + reverse("desk:review", args=[article.pk]))
    assert "<p>" not in page.locator(".paper").inner_text()
    shoot(page, screenshot, "review")

    page.locator("#p-1 .para-link a").click()
    page.fill("#comment-1", "获奖选手人数请补充。")
    page.click("#p-1 button[type=submit]")
    page.locator(".para-comment").wait_for()
    assert ArticleComment.objects.get(article=article).paragraph == 1
    shoot(page, screenshot, "review-commented")

    page.click(".panel a:has-text('退回修改')")
    page.wait_for_url(live_server.url + reverse("desk:review_action", args=[article.pk, "return"]))
    page.click("button:has-text('退回修改')")
    page.locator(".error-summary").wait_for()
    shoot(page, screenshot, "return-error")
    page.fill("#id_note", "请补充获奖选手人数。")
    page.click("button:has-text('退回修改')")
    page.locator(".notice--success").wait_for()
    assert "已退回修改" in page.locator(".notice--success").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED
