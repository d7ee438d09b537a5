"""The login and logout pages in headless Chromium, with the site's header and footer: a wrong
password shows the error summary that links to the field; the right one comes back to ``next``;
logging out asks first. Screenshots at 1366 and 390 pixels wide; no page scrolls sideways."""

from tests.e2e.test_desk_editor_e2e import shoot
from tests.factories import IssueFactory, UserFactory


def test_a_reader_logs_in_from_an_internal_issue_and_logs_out(live_server, page, screenshot):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    IssueFactory(year=2026, number=3, published=True, visibility="internal")

    page.goto(f"{live_server.url}/issues/2026/3/")
    assert page.locator("h1").inner_text() == "页面不存在"
    page.get_by_role("link", name="登录后阅读内部简报").click()
    page.wait_for_url("**/accounts/login/?next=/issues/2026/3/")
    assert page.locator(".site-header").is_visible() and page.locator(".site-footer").is_visible()
    assert page.locator("h1").inner_text() == "登录"
    shoot(page, screenshot, "login")

    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()
    summary = page.locator(".error-summary")
    assert "登录未成功" in summary.inner_text()
    assert "请输入一个正确的用户名和密码" in summary.inner_text()
    shoot(page, screenshot, "login-error")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_username"

    page.get_by_label("密码").fill("leader-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/issues/2026/3/")

    page.get_by_role("link", name="退出").click()
    page.wait_for_url("**/accounts/logout/")
    assert "leader" in page.locator(".form-lead").inner_text()
    shoot(page, screenshot, "logout")
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="登录").is_visible()
