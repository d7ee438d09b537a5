"""Set-up for the distribution tests: a signed issue ready to publish, recipient groups on its footer
lines, and helpers that publish through the workflow service with the after-commit work run."""

import re

import pytest
from django.core import mail

from articles.models import Article
from bulletin.models import Issue
from bulletin.services import issue_publish, issue_recall
from tests.cache_helpers import clear_own_keys
from tests.factories import IssueLineFactory, RecipientFactory, RecipientGroupFactory, UnitFactory
from tests.workflow_helpers import article_in, issue_in

LINK = re.compile(r"https?://[^\s\"<>]*/r/[^\s\"<>/]+/|/r/[^\s\"<>/]+/")


@pytest.fixture(autouse=True)
def fresh_cache():
    # Only this run's keys: the Redis database may be shared with other runs.
    clear_own_keys()
    yield
    clear_own_keys()


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://jianbao.example.org"
    return settings.SITE_URL


@pytest.fixture
def unit(db):
    return UnitFactory(name="丙区总工会")


def make_signed_issue(unit, *, visibility="public", number=7, titles=("市总工会部署冬季送温暖活动",)):
    issue = issue_in(Issue.Status.SIGNED, number=number, visibility=visibility, issue_date="2026-11-16")
    for position, title in enumerate(titles, start=1):
        article_in(
            Article.Status.ACCEPTED, unit, issue=issue, title=title, position=position, byline=unit.name
        )
    return issue


@pytest.fixture
def signed_issue(unit):
    return make_signed_issue(unit)


@pytest.fixture
def internal_issue(unit):
    return make_signed_issue(unit, visibility="internal", number=8, titles=("内部情况通报",))


@pytest.fixture
def publish(signer, django_capture_on_commit_callbacks):
    """Publish through the workflow service and run what it queues after commit (the signal, the
    deliveries, the e-mails with the immediate task backend)."""

    def run(issue, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            issue_publish(issue=issue, actor=actor or signer)
        issue.refresh_from_db()
        return issue

    return run


@pytest.fixture
def recall(signer, django_capture_on_commit_callbacks):
    def run(issue):
        with django_capture_on_commit_callbacks(execute=True):
            issue_recall(issue=issue, actor=signer, reason="数据有误，需更正")
        issue.refresh_from_db()
        return issue

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a callable as if in its own request: its after-commit work runs too."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def distribute(issue, *groups, kind="distribute"):
    line = IssueLineFactory(issue=issue, kind=kind)
    line.groups.set(groups)
    return line


@pytest.fixture
def leaders(db):
    group = RecipientGroupFactory(name="市四套班子有关领导", kind="distribute", position=10)
    RecipientFactory(group=group, name="王建平", title="市人大常委会副主任", email="wangjp@city.example.org")
    RecipientFactory(group=group, name="李秀英", title="市政协副主席", email="lixy@city.example.org")
    return group


def delivery_mails():
    """The issue e-mails in the outbox (publishing also mails article authors, which is not ours)."""
    return [message for message in mail.outbox if LINK.search(message.body)]


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return "/r/" + link.split("/r/", 1)[1]
