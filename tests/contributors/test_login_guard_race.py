"""Simultaneous login attempts cannot slip under the throttle (issue 19, item 7): PostgreSQL, real
threads, each with its own connection, all released at once by a barrier."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from contributors import login_guard
from contributors.models import LoginEvent
from tests.factories import StaffFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write transaction, so there is no race to show",
    ),
]
LOGIN = reverse("admin:login")


@pytest.fixture
def staff_user(db):
    return StaffFactory(
        user__username="zjg", user__password="right-pass-2026", user__role="correspondent"
    ).user


@pytest.fixture
def slow_check(monkeypatch):
    """Widen the window between reading the count and acting on it, as a loaded server would."""
    real = login_guard.lock_reason

    def slow(**kwargs):
        reason = real(**kwargs)
        time.sleep(0.05)
        return reason

    monkeypatch.setattr(login_guard, "lock_reason", slow)


def burst(passwords, ip_of=lambda index: f"203.0.113.{index + 1}"):
    barrier = threading.Barrier(len(passwords))
    results = [None] * len(passwords)

    def attempt(index, password):
        try:
            client = Client()
            barrier.wait()
            response = client.post(LOGIN, {"username": "zjg", "password": password}, REMOTE_ADDR=ip_of(index))
            results[index] = "in" if response.status_code == 302 else "refused"
        except Exception as error:  # noqa: BLE001
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=pair) for pair in enumerate(passwords)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_of_many_simultaneous_wrong_passwords_at_most_the_limit_are_tried(staff_user, slow_check, settings):
    results = burst(["wrong"] * 20)
    assert all(result == "refused" for result in results), results
    assert (
        LoginEvent.objects.filter(kind="failed", username="zjg").count()
        == settings.LOGIN_MAX_FAILURES_PER_ACCOUNT
    )
    assert LoginEvent.objects.filter(kind="blocked", username="zjg").count() == 15
    # And afterwards the right password does not get in either.
    assert burst(["right-pass-2026"]) == ["refused"]


def test_the_right_password_never_gets_in_after_the_limit(staff_user, slow_check, settings):
    limit = settings.LOGIN_MAX_FAILURES_PER_ACCOUNT
    results = burst(["wrong"] * 12 + ["right-pass-2026"] * 3)
    failures = LoginEvent.objects.filter(kind="failed", username="zjg")
    assert failures.count() <= limit
    for login in LoginEvent.objects.filter(kind="login", username="zjg"):
        assert failures.filter(created__lt=login.created).count() < limit
    assert results.count("in") == LoginEvent.objects.filter(kind="login").count()
    assert all(result in ("in", "refused") for result in results), results


def test_simultaneous_attempts_from_one_address_respect_its_limit(staff_user, slow_check, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 100
    results = burst(["wrong"] * 12, ip_of=lambda index: "198.51.100.9")
    assert all(result == "refused" for result in results), results
    assert LoginEvent.objects.filter(kind="failed", ip="198.51.100.9").count() == 4
