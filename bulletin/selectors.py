"""Reads for readers: which issues and articles a person may see, and an issue laid out as on paper.

The reader site shows the default publication. Every function here costs a fixed number of queries,
whatever the number of articles.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .models import Issue, Publication, Section, Visibility
from .prepared import PreparedQuery

# The footer lines in the order they are printed, with their printed labels.
FOOTER_LINE_ORDER = ("report", "distribute", "copy")
FOOTER_LABELS = {
    "report": _("This issue sent up to:"),
    "distribute": _("This issue distributed to:"),
    "copy": _("Copied to:"),
}

# Issues with at least this many articles get a table of contents at the top.
TOC_MIN_ARTICLES = 8

# The search index's copies of an article's text: never shown, so never read for a page.
SEARCH_COLUMNS = ("search_text", "search_units")


def is_member(user) -> bool:
    """Logged-in people read internal issues too."""
    return bool(getattr(user, "is_authenticated", False))


def audience(user) -> str:
    return "member" if is_member(user) else "public"


def issues_visible_to(user):
    """Published issues the user may read: public ones for everybody, internal ones for anyone
    logged in. Unpublished issues are never visible here (staff preview goes through the admin)."""
    return _issues_visible(member=is_member(user))


def _issues_visible(*, member: bool):
    issues = Issue.objects.published().select_related("publication")
    if not member:
        issues = issues.filter(visibility=Visibility.PUBLIC)
    return issues


def _default_publication():
    """The default publication (or the first one), as a subquery: no query of its own."""
    return Subquery(Publication.objects.order_by("-is_default", "pk").values("pk")[:1])


def reader_issues(user):
    """The issues of the reader site: visible to the user, of the default publication, newest first."""
    return issues_visible_to(user).filter(publication=_default_publication()).order_by("-year", "-number")


# The reader's most read queries, compiled once per connection (bulletin.prepared).
_DEFAULT_PUBLICATION_ISSUE = PreparedQuery(
    lambda member, year, number: _issues_visible(member=member).filter(
        publication=_default_publication(), year=year, number=number
    )[:1],
    year=int,
    number=int,
)


def get_visible_issue_or_404(user, *, year: int, number: int, publication=None) -> Issue:
    """The published issue ``year``/``number`` of the publication (default: the default one), or 404.
    One query."""
    if publication is None:
        found = _DEFAULT_PUBLICATION_ISSUE(member=is_member(user), year=year, number=number)
        if not found:
            raise Http404
        return found[0]
    issues = issues_visible_to(user).filter(publication=publication)
    try:
        return issues.get(year=year, number=number)
    except Issue.DoesNotExist:
        raise Http404 from None


def latest_issue(user) -> Issue | None:
    return reader_issues(user).order_by("-issue_date", "-year", "-number").first()


def articles_visible_to(user):
    """Published articles of the reader site's issues that the user may read."""
    articles = Article.objects.published().filter(
        issue__status=Issue.Status.PUBLISHED, issue__publication=_default_publication()
    )
    if not is_member(user):
        articles = articles.filter(issue__visibility=Visibility.PUBLIC)
    return articles


def get_visible_article_or_404(user, pk: int) -> Article:
    try:
        return (
            articles_visible_to(user)
            .select_related("issue__publication", "section")
            .defer(*SEARCH_COLUMNS)
            .get(pk=pk)
        )
    except Article.DoesNotExist:
        raise Http404 from None


def article_listing(articles):
    """Articles for a list page: newest issue first, then in reading order within the issue."""
    return (
        articles.select_related("issue", "section")
        .defer(*SEARCH_COLUMNS)
        .order_by(
            "-issue__issue_date", "-issue__year", "-issue__number", "section__position", "position", "pk"
        )
    )


def sections_with_articles(user):
    """Sections that have something to read, in their printed order, with the number of articles."""
    visible = Q(articles__status=Article.Status.PUBLISHED, articles__issue__status=Issue.Status.PUBLISHED)
    if not is_member(user):
        visible &= Q(articles__issue__visibility=Visibility.PUBLIC)
    sections = Section.objects.annotate(article_count=Count("articles", filter=visible))
    return sections.filter(article_count__gt=0).order_by("position", "pk")


def archive_years(issues) -> list[dict]:
    """``[{"year": 2026, "count": 11, "issues": [...]}, …]`` from issues ordered newest first."""
    years: list[dict] = []
    for issue in issues:
        if not years or years[-1]["year"] != issue.year:
            years.append({"year": issue.year, "count": 0, "issues": []})
        years[-1]["count"] += 1
        years[-1]["issues"].append(issue)
    return years


@dataclass
class SectionGroup:
    section: Section
    articles: list[Article] = field(default_factory=list)

    @property
    def is_briefs(self) -> bool:
        return self.section.layout == Section.Layout.BRIEFS


@dataclass
class FooterLine:
    kind: str
    label: str  # as printed: an imported issue's own label (报：), else the usual one
    text: str
    printed_label: str = ""  # an imported issue's label as printed, colon included; empty otherwise


@dataclass
class IssueContents:
    """An issue as printed: sections in order with their articles, and the footer lines."""

    issue: Issue
    sections: list[SectionGroup]
    footer_lines: list[FooterLine]

    @property
    def articles(self) -> list[Article]:
        return [article for group in self.sections for article in group.articles]

    @property
    def article_count(self) -> int:
        return sum(len(group.articles) for group in self.sections)

    @property
    def show_toc(self) -> bool:
        return self.article_count >= TOC_MIN_ARTICLES

    @property
    def last_modified(self) -> datetime:
        return max([self.issue.updated, *(article.updated for article in self.articles)])


