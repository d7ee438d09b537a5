"""The issue as readers will see it, before it is published: the reader site's own issue template
(``bulletin/_issue_body.html``) fed with the placed articles whatever their status."""

from django.db.models import Prefetch
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from articles.models import Article
from contributors.models import Unit

from .models import Issue


def preview_context(issue: Issue) -> tuple[dict, str]:
    """The context and template of the preview: the reader site's issue body when it is there,
    else a plain rendering of the same parts."""
    try:
        get_template("bulletin/_issue_body.html")
        from .selectors import FOOTER_LABELS, FOOTER_LINE_ORDER, FooterLine, IssueContents, SectionGroup
    except (ImportError, TemplateDoesNotExist):
        return _basic_context(issue), "admin/bulletin/issue/preview_basic.html"

    articles = (
        Article.objects.filter(issue=issue)
        .select_related("section")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk", "name")))
        .in_reading_order()
    )
    sections: list = []
    for article in articles:
        if not sections or sections[-1].section.pk != article.section_id:
            sections.append(SectionGroup(article.section))
        article.issue = issue
        sections[-1].articles.append(article)
    lines = sorted(
        issue.distribution_lines.prefetch_related("groups"),
        key=lambda line: FOOTER_LINE_ORDER.index(line.kind) if line.kind in FOOTER_LINE_ORDER else 99,
    )
    footer = [
        FooterLine(line.kind, str(FOOTER_LABELS.get(line.kind, line.get_kind_display())), line.display_text)
        for line in lines
    ]
    contents = IssueContents(issue, sections, [line for line in footer if line.text])
    return {
        "issue": issue,
        "publication": issue.publication,
        "contents": contents,
    }, "admin/bulletin/issue/preview.html"


def _basic_context(issue: Issue) -> dict:
    articles = list(Article.objects.filter(issue=issue).select_related("section").in_reading_order())
    groups: list = []
    for article in articles:
        if not groups or groups[-1][0].pk != article.section_id:
            groups.append((article.section, []))
        groups[-1][1].append(article)
    lines = list(issue.distribution_lines.prefetch_related("groups"))
    return {"issue": issue, "publication": issue.publication, "groups": groups, "lines": lines}
