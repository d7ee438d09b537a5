"""Two people saving the same article at the same moment, on PostgreSQL with real threads: one save
wins, the other is refused as a conflict; nothing is lost silently."""

import threading
import time

import pytest
from django.db import connection, connections

import articles.services.text
from articles.models import Article
from articles.services import EditConflict, article_create, article_update

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write transaction, so there is no race to show",
    ),
]


def run_at_once(*jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # noqa: BLE001 (the test inspects what each thread raised)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_simultaneous_saves_one_wins_one_is_told(cast, unit_a, monkeypatch):
    article = article_create(actor=cast.correspondent_a, title="同时保存", body="<p>原文</p>")
    real_edit_problem = articles.services.edit_problem

    def slow_edit_problem(*args, **kwargs):
        time.sleep(0.3)  # both have read the article; the row lock must make the second wait
        return real_edit_problem(*args, **kwargs)

    monkeypatch.setattr(articles.services.text, "edit_problem", slow_edit_problem)

    def save(actor, text):
        def job():
            fresh = Article.objects.get(pk=article.pk)
            return article_update(article=fresh, actor=actor, data={"body": text}, base_version=1)

        return job

    results = run_at_once(
        save(cast.editor, "<p>编辑的版本</p>"), save(cast.correspondent_a, "<p>通讯员的版本</p>")
    )
    conflicts = [r for r in results if isinstance(r, EditConflict)]
    saved = [r for r in results if isinstance(r, Article)]
    assert (len(saved), len(conflicts)) == (1, 1), results
    article.refresh_from_db()
    assert article.version == 2
    assert article.body == saved[0].body
    assert article.revisions.count() == 2
