import pytest
from django.urls import reverse

from contributors.models import LoginEvent
from tests.factories import StaffFactory, UserFactory

LOGIN = reverse("admin:login")
ACCOUNT_LOCKED = "该账号登录失败次数过多，已锁定 15 分钟；请稍后再试，或请管理员解锁。"
ADDRESS_LOCKED = "您的网络地址登录失败次数过多，15 分钟内暂停从该地址登录；请稍后再试，或联系管理员。"


@pytest.fixture
def staff_user(db):
    return StaffFactory(
        user__username="zjg", user__password="right-pass-2026", user__role="correspondent"
    ).user


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_logins_logouts_and_failures(client, staff_user):
    attempt(client, "zjg", "wrong")
    attempt(client, "zjg", "right-pass-2026")
    client.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.7")
    events = list(LoginEvent.objects.order_by("created").values_list("kind", "username", "ip"))
    assert events == [
        ("failed", "zjg", "203.0.113.7"),
        ("login", "zjg", "203.0.113.7"),
        ("logout", "zjg", "203.0.113.7"),
    ]


def test_it_locks_an_account_after_five_failures_even_with_the_right_password(client, staff_user):
    for _ in range(5):
        attempt(client, "zjg", "wrong")
    response = attempt(client, "zjg", "right-pass-2026")
    assert response.status_code == 200
    assert ACCOUNT_LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(kind="blocked", username="zjg").count() == 1


def test_the_lock_counts_usernames_case_insensitively(client, staff_user):
    for name in ["ZJG", "zjg ", "Zjg", "zjg", "zJg"]:
        attempt(client, name, "wrong")
    assert ACCOUNT_LOCKED in attempt(client, "zjg", "right-pass-2026").content.decode()


def test_other_accounts_are_not_locked_by_one_account(client, staff_user):
    StaffFactory(user__username="tc", user__password="other-pass-2026", user__role="correspondent")
    for _ in range(5):
        attempt(client, "zjg", "wrong")
    response = attempt(client, "tc", "other-pass-2026")
    assert response.status_code == 302


def test_it_locks_an_address_spraying_many_accounts(client, staff_user, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for index in range(6):
        attempt(client, f"guess{index}", "wrong", ip="198.51.100.9")
    response = attempt(client, "zjg", "right-pass-2026", ip="198.51.100.9")
    assert ADDRESS_LOCKED in response.content.decode()
    assert attempt(client, "zjg", "right-pass-2026", ip="198.51.100.10").status_code == 302


def test_an_administrator_unlocks_from_the_admin(client, staff_user):
    for _ in range(5):
        attempt(client, "zjg", "wrong")
    admin_client = client.__class__()
    admin_client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    events = LoginEvent.objects.filter(username="zjg", kind="failed")
    response = admin_client.post(
        reverse("admin:contributors_loginevent_changelist"),
        {"action": "unlock_selected", "_selected_action": [events.first().pk]},
        follow=True,
    )
    assert "已清除 5 次失败登录，锁定已解除。" in response.content.decode()
    assert attempt(client, "zjg", "right-pass-2026").status_code == 302
    assert LoginEvent.objects.filter(kind="unlocked", username="zjg").exists()


def test_editors_cannot_unlock(client, staff_user, editor):
    for _ in range(5):
        attempt(client, "zjg", "wrong")
    other = client.__class__()
    other.force_login(editor)
    response = other.get(reverse("admin:contributors_loginevent_changelist"))
    assert response.status_code == 403
    assert ACCOUNT_LOCKED in attempt(client, "zjg", "right-pass-2026").content.decode()


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, staff_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for index in range(3):
        client.post(
            LOGIN,
            {"username": f"x{index}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{index}, 192.0.2.50",
        )
    response = client.post(
        LOGIN,
        {"username": "zjg", "password": "right-pass-2026"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.50",
    )
    assert ADDRESS_LOCKED in response.content.decode()
