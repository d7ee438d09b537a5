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
