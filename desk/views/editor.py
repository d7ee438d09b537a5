"""The editor's desk: 待审 (the review queue) and the review page with its actions and comments.

Every change goes through ``articles.services``: the actions through ``ACTION_SERVICES``, comments
through ``article_comment``. Scoping is ``contributors.permissions`` (out of scope is 404)."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article, ArticleTransition
from articles.notifications import article_audience, display_name
from articles.services import (
    ACTION_SERVICES,
    NOTIFIED_ACTIONS,
    TRANSITIONS,
    WorkflowError,
    article_comment,
    available_transitions,
    can_edit,
)
from contributors.models import Unit
from contributors.permissions import get_in_scope_or_404, scope_by_unit
from contributors.roles import Role
from infowork import selectors as infowork_selectors
from infowork.models import CommissionAnswer
from infowork.stats import office_today

from ..access import desk_view
from ..forms_review import CommentForm, NoteForm, QueueFilterForm
from ..paragraphs import paragraphs_with_comments
from .records import article_records

PAGE_SIZE = 20
S = Article.Status
# The review actions the desk offers, in the order of the side panel, with their button style.
REVIEW_ACTIONS = {"accept": "primary", "return": "warning", "reject": "quiet-danger", "reopen": "warning"}
UNITS = Prefetch("units", queryset=Unit.objects.only("pk", "name", "short_name").order_by("position", "name"))


def _queue(user):
    """The articles waiting for review, oldest first, without their bodies."""
    return (
        scope_by_unit(Article.objects.filter(status=S.SUBMITTED), user)
        .select_related("author")
        .only(
            "pk",
            "title",
            "status",
            "submitted_at",
            "word_count",
            "author__username",
            "author__first_name",
            "author__last_name",
        )
        .prefetch_related(UNITS)
        .order_by("submitted_at", "pk")
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


LATE_ROWS = 200  # late units read for the panel (it names the first commissions' units)


@require_safe
@desk_view(Role.EDITOR)
def review_queue(request):
    form = QueueFilterForm(request.GET or None)
    articles = _queue(request.user)
    query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            articles = articles.filter(title__icontains=data["q"])
        if data["unit"]:
            articles = articles.filter(units=data["unit"])
        if data["from"]:
            articles = articles.filter(submitted_at__gte=_day_start(data["from"]))
        if data["to"]:
            articles = articles.filter(submitted_at__lt=_day_start(data["to"] + datetime.timedelta(days=1)))
        query = request.GET.copy()
        query.pop("page", None)
        query = query.urlencode()
    elif form.is_bound:
        articles = articles.none()
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/review_queue.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(article) for article in page.object_list],
            "query": query,
            "filtered": form.is_bound,
            **_infowork_waiting(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _infowork_waiting(limit: int = 5) -> dict:
    """What information work waits for, beside the queue: leader instructions without the unit's
    feedback (the oldest first) and the units late with an answer to a commission, by commission.
    Two queries, four when there are more than the panel names."""
    today = office_today()
    waiting = infowork_selectors.instructions_waiting().prefetch_related(None)
    instructions = [
        {"instruction": item, "days": infowork_selectors.waiting_days(item, today)}
        for item in waiting[:limit]
    ]
    late: dict[int, dict] = {}
    targets = infowork_selectors.late_targets(today=today)
    rows = list(targets[:LATE_ROWS])
    for target in rows:
        entry = late.setdefault(target.commission_id, {"commission": target.commission, "units": []})
        entry["units"].append(target.unit.name)
    return {
        "waiting_instructions": instructions,
        "waiting_instruction_count": waiting.count() if len(instructions) == limit else len(instructions),
        "late_commissions": [
            {**entry, "names": "、".join(entry["units"])} for entry in list(late.values())[:limit]
        ],
        "late_unit_count": targets.count() if len(rows) == LATE_ROWS else len(rows),
    }


def _row(article: Article) -> dict:
    return {
        "article": article,
        "units": "、".join(unit.name for unit in article.units.all()),
        "author": display_name(article.author),
    }


def _neighbours(article: Article, user) -> tuple[Article | None, Article | None]:
    """The articles before and after this one in the queue (only while it is in the queue)."""
    if article.status != S.SUBMITTED or article.submitted_at is None:
        return None, None
    queue = scope_by_unit(Article.objects.filter(status=S.SUBMITTED), user).only("pk", "title")
    at = article.submitted_at
    earlier = Q(submitted_at__lt=at) | Q(submitted_at=at, pk__lt=article.pk)
    later = Q(submitted_at__gt=at) | Q(submitted_at=at, pk__gt=article.pk)
    previous = queue.filter(earlier).order_by("-submitted_at", "-pk").first()
    following = queue.filter(later).order_by("submitted_at", "pk").first()
    return previous, following


def _article_or_404(user, pk: int) -> Article:
    return get_in_scope_or_404(
        Article.objects.select_related("issue", "section", "author").prefetch_related(UNITS), user, pk=pk
    )


def _attribution(article: Article) -> str:
    """The attribution as it will print: the byline if there is one, else the units' names."""
    text = article.byline or "、".join(unit.name for unit in article.units.all())
    return f"（{text}）" if text else ""


