"""Two editors creating an issue at the same moment get different numbers (PostgreSQL, real threads)."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections

import bulletin.services
from bulletin.models import Issue
from bulletin.services import issue_create
from tests.factories import IssueFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write transaction, so there is no race to show",
    ),
]


def test_two_issues_created_at_once_get_different_numbers(cast, monkeypatch):
    IssueFactory(year=2026, number=11, total_number=326)
    real_next_numbers = bulletin.services.next_numbers

    calls = []

    def slow_next_numbers(*args, **kwargs):
        numbers = real_next_numbers(*args, **kwargs)
        calls.append(numbers)
        time.sleep(0.3)  # both would have read the same maximum without the publication lock
        return numbers

    monkeypatch.setattr(bulletin.services, "next_numbers", slow_next_numbers)
    barrier = threading.Barrier(2)
    results = []

    def create(actor):
        try:
            barrier.wait()
            results.append(issue_create(actor=actor, issue_date=datetime.date(2026, 12, 1)))
        except Exception as error:  # noqa: BLE001
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(actor,)) for actor in (cast.editor, cast.signer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(isinstance(result, Issue) for result in results), results
    assert sorted((issue.number, issue.total_number) for issue in results) == [(12, 327), (13, 328)]
    assert Issue.objects.filter(year=2026).count() == 3
    # The second waited for the first instead of colliding and retrying.
    assert len(calls) == 2
