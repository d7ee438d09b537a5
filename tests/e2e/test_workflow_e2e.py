"""The whole editorial cycle in a real browser: a correspondent submits, the editor returns it, the
correspondent fixes and resubmits, the editor accepts and places it, the signer signs and publishes,
and the article is on the reader pages. Screenshots of each step go to tests/e2e/artifacts/."""

import pytest
from django.urls import reverse

from articles.models import Article
from bulletin.models import Issue
from tests.factories import StaffFactory, UnitFactory

PASSWORD = "demo-pass-2026"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(transactional_db):
    unit = UnitFactory(name="张家港市总工会")
    office = UnitFactory(name="市总办公室", kind="department")
    return {
        "zhangjiagang": StaffFactory(
            user__username="zhangjiagang", user__password=PASSWORD, user__role="correspondent", unit=unit
        ).user,
        "editor": StaffFactory(
            user__username="editor", user__password=PASSWORD, user__role="editor", unit=office
        ).user,
        "signer": StaffFactory(
            user__username="signer", user__password=PASSWORD, user__role="signer", unit=office
        ).user,
    }


@pytest.fixture
def session(browser, live_server):
    """``session(username)``: a fresh browser context logged into the back office as that person."""
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + reverse("admin:index"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def fill_body(page, html):
    """The body is a rich-text editor (CKEditor 5) when it is configured, else a plain textarea."""
    if page.locator("#id_body.django_ckeditor_5").count():
        page.locator(".ck-editor__editable").first.wait_for()
        page.evaluate(
            "html => document.querySelector('.ck-editor__editable').ckeditorInstance.setData(html)", html
        )
    else:
        page.fill("#id_body", html)


def confirm(page, note=None):
    if note is not None:
        page.fill("#id_note", note)
    page.click("#content-main form input[type=submit]")


def test_the_whole_cycle_from_submission_to_the_reader_page(live_server, session, people, screenshot):
    url = live_server.url

    # 1. The correspondent writes and submits.
    corr = session("zhangjiagang")
    corr.goto(url + reverse("admin:articles_article_add"))
    corr.fill("#id_title", "杨舍镇总工会开展职工技能培训")
    fill_body(corr, "<p>杨舍镇总工会近日组织辖区企业职工开展技能培训。</p>")
    corr.click("input[name=_continue]")
    article = Article.objects.get(title="杨舍镇总工会开展职工技能培训")
    assert [unit.name for unit in article.units.all()] == ["张家港市总工会"]
    corr.click("button[data-action=submit]")
    assert "已报送" in corr.inner_text("#workflow-panel")
    screenshot(corr, "1-submitted")

    # 2. The editor returns it with a note.
    editor = session("editor")
    assert article.title in editor.inner_text("#dash-review")
    editor.click(f"#dash-review a:has-text('{article.title}')")
    editor.click("a[data-action=return]")
    confirm(editor, "请补充参加培训的人数。")
    assert "退回修改" in editor.inner_text("#workflow-panel")
    screenshot(editor, "2-returned")

    # 3. The correspondent sees the note, fixes the text and resubmits.
    corr.goto(url + reverse("admin:index"))
    assert "请补充参加培训的人数。" in corr.inner_text("#dash-returned")
    corr.click(f"#dash-returned a:has-text('{article.title}')")
    assert "请补充参加培训的人数。" in corr.inner_text("#return-note")
    fill_body(corr, "<p>杨舍镇总工会近日组织辖区企业一百二十名职工开展技能培训。</p>")
    corr.click("input[name=_continue]")
    corr.click("button[data-action=submit]")
    assert "已报送" in corr.inner_text("#workflow-panel")
    screenshot(corr, "3-resubmitted")

    # 4. The editor accepts it, creates the next issue and places the article.
    editor.goto(url + reverse("admin:articles_article_change", args=[article.pk]))
    editor.click("a[data-action=accept]")
    confirm(editor)
    editor.goto(url + reverse("admin:bulletin_issue_changelist"))
    editor.click("#create-next-issue")
    issue = Issue.objects.get()
    editor.wait_for_url(url + reverse("admin:bulletin_issue_compose", args=[issue.pk]))
    candidate = editor.locator(f"tr[data-candidate='{article.pk}']")
    candidate.locator("select[name=section]").select_option(label="工作动态")
    candidate.locator("button[type=submit]").click()
    assert article.title in editor.inner_text(
        "#section-" + str(Article.objects.get(pk=article.pk).section_id)
    )
    editor.click("button[data-action=send_for_signoff]")
    assert "待签发" in editor.inner_text("#workflow-panel")
    screenshot(editor, "4-composed-and-sent")

    # 5. The signer signs and publishes.
    signer = session("signer")
    signer.click(f"#dash-to-sign a:has-text('{issue.label}')")
    signer.click("a[data-action=sign]")
    confirm(signer)
    assert "已签发" in signer.inner_text("#workflow-panel")
    signer.click("a[data-action=publish]")
    confirm(signer)
    assert "已发布" in signer.inner_text("#workflow-panel")
    screenshot(signer, "5-published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    # 6. The article is on the reader pages.
    reader = signer.context.new_page()
    reader.goto(url + f"/issues/{issue.year}/{issue.number}/")
    assert article.title in reader.content()
    screenshot(reader, "6-reader-issue")
    reader.goto(url + f"/articles/{article.pk}/")
    assert "一百二十名职工" in reader.content()
    screenshot(reader, "7-reader-article")