@require_safe
@desk_view(Role.EDITOR)
def review(request, pk: int):
    article = _article_or_404(request.user, pk)
    return _review_page(request, article)


def _review_page(request, article: Article, *, comment_form: CommentForm | None = None, status: int = 200):
    try:
        open_paragraph = int(request.GET.get("paragraph", ""))
    except ValueError:
        open_paragraph = None
    paragraphs, general = paragraphs_with_comments(article, open_paragraph=open_paragraph)
    history = (
        ArticleTransition.objects.filter(article=article).select_related("actor").order_by("-created", "-pk")
    )
    previous, following = _neighbours(article, request.user)
    actions = [
        {
            "label": transition.label,
            "url": reverse("desk:review_action", args=[article.pk, transition.action]),
            "style": REVIEW_ACTIONS[transition.action],
        }
        for transition in available_transitions(article, request.user)
        if transition.action in REVIEW_ACTIONS
    ]
    actions.sort(key=lambda action: list(REVIEW_ACTIONS.values()).index(action["style"]))
    return render(
        request,
        "desk/review.html",
        {
            "article": article,
            "attribution": _attribution(article),
            "paragraphs": paragraphs,
            "general_comments": general,
            "comment_form": comment_form or CommentForm(),
            "history": history,
            "actions": actions,
            "editable": can_edit(article, request.user),
            "previous": previous,
            "following": following,
            "commission_answer": CommissionAnswer.objects.select_related("commission")
            .filter(article=article)
            .first(),
            "records": article_records(article),
        },
        status=status,
    )


def _told(article: Article, action: str, user) -> list[str]:
    """Who gets an e-mail about ``action`` (nobody for the steps that notify no one)."""
    if action not in NOTIFIED_ACTIONS:
        return []
    return [display_name(person) for person in article_audience(article, exclude=user)]


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def review_action(request, pk: int, action: str):
    if action not in REVIEW_ACTIONS:
        raise Http404
    article = _article_or_404(request.user, pk)
    transition = TRANSITIONS[action]
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        label=transition.note_label,
        required=transition.note_required,
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        following = _neighbours(article, request.user)[1]
        try:
            ACTION_SERVICES[action](article=article, actor=request.user, note=form.cleaned_data["note"])
        except WorkflowError as exc:
            error = " ".join(exc.messages)
        else:
            told = _told(article, action, request.user)
            done = _("%(action)s: “%(title)s”.") % {"action": transition.label, "title": article.title}
            if told:
                done += " " + _("Told by e-mail: %(names)s.") % {"names": "、".join(told)}
            messages.success(request, done)
            if following is not None:
                return redirect("desk:review", following.pk)
            return redirect("desk:review_queue")
    told = _told(article, action, request.user)
    return render(
        request,
        "desk/review_action.html",
        {
            "article": article,
            "transition": transition,
            "form": form,
            "error": error,
            "told": told,
            "style": REVIEW_ACTIONS[action],
        },
        status=409 if error else (400 if request.method == "POST" else 200),
    )


@require_POST
@desk_view(Role.EDITOR)
def review_comment(request, pk: int):
    article = _article_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        paragraph = form.cleaned_data["paragraph"]
        try:
            article_comment(
                article=article, actor=request.user, text=form.cleaned_data["text"], paragraph=paragraph
            )
        except WorkflowError as exc:
            form.add_error("text", " ".join(exc.messages))
        else:
            messages.success(
                request, _("Your comment was saved. The correspondent sees it when the article is returned.")
            )
            anchor = f"#p-{paragraph}" if paragraph is not None else "#comments"
            return redirect(reverse("desk:review", args=[article.pk]) + anchor)
    return _review_page(request, article, comment_form=form, status=400)
