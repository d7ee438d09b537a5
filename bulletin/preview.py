"""The issue as readers will see it, before it is published: the reader site's own issue template
(``templates/jinja2/reader/_issue_body.html``) fed with the placed articles whatever their status."""

from django.db.models import Prefetch

from articles.models import Article
from contributors.models import Unit

from .models import Issue
from .selectors import issue_contents

TEMPLATE = "admin/bulletin/issue/preview.html"


def preview_context(issue: Issue) -> tuple[dict, str]:
    """The context and template of the preview."""
    articles = Article.objects.filter(issue=issue).prefetch_related(
        Prefetch("units", queryset=Unit.objects.only("pk", "name"))
    )
    contents = issue_contents(issue, articles=articles)
    return {"issue": issue, "publication": issue.publication, "contents": contents}, TEMPLATE
