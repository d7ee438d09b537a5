"""Shared helpers of the correspondent desk tests."""

from django.urls import reverse

from articles import services
from tests.factories import ArticleFactory


def draft_of(user, unit, **kwargs):
    """A draft written through the service, as the desk would."""
    return services.article_create(
        actor=user,
        title=kwargs.pop("title", "职工技能比武圆满落幕"),
        body=kwargs.pop("body", "<p>正文。</p>"),
        units=[unit],
    )


def article_in(unit, **kwargs):
    return ArticleFactory(units=[unit], **kwargs)


def url(name, *args):
    return reverse(f"desk:{name}", args=args)
