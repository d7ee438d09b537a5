"""The rich-text editor in the admin, in headless Chromium: it loads without console errors,
writes formatted text, uploads a picture through the validated endpoint, and what is saved is
sanitised HTML."""

from django.urls import reverse

from articles.models import Article, ArticleImage
from tests.articles.imagefiles import image_bytes
from tests.factories import ArticleFactory, StaffFactory


def log_in(page, live_server, username, password):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_the_editor_loads_writes_and_uploads(live_server, page, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    staff = StaffFactory(user__username="zjg", user__password="demo-pass-2026", user__role="correspondent")
    article = ArticleFactory(
        title="浏览器中编辑的稿件", body="<p>原文。</p>", units=[staff.unit], author=staff.user
    )
    problems = []
    page.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"{response.status} {response.url}"),
    )

    log_in(page, live_server, "zjg", "demo-pass-2026")
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editable = page.locator(".ck-editor__editable")
    editable.wait_for()
    assert page.locator(".ck-toolbar").is_visible()
    assert page.get_attribute(".ck-editor__editable", "lang") in (None, "zh-cn", "zh")
    editable.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+B")
    page.keyboard.type("加粗的一句")
    picture = tmp_path / "photo.png"
    picture.write_bytes(image_bytes("PNG", size=(640, 400)))
    page.set_input_files(
        ".ck-file-dialog-button input[type=file], input[type=file][accept*='image']", str(picture)
    )
    page.locator(".ck-editor__editable img").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('.ck-editor__editable .ck-upload-placeholder-loader')"
    )
    screenshot(page, "editor")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success, ul.messagelist li").first.wait_for()

    article.refresh_from_db()
    assert "<strong>加粗的一句</strong>" in article.body
    stored = ArticleImage.objects.get()
    assert stored.image.url in article.body or (stored.display and stored.display.url in article.body)
    assert "style=" not in article.body
    assert problems == [], problems
    assert Article.objects.get(pk=article.pk).version >= 2
