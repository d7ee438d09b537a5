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


def test_two_scheduler_runs_at_once_publish_an_issue_once(unit_a, monkeypatch):
    from django.utils import timezone

    import articles.services.transitions
    from articles.models import Article, ArticleTransition
    from bulletin.models import IssueTransition
    from bulletin.services import publish_due
    from tests.workflow_helpers import article_in, issue_in

    issue = issue_in(Issue.Status.SIGNED, publish_at=timezone.now() - datetime.timedelta(minutes=1))
    article_in(Article.Status.ACCEPTED, unit_a, issue=issue)
    real_publish = articles.services.transitions.article_publish

    def slow_publish(**kwargs):
        time.sleep(0.3)  # the second run has found the issue due; the lock must make it wait
        return real_publish(**kwargs)

    monkeypatch.setattr(bulletin.services, "article_publish", slow_publish)
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(len(publish_due()))
        except Exception as error:  # noqa: BLE001
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [0, 1], results
    assert IssueTransition.objects.filter(issue=issue, action="publish").count() == 1
    assert ArticleTransition.objects.filter(action="publish").count() == 1
