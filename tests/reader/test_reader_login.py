"""Readers log in on the reader site (the admin's login is for staff only), throttled like the admin."""

from django.urls import reverse

from contributors.models import LoginEvent
from tests.factories import IssueFactory, UserFactory


def test_a_reader_logs_in_and_sees_an_internal_issue(client, db):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    issue = IssueFactory(year=2026, number=3, published=True, visibility="internal")
    url = reverse("issue_detail", args=[issue.year, issue.number])
    assert client.get(url).status_code == 404
    page = client.get(reverse("login") + f"?next={url}")
    assert "登录" in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "leader", "password": "leader-pass-2026", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    assert LoginEvent.objects.filter(kind="login", username="leader").exists()


def test_a_wrong_password_is_a_chinese_error(client, db):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    response = client.post(reverse("login"), {"username": "leader", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码。注意，两者都区分大小写。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_reader_login_is_throttled(client, db):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    for _ in range(5):
        client.post(reverse("login"), {"username": "leader", "password": "nope"})
    response = client.post(reverse("login"), {"username": "leader", "password": "leader-pass-2026"})
    assert "该账号登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post(client, db):
    user = UserFactory(username="leader", role="reader")
    client.force_login(user)
    page = client.get(reverse("logout"))
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_cached_pages_carry_no_csrf_token(client, db):
    client.force_login(UserFactory(username="leader", role="reader"))
    IssueFactory(year=2026, number=4, published=True)
    assert "csrfmiddlewaretoken" not in client.get("/").content.decode()


def test_a_failed_login_shows_an_error_summary_linking_to_the_field(client, db):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    html = client.post(reverse("login"), {"username": "leader", "password": "nope"}).content.decode()
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "登录未成功" in summary
    assert '<a href="#id_username">请输入一个正确的用户名和密码。' in summary


def test_an_empty_field_is_named_in_the_summary_and_at_the_field(client, db):
    html = client.post(reverse("login"), {"username": "leader", "password": ""}).content.decode()
    assert '<a href="#id_password">密码：这个字段是必填项。</a>' in html
    assert '<p class="field-error" id="id_password-error">这个字段是必填项。</p>' in html
    assert 'aria-invalid="true" aria-describedby="id_password-error"' in html


def test_the_throttle_message_is_in_the_error_summary(client, db):
    UserFactory(username="leader", password="leader-pass-2026", role="reader")
    for _ in range(5):
        client.post(reverse("login"), {"username": "leader", "password": "nope"})
    html = client.post(
        reverse("login"), {"username": "leader", "password": "leader-pass-2026"}
    ).content.decode()
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "该账号登录失败次数过多" in summary


def test_the_login_and_logout_pages_have_the_site_header_and_the_form_styles(client, db):
    for html in (
        client.get(reverse("login")).content.decode(),
        (client.force_login(UserFactory(username="leader", role="reader")), client.get(reverse("logout")))[
            1
        ].content.decode(),
    ):
        assert 'class="site-header"' in html and 'class="site-footer"' in html
        assert 'class="form-page"' in html and 'class="button"' in html
