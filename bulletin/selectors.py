"""Reads of issues for readers: which issues a person may see."""

from django.http import Http404

from .models import Issue, Visibility


def issues_visible_to(user):
    """Published issues the user may read: public ones for everybody, internal ones for anyone
    logged in. Unpublished issues are never visible here (staff preview goes through the admin)."""
    issues = Issue.objects.published().select_related("publication")
    if not getattr(user, "is_authenticated", False):
        issues = issues.filter(visibility=Visibility.PUBLIC)
    return issues


def get_visible_issue_or_404(user, *, year: int, number: int, publication=None) -> Issue:
    """The published issue ``year``/``number`` of the publication (default: the default one), or 404."""
    from .models import Publication

    publication = publication or Publication.objects.default()
    try:
        return issues_visible_to(user).get(publication=publication, year=year, number=number)
    except Issue.DoesNotExist:
        raise Http404 from None
