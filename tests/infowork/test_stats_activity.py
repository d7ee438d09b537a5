"""The statistics events (``contributors.activity``) stay in step with the articles on every path
that changes what they count — the workflow, unit changes, the admin's saves, the importer — and the
check/rebuild command finds and repairs a table that was bypassed."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from bulletin import services as issue_services
from bulletin.models import Issue
from contributors import activity
from contributors.models import Activity, Unit
from infowork.stats import DateRange, unit_statistics
from tests.factories import UnitFactory
from tests.workflow_helpers import article_in, issue_in, section

S, IS = Article.Status, Issue.Status


def in_step() -> None:
    assert activity.differences() == (0, [])


def this_year() -> DateRange:
    today = timezone.localdate()
    return DateRange(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))


def line_of(stats, unit):
    return next(line for line in stats.lines if line.unit == unit)


def figures(line) -> tuple:
    return (line.submitted, line.returned, line.rejected, line.accepted, line.published)


def test_the_whole_workflow_keeps_the_events_in_step(cast, unit_a):
    first = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    second = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    article_services.article_submit(article=first, actor=cast.correspondent_a)
    article_services.article_return(article=first, actor=cast.editor, note="请补充。")
    article_services.article_submit(article=first, actor=cast.correspondent_a)
    article_services.article_submit(article=second, actor=cast.correspondent_a)
    article_services.article_reject(article=second, actor=cast.editor, note="不予采用。")
    article_services.article_accept(article=first, actor=cast.editor)
    in_step()
    issue = issue_services.issue_create(actor=cast.editor)
    article_services.article_place(article=first, actor=cast.editor, issue=issue, section=section())
    issue = issue_services.issue_send_for_signoff(issue=issue, actor=cast.editor)
    issue = issue_services.issue_sign(issue=issue, actor=cast.signer)
    issue = issue_services.issue_publish(issue=issue, actor=cast.signer)
    in_step()
    line = line_of(unit_statistics(date_range=this_year()), unit_a)
    # Resubmitted after the return: one submission, not two.
    assert figures(line) == (2, 1, 1, 1, 1)
    assert line.by_section == {section().pk: 1}

    issue_services.issue_recall(issue=issue, actor=cast.signer, reason="有误，撤回。")
    in_step()
    assert figures(line_of(unit_statistics(date_range=this_year()), unit_a)) == (2, 1, 1, 1, 0)


def test_publishing_an_issue_rewrites_its_articles_events_once(cast, unit_a):
    issue = issue_in(IS.SIGNED)
    for _ in range(6):
        article_in(S.ACCEPTED, unit_a, issue=issue)
    with CaptureQueriesContext(connection) as queries:
        issue_services.issue_publish(issue=issue, actor=cast.signer)
    deletes = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("DELETE") and "activity" in q["sql"]
    ]
    assert len(deletes) == 1  # deferred to the end of the publication, not one per article
    in_step()
    assert line_of(unit_statistics(date_range=this_year()), unit_a).published == 6


def test_a_failed_transition_leaves_no_events(cast, unit_a, monkeypatch):
    item = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)

    def broken(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr("articles.services.transitions._notify_after_commit", broken)
    with pytest.raises(RuntimeError):
        article_services.article_submit(article=item, actor=cast.correspondent_a)
    assert not Activity.objects.exists()
    in_step()


def test_changing_an_articles_units_moves_its_figures(cast, unit_a, unit_b):
    item = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    article_services.article_submit(article=item, actor=cast.correspondent_a)
    item.units.add(unit_b)
    in_step()
    stats = unit_statistics(date_range=this_year())
    assert (line_of(stats, unit_a).submitted, line_of(stats, unit_b).submitted) == (1, 1)
    item.units.remove(unit_a)
    in_step()
    unit_b.articles.clear()  # from the unit's side
    in_step()
    assert not Activity.objects.exists()
    item.units.set([unit_a])
    in_step()
    assert line_of(unit_statistics(date_range=this_year()), unit_a).submitted == 1


def test_the_rollup_follows_a_unit_moved_under_another_parent(cast, unit_a, unit_b):
    town = UnitFactory(name="甲镇总工会", parent=unit_a, kind=Unit.Kind.TOWN)
    item = article_in(S.DRAFT, town)
    article_services.article_submit(article=item, actor=cast.editor)
    assert line_of(unit_statistics(date_range=this_year(), rollup=True), unit_a).submitted == 1
    town = Unit.objects.get(pk=town.pk)
    town.parent = unit_b
    town.save()
    in_step()
    stats = unit_statistics(date_range=this_year(), rollup=True)
    assert (line_of(stats, unit_a).submitted, line_of(stats, unit_b).submitted) == (0, 1)


def test_an_article_under_two_units_of_one_tree_counts_once_rolled_up_even_after_a_unit_goes(cast, unit_a):
    east = UnitFactory(name="东镇总工会", parent=unit_a, kind=Unit.Kind.TOWN)
    west = UnitFactory(name="西镇总工会", parent=unit_a, kind=Unit.Kind.TOWN)
    item = article_in(S.DRAFT, east)
    item.units.add(west)
    article_services.article_submit(article=item, actor=cast.editor)
    assert line_of(unit_statistics(date_range=this_year(), rollup=True), unit_a).submitted == 1
    item.units.remove(west)
    west.delete()
    east_item = Article.objects.get(pk=item.pk)
    east_item.units.add(UnitFactory(name="南镇总工会", parent=unit_a, kind=Unit.Kind.TOWN))
    Unit.objects.get(name="东镇总工会").articles.clear()
    Unit.objects.get(name="东镇总工会").delete()
    in_step()
    assert line_of(unit_statistics(date_range=this_year(), rollup=True), unit_a).submitted == 1


def test_moving_a_published_issue_to_another_date_moves_its_archive_articles(db, unit_a):
    issue = issue_in(IS.PUBLISHED, year=2011, number=3, issue_date=datetime.date(2011, 5, 6))
    article_in(S.PUBLISHED, unit_a, issue=issue)  # never submitted here: an archive article
    year_2011 = DateRange(datetime.date(2011, 1, 1), datetime.date(2011, 12, 31))
    assert figures(line_of(unit_statistics(date_range=year_2011), unit_a)) == (1, 0, 0, 1, 1)
    issue.issue_date = datetime.date(2012, 1, 9)
    issue.save()
    in_step()
    assert not unit_statistics(date_range=year_2011).ranked


def test_check_finds_events_bypassed_by_a_bulk_update_and_rebuild_repairs_them(cast, unit_a):
    item = article_in(S.DRAFT, unit_a, author=cast.correspondent_a)
    article_services.article_submit(article=item, actor=cast.correspondent_a)
    call_command("rebuild_activity", "--check")
    Article.objects.filter(pk=item.pk).update(submitted_at=None)  # no signal
    item.transitions.all().delete()
    with pytest.raises(CommandError) as error:
        call_command("rebuild_activity", "--check")
    assert str(item.pk) in str(error.value)
    assert "1" in str(error.value)
    call_command("rebuild_activity", "--no-progress")
    call_command("rebuild_activity", "--check")
    assert not Activity.objects.exists()


def test_refreshing_an_article_costs_a_fixed_number_of_queries(
    cast, unit_a, unit_b, django_assert_max_num_queries
):
    items = [article_in(S.PUBLISHED, unit) for unit in (unit_a, unit_b) for _ in range(20)]
    with django_assert_max_num_queries(6):  # units, lock, articles, log, delete, insert
        activity.refresh([item.pk for item in items])
    in_step()


@pytest.mark.django_db(transaction=True)
def test_a_plain_save_outside_any_transaction_keeps_the_events_in_step(unit_a, unit_b):
    """A ``save()`` or ``units.add()`` in autocommit (a shell, a script): the refresh takes its own
    transaction, so its row lock and its delete-then-insert are safe there too."""
    item = article_in(S.PUBLISHED, unit_a)
    item.units.add(unit_b)
    item.title = "自动提交下保存"
    item.save()
    in_step()
    assert Activity.objects.filter(article=item).count() == 2 * 3  # archive: published, submitted, accepted