def _for_page(articles):
    return articles.select_related("section").defer(*SEARCH_COLUMNS).in_reading_order()


# What the reader's issue page reads of an article: the issue body prints these
# (templates/jinja2/reader/_issue_body.html), Last-Modified takes ``updated``. Its sections come
# from their own (short) table, one object each, instead of one copy per article.
ISSUE_PAGE_FIELDS = ("title", "body", "byline", "issue", "section", "position", "updated")

_PUBLISHED_ARTICLES = PreparedQuery(
    lambda issue_id: (
        Article.objects.published().filter(issue_id=issue_id).in_reading_order().only(*ISSUE_PAGE_FIELDS)
    ),
    issue_id=int,
)
_SECTIONS = PreparedQuery(lambda: Section.objects.all())
# The footer: the issue's lines, and (for the lines printed from recipient groups) the groups.
_LINE_MODEL = Issue._meta.get_field("distribution_lines").related_model
_ISSUE_LINES = PreparedQuery(lambda issue_id: _LINE_MODEL.objects.filter(issue_id=issue_id), issue_id=int)
# The rows linking lines to groups: their line's field and their group's field.
_LINK_LINE = _LINE_MODEL.groups.field.m2m_field_name()
_LINK_GROUP = _LINE_MODEL.groups.field.m2m_reverse_field_name()
_LINE_GROUPS = PreparedQuery(
    lambda issue_id: _LINE_MODEL.groups.through.objects.filter(
        **{f"{_LINK_LINE}__issue_id": issue_id}
    ).select_related(_LINK_GROUP),
    issue_id=int,
)


def _published_articles(issue: Issue) -> list[Article]:
    """The issue page's articles, in reading order, with their sections: two queries."""
    articles = _PUBLISHED_ARTICLES(issue_id=issue.pk)
    sections = {section.pk: section for section in _SECTIONS()}
    remember_section = Article.section.field.set_cached_value
    for article in articles:
        remember_section(article, sections[article.section_id])
    return articles


def issue_contents(issue: Issue, *, articles=None) -> IssueContents:
    """The published articles of ``issue`` (or the given queryset of its articles, e.g. for a
    preview of an unpublished issue) grouped by section, and its footer: at most four queries."""
    articles = _published_articles(issue) if articles is None else _for_page(articles)
    sections: list[SectionGroup] = []
    for article in articles:
        if not sections or sections[-1].section.pk != article.section_id:
            sections.append(SectionGroup(article.section))
        article.issue = issue
        sections[-1].articles.append(article)
    return IssueContents(issue, sections, footer_lines(issue))


def footer_lines(issue: Issue) -> list[FooterLine]:
    """The issue's distribution lines as printed, in their printed order; lines with nothing to
    print are left out. One query, two when a line is printed from its recipient groups."""
    lines = list(_ISSUE_LINES(issue_id=issue.pk))
    if lines and all(line.printed_label for line in lines):
        # An imported footer as printed (报：… 送：… 发：…): the importer created its lines in the
        # order they were printed.
        lines.sort(key=lambda line: line.pk)
    else:
        lines.sort(
            key=lambda line: FOOTER_LINE_ORDER.index(line.kind) if line.kind in FOOTER_LINE_ORDER else 99
        )
    groups: dict[int, list] = {line.pk: [] for line in lines}
    if any(not line.text.strip() for line in lines):
        for link in _LINE_GROUPS(issue_id=issue.pk):
            groups[getattr(link, f"{_LINK_LINE}_id")].append(getattr(link, _LINK_GROUP))
    footer = [
        FooterLine(
            line.kind,
            line.printed_label or str(FOOTER_LABELS.get(line.kind) or line.get_kind_display()),
            line.printed_text(groups[line.pk]),
            line.printed_label,
        )
        for line in lines
    ]
    return [line for line in footer if line.text]


@dataclass
class Neighbours:
    previous: dict | None
    next: dict | None


def article_neighbours(article: Article) -> Neighbours:
    """The articles before and after ``article`` in its issue's reading order: one query."""
    order = list(
        Article.objects.published()
        .filter(issue_id=article.issue_id)
        .in_reading_order()
        .values("pk", "title", "section__name")
    )
    index = next((i for i, row in enumerate(order) if row["pk"] == article.pk), None)
    if index is None:
        return Neighbours(None, None)
    return Neighbours(
        order[index - 1] if index > 0 else None, order[index + 1] if index + 1 < len(order) else None
    )


def issue_warnings(issue: Issue) -> list[str]:
    """What the office should look at before sending an issue for sign-off, though it may go as it is:
    sections that will not print for want of articles, no footer (报送/印发), and articles that will
    print without an attribution. (What stops it going is ``services.issue_problems``.)"""
    warnings = []
    articles = list(
        issue.articles.annotate(unit_count=Count("units")).only("pk", "title", "byline", "section_id")
    )
    used = {article.section_id for article in articles}
    for section in Section.objects.filter(active=True).exclude(pk__in=used).order_by("position", "pk"):
        warnings.append(
            _("【%(section)s】 has no articles; it will not be printed.") % {"section": section.name}
        )
    if not _LINE_MODEL.objects.filter(issue_id=issue.pk).exists():
        warnings.append(_("The issue has no footer yet (本期报送, 本期印发)."))
    for article in articles:
        if not article.byline.strip() and not article.unit_count:
            warnings.append(
                _("“%(title)s” has no attribution: no unit and no byline.") % {"title": article.title}
            )
    return warnings
