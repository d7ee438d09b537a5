"""Building articles and issues in any workflow state, for the workflow tests."""

from django.utils import timezone

from articles.models import Article
from bulletin.models import Issue, Section
from tests.factories import ArticleFactory, IssueFactory


def section(name="工作动态"):
    return Section.objects.get(name=name)


def issue_in(status: str, **kwargs) -> Issue:
    extra = {}
    if status == Issue.Status.PUBLISHED:
        extra["published_at"] = timezone.now()
    return IssueFactory(status=status, **extra, **kwargs)


def article_in(status: str, unit, *, author=None, issue=None, section_name="工作动态", **kwargs) -> Article:
    """An article of ``unit`` in ``status``; accepted ones sit in a drafting issue, published ones in a
    published issue (as the constraints and the workflow require)."""
    fields = {"status": status, "author": author, **kwargs}
    if status == Article.Status.ACCEPTED:
        fields.update(
            issue=issue or issue_in(Issue.Status.DRAFTING), section=section(section_name), position=1
        )
        fields["accepted_at"] = timezone.now()
    if status == Article.Status.PUBLISHED:
        fields.update(
            issue=issue or issue_in(Issue.Status.PUBLISHED),
            section=section(section_name),
            position=1,
            published_at=timezone.now(),
        )
    if status == Article.Status.SUBMITTED:
        fields["submitted_at"] = timezone.now()
    return ArticleFactory(units=[unit], **fields)


def row(obj):
    """The stored state of an article or issue, to show that a refused step changed nothing."""
    return type(obj).objects.filter(pk=obj.pk).values().get()
