import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bulletin.models import Issue, Publication
from tests.factories import IssueFactory


def test_it_rejects_an_issue_number_already_taken_that_year(db):
    IssueFactory(year=2026, number=3)
    duplicate = Issue(
        publication=Publication.objects.default(), year=2026, number=3, issue_date=datetime.date(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "该年度已有此期号。" in error.value.messages


def test_it_allows_the_same_number_in_another_year(db):
    IssueFactory(year=2025, number=3)
    issue = Issue(
        publication=Publication.objects.default(), year=2026, number=3, issue_date=datetime.date(2026, 3, 1)
    )
    issue.full_clean()


def test_it_enforces_unique_numbers_in_the_database(db):
    IssueFactory(year=2026, number=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(year=2026, number=4)
    assert Issue.objects.filter(year=2026, number=4).count() == 1


def test_it_rejects_a_duplicate_total_number(db):
    IssueFactory(year=2026, number=1, total_number=300)
    duplicate = Issue(
        publication=Publication.objects.default(),
        year=2026,
        number=2,
        total_number=300,
        issue_date=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "该总期号已被其他期次使用。" in error.value.messages


def test_it_refuses_a_published_issue_without_a_publication_time(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueFactory(status=Issue.Status.PUBLISHED, published_at=None)
    assert not Issue.objects.exists()


def test_it_refuses_issue_number_zero(db):
    issue = Issue(
        publication=Publication.objects.default(), year=2026, number=0, issue_date=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        issue.full_clean()
    assert "number" in error.value.message_dict


def test_it_labels_an_issue_in_chinese(db):
    assert IssueFactory(year=2012, number=2).label == "2012年第2期"
    assert IssueFactory(year=2013, number=5, total_number=201).label == "2013年第5期（总第201期）"


def test_it_keeps_one_default_publication(db):
    with pytest.raises(ValidationError) as error:
        Publication(title="另一份简报", slug="other", is_default=True).full_clean()
    assert "只能有一个默认刊物。" in error.value.messages


def test_published_queryset_returns_only_published_issues(db):
    published = IssueFactory(published=True)
    IssueFactory()
    internal = IssueFactory(published=True, visibility="internal")
    assert set(Issue.objects.published()) == {published, internal}
    assert list(Issue.objects.public()) == [published]
    assert published.published_at <= timezone.now()
