"""The correspondent's desk (通讯员): my articles, write and edit, the article's page, and the
confirm pages of 报送 and 撤回. Every change goes through ``articles.services``; out of the user's
unit scope is 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from articles import services
from articles import views as article_views
from articles.models import Article, ArticleAction, ArticleTransition
from articles.notifications import display_name, users_with_role
from articles.revisions import office_changes
from contributors.permissions import get_in_scope_or_404, scope_by_unit
from contributors.roles import Role
from infowork import selectors as infowork_selectors
from infowork.models import Commission, CommissionAnswer
from infowork.services import commission_answer
from infowork.stats import office_today

from ..access import desk_view
from ..forms_article import ArticleForm
from ..forms_commissions import SubmitCommissionForm
from ..paragraphs import paragraphs_with_comments
from .records import article_records

S = Article.Status
PER_PAGE = 20
WRITERS = (Role.CORRESPONDENT, Role.EDITOR)

# The states in the correspondent's own words, in the order of the tabs.
STATUS_LABELS = {
    S.DRAFT: pgettext_lazy("article state on the desk", "Draft"),
    S.RETURNED: pgettext_lazy("article state on the desk", "Returned for revision"),
    S.SUBMITTED: pgettext_lazy("article state on the desk", "Submitted"),
    S.ACCEPTED: pgettext_lazy("article state on the desk", "Accepted"),
    S.PUBLISHED: pgettext_lazy("article state on the desk", "Published"),
    S.REJECTED: pgettext_lazy("article state on the desk", "Rejected"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def attribution(article: Article, units) -> str:
    """The attribution as it will print: the byline, else the unit names, in full-width parentheses."""
    if article.byline:
        return article.attribution
    names = "、".join(unit.name for unit in units)
    return f"（{names}）" if names else ""


def _articles(user):
    """The articles in the user's scope (an EXISTS on the unit links: no duplicates, counts stay right)."""
    return scope_by_unit(Article.objects.all(), user)


def _article_or_404(user, pk: int) -> Article:
    return get_in_scope_or_404(Article.objects.select_related("issue"), user, pk=pk)


def _latest_notes(article_ids, actions) -> dict[int, ArticleTransition]:
    """The latest note of each action per article, for a page of articles in one query."""
    latest = {}
    rows = (
        ArticleTransition.objects.filter(article_id__in=article_ids, action__in=actions)
        .select_related("actor")
        .order_by("article_id", "-created", "-pk")
    )
    for row in rows:
        latest.setdefault((row.article_id, row.action), row)
    return latest


# --- 我的稿件 ------------------------------------------------------------------------------------------


