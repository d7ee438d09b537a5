"""What each person finds on the back-office front page: their work, by role, in a fixed number of
queries however many articles there are."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from articles.models import Article, ArticleAction, ArticleTransition
from contributors.models import Unit
from contributors.permissions import scope_by_unit
from contributors.roles import Role, has_role

from .models import Issue

LIMIT = 20
S = Article.Status


def _articles(user):
    return (
        scope_by_unit(Article.objects.all(), user)
        .select_related("author")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk", "name")))
    )


def dashboard(user) -> dict:
    blocks: dict = {}
    if not getattr(user, "is_authenticated", False):
        return blocks
    office = has_role(user, Role.EDITOR, Role.SIGNER)
    if has_role(user, Role.CORRESPONDENT) and not user.is_superuser:
        mine = _articles(user)
        last_return = (
            ArticleTransition.objects.filter(article=OuterRef("pk"), action=ArticleAction.RETURN)
            .order_by("-created", "-pk")
            .values("note")[:1]
        )
        year = timezone.localdate().year
        blocks["drafts"] = list(mine.filter(status=S.DRAFT, author=user).order_by("-updated")[:LIMIT])
        blocks["returned"] = list(
            mine.filter(status=S.RETURNED)
            .annotate(return_note=Subquery(last_return))
            .order_by("-updated")[:LIMIT]
        )
        blocks["submitted"] = list(mine.filter(status=S.SUBMITTED).order_by("-submitted_at")[:LIMIT])
        adopted = mine.filter(status__in=[S.ACCEPTED, S.PUBLISHED], accepted_at__year=year)
        blocks["adopted"] = list(adopted.order_by("-accepted_at")[:LIMIT])
        blocks["adopted_count"] = adopted.count()
        blocks["year"] = year
    if office:
        articles = _articles(user)
        blocks["review"] = list(articles.filter(status=S.SUBMITTED).order_by("submitted_at", "pk")[:LIMIT])
        blocks["unplaced"] = list(
            articles.filter(status=S.ACCEPTED, issue__isnull=True).order_by("accepted_at", "pk")[:LIMIT]
        )
        blocks["composing"] = list(
            Issue.objects.filter(status=Issue.Status.DRAFTING)
            .select_related("publication")
            .order_by("year", "number")
        )
        blocks["office"] = True
    if has_role(user, Role.SIGNER):
        blocks["to_sign"] = list(
            Issue.objects.filter(status=Issue.Status.PENDING_SIGNOFF)
            .select_related("publication")
            .order_by("year", "number")
        )
        blocks["scheduled"] = list(
            Issue.objects.filter(status=Issue.Status.SIGNED)
            .select_related("signed_by")
            .order_by("publish_at")
        )
    return blocks
