"""Atom feeds of the reader site: the latest articles, and the latest issues.

Feeds are read by programs without a login, so they only ever carry public issues.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from bulletin.selectors import articles_visible_to, reader_issues

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("home")
    feed_url = reverse_lazy("article_feed")
    title = gettext_lazy("Union work bulletin: latest articles")
    subtitle = gettext_lazy("The newest articles of published public issues.")

    def items(self):
        return (
            articles_visible_to(AnonymousUser())
            .select_related("issue", "section")
            .order_by(
                "-published_at", "-issue__year", "-issue__number", "section__position", "position", "pk"
            )[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body + (f"<p>{escape(item.attribution)}</p>" if item.attribution else "")

    def item_link(self, item):
        return reverse("article_detail", kwargs={"pk": item.pk})

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.section.name] if item.section else []


class LatestIssuesFeed(Feed):
    feed_type = Atom1Feed
    link = reverse_lazy("issue_archive")
    feed_url = reverse_lazy("issue_feed")
    title = gettext_lazy("Union work bulletin: latest issues")
    subtitle = gettext_lazy("Each published public issue with its table of contents.")

    def items(self):
        contents = Prefetch(
            "articles", queryset=Article.objects.published().in_reading_order(), to_attr="reading_order"
        )
        return reader_issues(AnonymousUser()).prefetch_related(contents)[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.publication.title} {item.label}"

    def item_description(self, item):
        titles = format_html_join("", "<li>{}</li>", ((article.title,) for article in item.reading_order))
        return f"<p>{escape(_('In this issue:'))}</p><ul>{titles}</ul>"

    def item_link(self, item):
        return reverse("issue_detail", kwargs={"year": item.year, "number": item.number})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated
