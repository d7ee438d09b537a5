"""The whole journey through the desk in Chromium, as the office works: a correspondent writes and
submits; the editor comments on a paragraph and returns it; the correspondent revises and submits
again; the editor adopts it, opens the next issue and drags it into a section, and sends the issue for
sign-off; the signer signs it off and publishes it; an anonymous reader finds it on the home page.
Nobody opens /admin/. Every page is photographed at 1366 and 390 pixels wide."""

from django.urls import reverse

from articles.models import Article
from articles.text import word_count
from bulletin.models import Issue
from tests.e2e.test_desk_compose_e2e import drag
from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import StaffFactory, UnitFactory

PASSWORD = "demo-pass-2026"
TITLE = "我市百名劳模进企业宣讲活动启动"


def person(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/desk/" in url)
    return page


def ok(page):
    assert "/admin/" not in page.url
    page.locator(".notice--success").wait_for()


def test_a_whole_issue_through_the_desk(browser, live_server, screenshot):
    office = UnitFactory(name="市总办公室", kind="department")
    unit = UnitFactory(name="张家港市总工会")
    StaffFactory(
        user__username="zhangjiagang", user__password=PASSWORD, user__role="correspondent", unit=unit
    )
    StaffFactory(user__username="editor", user__password=PASSWORD, user__role="editor", unit=office)
    StaffFactory(user__username="signer", user__password=PASSWORD, user__role="signer", unit=office)

    # The correspondent writes and submits.
    correspondent = person(browser, live_server, "zhangjiagang")
    assert correspondent.url.endswith(reverse("desk:my_articles"))
    shoot(correspondent, screenshot, "my-articles-empty")
    correspondent.click(".desk-nav a:has-text('写稿')")
    correspondent.fill("#id_title", TITLE)
    editable = correspondent.locator(".ck-editor__editable")
    editable.click()
    correspondent.keyboard.type("12月1日，我市百名劳模进企业宣讲活动在张家港保税区启动。")
    correspondent.keyboard.press("Enter")
    correspondent.keyboard.type("宣讲团将走进120家企业，预计覆盖职工两万余人。")
    # 字数 while writing, counted as the server will store it.
    expected = word_count(
        "<p>12月1日，我市百名劳模进企业宣讲活动在张家港保税区启动。</p><p>宣讲团将走进120家企业，预计覆盖职工两万余人。</p>"
    )
    correspondent.wait_for_function(
        "n => document.querySelector('[data-word-count]').textContent === String(n)", arg=expected
    )
    shoot(correspondent, screenshot, "write")
    correspondent.click("button:has-text('保存')")
    ok(correspondent)
    article = Article.objects.get(title=TITLE)
    assert article.word_count == expected
    correspondent.click("a:has-text('报送')")
    shoot(correspondent, screenshot, "submit-confirm")
    correspondent.click("button:has-text('报送')")
    ok(correspondent)
    assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED

    # The editor comments on the second paragraph and returns the piece.
    editor = person(browser, live_server, "editor")
    editor.click(f"a.row__title:has-text('{TITLE}')")
    editor.locator("#p-1 .para-link a").click()
    editor.fill("#comment-1", "“两万余人”请核实具体数字。")
    editor.click("#p-1 button[type=submit]")
    ok(editor)
    editor.click(".panel a:has-text('退回修改')")
    editor.fill("#id_note", "请按批注核实数字后再报。")
    shoot(editor, screenshot, "return-confirm")
    editor.click("button:has-text('退回修改')")
    ok(editor)

    # The correspondent sees the note and the comment, revises and submits again.
    correspondent.goto(live_server.url + reverse("desk:my_articles"))
    assert "请按批注核实数字后再报。" in correspondent.content()
    shoot(correspondent, screenshot, "my-articles-returned")
    correspondent.click(f"a:has-text('{TITLE}')")
    assert "“两万余人”请核实具体数字。" in correspondent.locator("#p-1").inner_text()
    shoot(correspondent, screenshot, "article-returned")
    correspondent.click("a.button:has-text('编辑')")
    editable = correspondent.locator(".ck-editor__editable")
    editable.click()
    correspondent.keyboard.press("Control+End")
    correspondent.keyboard.press("Enter")
    correspondent.keyboard.type("据统计，首批宣讲覆盖职工21360人。")
    correspondent.click("button:has-text('保存')")
    ok(correspondent)
    correspondent.click("a:has-text('报送')")
    correspondent.click("button:has-text('报送')")
    ok(correspondent)

    # The editor adopts it, opens the next issue, drags it in and sends the issue for sign-off.
    editor.goto(live_server.url + reverse("desk:review", args=[article.pk]))
    editor.click(".panel a:has-text('采用')")
    editor.click("button:has-text('采用')")
    ok(editor)
    editor.click(".desk-nav a:has-text('期次')")
    editor.click("button:has-text('新建下一期')")
    ok(editor)
    issue = Issue.objects.get()
    editor.set_viewport_size({"width": 1366, "height": 2200})
    editor.wait_for_function("() => document.querySelector('#compose-body.compose--draggable')")
    drag(
        editor,
        editor.locator(f".waiting li:has-text('{TITLE}')"),
        editor.locator(".drop-zone[data-section]").first,
    )
    editor.locator(f".notice--success:has-text('{TITLE}')").wait_for()
    shoot(editor, screenshot, "compose")
    editor.click("a.button:has-text('送签')")
    editor.fill("#id_note", "本期一篇，请审签。")
    editor.click("button:has-text('送签')")
    ok(editor)

    # The signer signs it off and publishes it.
    signer = person(browser, live_server, "signer")
    assert signer.url.endswith(reverse("desk:signoff_queue"))
    shoot(signer, screenshot, "signoff-queue")
    signer.click(f"a:has-text('{issue.label}')")
    shoot(signer, screenshot, "signer-issue")
    signer.click("a.button:has-text('签发')")
    shoot(signer, screenshot, "sign-confirm")
    signer.click("button:has-text('签发')")
    ok(signer)
    signer.click("a.button:has-text('发布')")
    shoot(signer, screenshot, "publish-confirm")
    signer.click("button:has-text('发布')")
    ok(signer)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.PUBLISHED

    # An anonymous reader finds it on the home page.
    reader = browser.new_context(locale="zh-CN").new_page()
    reader.goto(live_server.url + "/")
    assert TITLE in reader.content()
    for page in (correspondent, editor, signer, reader):
        page.context.close()