@require_safe
@desk_view(Role.CORRESPONDENT)
def my_articles(request):
    articles = _articles(request.user)
    counts = {row["status"]: row["n"] for row in articles.values("status").annotate(n=Count("pk")).order_by()}
    current = request.GET.get("status", "")
    if current not in STATUS_LABELS:
        current = ""
    tabs = [
        {"status": status, "label": label, "count": counts.get(status, 0), "current": status == current}
        for status, label in STATUS_LABELS.items()
    ]
    tabs.append(
        {
            "status": "",
            "label": pgettext_lazy("article state on the desk", "All"),
            "count": sum(counts.values()),
            "current": current == "",
        }
    )
    listed = articles.filter(status=current) if current else articles
    listed = listed.select_related("issue").defer("body", "search_text")
    page = Paginator(listed.order_by("-updated", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    notes = _latest_notes([article.pk for article in rows], [ArticleAction.RETURN, ArticleAction.REJECT])
    for article in rows:
        article.status_label = status_label(article.status)
        article.desk_note = None
        if article.status == S.RETURNED:
            article.desk_note = notes.get((article.pk, ArticleAction.RETURN))
        elif article.status == S.REJECTED:
            article.desk_note = notes.get((article.pk, ArticleAction.REJECT))
    return render(
        request,
        "desk/article_list.html",
        {
            "page": page,
            "rows": rows,
            "tabs": tabs,
            "current": current,
            # What the office waits for from the unit: 约稿 not yet answered, 领导批示 without 落实情况.
            "commissions": list(infowork_selectors.commissions_to_answer(request.user)[:10]),
            "instructions": _instructions_waiting(request.user),
        },
    )


def _instructions_waiting(user, limit: int = 10) -> list[dict]:
    """The unit's leader instructions still waiting for its feedback (落实情况), the oldest first."""
    today = office_today()
    waiting = infowork_selectors.instructions_waiting(user=user).prefetch_related(None)[:limit]
    return [{"instruction": item, "days": infowork_selectors.waiting_days(item, today)} for item in waiting]


# --- 写稿 and edit ------------------------------------------------------------------------------------


def _form_page(request, form, *, article=None, status=200, current=None):
    return render(
        request,
        "desk/article_form.html",
        {
            "form": form,
            "article": article,
            "current": current,
            "has_unit_choices": form.fields["units"].queryset.exists(),
        },
        status=status,
    )


def _asked_for(request) -> int | None:
    """The commission of a “写稿应约” link (``?commission=<id>``), if the id is a number."""
    value = request.GET.get("commission", "")
    return int(value) if value.isdigit() and len(value) < 18 else None


@require_http_methods(["GET", "POST"])
@desk_view(*WRITERS)
def article_create(request):
    form = ArticleForm(request.POST or None, user=request.user, commission=_asked_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # The draft and its answer to a commission are saved together, or neither.
            with transaction.atomic():
                article = services.article_create(
                    actor=request.user, title=data["title"], body=data["body"], units=form.chosen_units()
                )
                if data.get("commission") is not None:
                    commission_answer(actor=request.user, commission=data["commission"], article=article)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The article was saved as a draft."))
            return redirect("desk:article_detail", pk=article.pk)
    status = 400 if form.is_bound else 200
    return _form_page(request, form, status=status)


@require_http_methods(["GET", "POST"])
@desk_view(*WRITERS)
def article_edit(request, pk: int):
    article = _article_or_404(request.user, pk)
    problem = services.edit_problem(article, request.user)
    if problem:
        messages.error(request, problem)
        return redirect("desk:article_detail", pk=article.pk)
    if request.method != "POST":
        return _form_page(request, ArticleForm(user=request.user, article=article), article=article)
    form = ArticleForm(request.POST, user=request.user, article=article)
    if not form.is_valid():
        return _form_page(request, form, article=article, status=400)
    data = form.cleaned_data
    changes = {"title": data["title"], "body": data["body"]}
    units = form.chosen_units()
    if {unit.pk for unit in units} != services.article_unit_ids(article):
        changes["units"] = units
    try:
        with transaction.atomic():
            services.article_update(
                article=article, actor=request.user, data=changes, base_version=data.get("base_version")
            )
            if form.commission_changed():
                commission_answer(actor=request.user, commission=data.get("commission"), article=article)
    except services.EditConflict as error:
        # Keep the user's text; the next save starts from the version now saved.
        post = request.POST.copy()
        post["base_version"] = str(error.current.version)
        form = ArticleForm(post, user=request.user, article=article)
        form.is_valid()
        form.add_error(None, error.message)
        return _form_page(request, form, article=article, status=409, current=error.current)
    except services.WorkflowError as error:
        form.add_error(None, error.message)
        return _form_page(request, form, article=article, status=400)
    messages.success(request, _("Your changes were saved."))
    return redirect("desk:article_detail", pk=article.pk)


# --- The article's page -------------------------------------------------------------------------------


def _actions(article, user) -> list[str]:
    actions = []
    if services.can_edit(article, user):
        actions.append("edit")
    for transition in services.available_transitions(article, user):
        if transition.action in (ArticleAction.SUBMIT, ArticleAction.WITHDRAW):
            actions.append(transition.action)
    return actions


@require_safe
@desk_view(*WRITERS)
def article_detail(request, pk: int):
    article = _article_or_404(request.user, pk)
    units = list(article.units.all())
    note = None
    if article.status == S.RETURNED:
        note = services.latest_return_note(article)
    elif article.status == S.REJECTED:
        note = _latest_notes([article.pk], [ArticleAction.REJECT]).get((article.pk, ArticleAction.REJECT))
    paragraphs, general_comments = paragraphs_with_comments(article)
    changes = office_changes(article) if article.status in (S.ACCEPTED, S.PUBLISHED) else None
    return render(
        request,
        "desk/article_detail.html",
        {
            "article": article,
            "paragraphs": paragraphs,
            "general_comments": general_comments,
            "changes": changes,
            "status_label": status_label(article.status),
            "units": units,
            "attribution": attribution(article, units),
            "note": note,
            "characters": article.word_count,
            "actions": _actions(article, request.user),
            "commission": Commission.objects.filter(answers__article=article).first(),
            "records": article_records(article),
        },
    )


# --- 报送 and 撤回 -------------------------------------------------------------------------------------

CONFIRMED_SERVICES = {
    ArticleAction.SUBMIT: services.article_submit,
    ArticleAction.WITHDRAW: services.article_withdraw,
}


def _submit_commission_form(request, article):
    """The submit page's 应约 choice, while the article is with its unit and a commission could be
    chosen; None otherwise. The article's current answer is shown either way."""
    answer = CommissionAnswer.objects.select_related("commission").filter(article=article).first()
    current = answer.commission if answer is not None else None
    if article.status not in (S.DRAFT, S.RETURNED):
        return None, current
    form = SubmitCommissionForm(
        request.POST if request.method == "POST" else None, user=request.user, current=current
    )
    if not form.fields["commission"].queryset.exists():
        return None, current
    return form, current


def _confirm(request, pk: int, action: str):
    """GET says what will happen and to whom, and changes nothing; POST does it through the service."""
    article = _article_or_404(request.user, pk)
    # Who the submission's e-mail goes to (articles.notifications sends it to the same people).
    editors = [display_name(user) for user in users_with_role(Role.EDITOR).order_by("pk")]
    commission_form, current = (None, None)
    if action == ArticleAction.SUBMIT:
        commission_form, current = _submit_commission_form(request, article)
    if request.method == "POST":
        if commission_form is not None and not commission_form.is_valid():
            messages.error(request, " ".join(str(e) for e in commission_form.errors.get("commission", [])))
            return redirect("desk:article_submit", pk=article.pk)
        try:
            with transaction.atomic():
                if commission_form is not None and "commission" in request.POST:
                    chosen = commission_form.cleaned_data.get("commission")
                    if chosen != current:
                        commission_answer(actor=request.user, commission=chosen, article=article)
                CONFIRMED_SERVICES[action](article=article, actor=request.user)
        except services.WorkflowError as error:
            messages.error(request, error.message)
            return redirect("desk:article_detail", pk=article.pk)
        if action == ArticleAction.SUBMIT:
            if editors:
                messages.success(
                    request,
                    _("The article was submitted. The editorial office (%(names)s) has been notified.")
                    % {"names": "、".join(editors)},
                )
            else:
                messages.success(request, _("The article was submitted to the editorial office."))
        else:
            messages.success(
                request,
                _("The article was withdrawn and is a draft again; nobody was notified."),
            )
        return redirect("desk:article_detail", pk=article.pk)
    problem = services.state_problem(article, services.TRANSITIONS[action])
    return render(
        request,
        "desk/article_confirm.html",
        {
            "article": article,
            "action": action,
            "status_label": status_label(article.status),
            "editors": "、".join(editors),
            "problem": problem,
            "commission_form": commission_form,
            "commission": current,
        },
    )


@require_http_methods(["GET", "POST"])
@desk_view(*WRITERS)
def article_submit(request, pk: int):
    return _confirm(request, pk, ArticleAction.SUBMIT)


@require_http_methods(["GET", "POST"])
@desk_view(*WRITERS)
def article_withdraw(request, pk: int):
    return _confirm(request, pk, ArticleAction.WITHDRAW)


# --- 从Word导入 ----------------------------------------------------------------------------------------

# The articles app's Word import, shown in the desk's frame and leading back to the desk's pages.
DESK_WORD_PAGES = article_views.WordPages(
    template="desk/article_word_import.html",
    article_url="desk:article_detail",
    list_url="desk:my_articles",
    import_url="desk:article_word_import",
)


@desk_view(*WRITERS)
def article_word_create(request):
    """A new draft from a Word document."""
    return article_views.word_create(request, pages=DESK_WORD_PAGES)


@desk_view(*WRITERS)
def article_word_import(request, pk: int):
    """A Word document into an article's body (a preview first when the body is not empty)."""
    return article_views.word_import(request, pk, pages=DESK_WORD_PAGES)
