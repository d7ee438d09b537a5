"""An issue as a document: everything the PDF and Word exports print, loaded in a fixed number of
queries whatever the number of articles."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from articles.models import Article

from .models import Issue
from .selectors import SectionGroup, issue_contents


@dataclass
class IssueDocument:
    issue: Issue
    sections: list[SectionGroup]
    lines: list[tuple[str, str]]  # (label, text) in printing order, only the non-empty ones

    @property
    def publication(self):
        return self.issue.publication

    @property
    def article_count(self) -> int:
        return sum(len(block.articles) for block in self.sections)

    @property
    def number_line(self) -> str:
        """第N期 or 第N期（总第M期）."""
        if self.issue.total_number:
            return _("No. %(number)s (total No. %(total)s)") % {
                "number": self.issue.number,
                "total": self.issue.total_number,
            }
        return _("No. %(number)s") % {"number": self.issue.number}

    @property
    def editing_line(self) -> str:
        return _("Edited by %(unit)s") % {"unit": self.publication.editing_unit}

    @property
    def date_line(self) -> str:
        date = self.issue.issue_date
        return _("%(year)s-%(month)s-%(day)s") % {"year": date.year, "month": date.month, "day": date.day}

    @property
    def printed_masthead(self) -> tuple[list[str], str, list[str]] | None:
        """An imported issue's masthead as printed: (lines above the title, title, lines below)."""
        return self.issue.printed_masthead_parts()

    @property
    def copies_line(self) -> str:
        if not self.issue.copies:
            return ""
        return self.issue.printed_copies or _("%(copies)s copies printed") % {"copies": self.issue.copies}

    @property
    def is_draft(self) -> bool:
        return self.issue.status != Issue.Status.PUBLISHED


SENTENCE_END = ("。", "！", "？", "…", ".", "!", "?")


def lead_sentence(title: str) -> str:
    """A brief's title printed as its lead sentence: with its full stop."""
    return title if title.endswith(SENTENCE_END) else f"{title}。"


def brief_html(article) -> SafeString:
    """A 工作简讯 item: the bold lead sentence runs straight into the body, the attribution ends
    the last paragraph. The title is escaped; the body is stored sanitised."""
    lead = f"<strong>{escape(lead_sentence(article.title))}</strong>"
    body = (article.body or "").strip()
    html = "<p>" + lead + body[3:] if body.startswith("<p>") else f"<p>{lead}</p>{body}"
    if article.byline:
        attribution = f'<span class="attribution">{escape(article.attribution)}</span>'
        html = html[:-4] + attribution + "</p>" if html.endswith("</p>") else f"{html}<p>{attribution}</p>"
    return mark_safe(html)  # noqa: S308 (parts escaped or sanitised above)


def line_labels() -> dict[str, str]:
    return {
        "report": _("Sent up to this issue"),
        "distribute": _("Distributed to this issue"),
        "copy": _("Copied to"),
    }


def issue_document(issue: Issue) -> IssueDocument:
    """Load ``issue`` with all its placed articles, whatever their status (a draft is printed too),
    grouped by section in reading order, and its footer lines: the reader's own selector."""
    issue = Issue.objects.select_related("publication").get(pk=issue.pk)
    contents = issue_contents(issue, articles=Article.objects.filter(issue=issue))
    for block in contents.sections:
        if block.is_briefs:
            for article in block.articles:
                article.brief_html = brief_html(article)
    labels = line_labels()
    # An imported issue's own label (报：) without its colon, which the exports print themselves.
    lines = [
        (line.printed_label.rstrip("：: \u3000") or labels[line.kind], line.text)
        for line in contents.footer_lines
    ]
    return IssueDocument(issue=issue, sections=contents.sections, lines=lines)
