"""The editor's issues: the list by state, 新建下一期, and the compose page (组版) — the issue as it will
print with each section a drop zone, the adopted pieces not yet placed beside it (paged, searchable),
the masthead and the footer lines, the problems to settle, and 送签.

Every change goes through the services: ``articles.services.article_place``/``article_remove``,
``bulletin.services.issue_move_article``/``issue_update_masthead``/``issue_create``/
``issue_send_for_signoff``/``issue_take_back``, ``distribution.services.issue_line_set``. A POST from
htmx (drag and drop, the buttons with JavaScript) gets the compose body back; without JavaScript it
gets a redirect to the page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article
from articles.notifications import display_name, users_with_role
from articles.services import WorkflowError, article_place, article_remove
from bulletin import services as issue_services
from bulletin.models import Issue, Section
from bulletin.selectors import issue_warnings
from contributors.models import Unit
from contributors.permissions import get_in_scope_or_404
from contributors.roles import Role
from distribution.models import LineKind
from distribution.selectors import lines_by_kind
from distribution.services import issue_line_set

from ..access import desk_view
from ..forms_compose import FooterLineForm, MastheadForm

S = Issue.Status
PAGE_SIZE = 20
WAITING_SIZE = 15
UNITS = Prefetch("units", queryset=Unit.objects.only("pk", "name").order_by("position", "name"))
ARTICLE_FIELDS = (
    "pk",
    "title",
    "byline",
    "status",
    "section_id",
    "position",
    "issue_id",
    "word_count",
    "accepted_at",
)
# The tabs of the issue list, in the order of the work.
STATES = (S.DRAFTING, S.PENDING_SIGNOFF, S.SIGNED, S.PUBLISHED)


# --- The issue list ---------------------------------------------------------------------------------


@require_safe
@desk_view(Role.EDITOR)
def issue_list(request):
    counts = dict(Issue.objects.values_list("status").annotate(n=Count("pk")).order_by())
    current = request.GET.get("status", S.DRAFTING)
    if current not in STATES:
        current = S.DRAFTING
    tabs = [
        {"status": state, "label": S(state).label, "count": counts.get(state, 0), "current": state == current}
        for state in STATES
    ]
    issues = (
        Issue.objects.filter(status=current)
        .annotate(article_count=Count("articles"))
        .order_by("-year", "-number")
    )
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/issue_list.html",
        {"tabs": tabs, "current": current, "page": page, "query": f"status={current}"},
    )


@require_POST
@desk_view(Role.EDITOR)
def issue_create_next(request):
    try:
        issue = issue_services.issue_create(actor=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("desk:issue_list")
    messages.success(
        request,
        _("%(issue)s was created. Place the adopted articles into its sections.") % {"issue": issue.label},
    )
    return redirect("desk:compose", issue.pk)


# --- The compose page -------------------------------------------------------------------------------


def _issue_or_404(pk: int) -> Issue:
    return get_object_or_404(Issue.objects.select_related("publication"), pk=pk)


def _sections(placed: list[Article]) -> list[Section]:
    sections = list(Section.objects.filter(active=True).order_by("position", "pk"))
    known = {section.pk for section in sections}
    missing = {article.section_id for article in placed} - known
    if missing:
        sections += list(Section.objects.filter(pk__in=missing))
    return sorted(sections, key=lambda section: (section.position, section.pk))


def _waiting(request):
    """The adopted articles not yet in any issue, oldest adopted first, searchable by title."""
    query = (request.GET.get("q") or "").strip()[:100].replace("\x00", "")
    articles = (
        Article.objects.filter(status=Article.Status.ACCEPTED, issue__isnull=True)
        .only(*ARTICLE_FIELDS)
        .prefetch_related(UNITS)
        .order_by("accepted_at", "pk")
    )
    if query:
        articles = articles.filter(title__icontains=query)
    return query, Paginator(articles, WAITING_SIZE).get_page(request.GET.get("waiting"))


def _compose_context(request, issue: Issue, *, masthead=None, lines=None) -> dict:
    placed = list(
        issue.articles.only(*ARTICLE_FIELDS)
        .prefetch_related(UNITS)
        .order_by("section__position", "section_id", "position", "pk")
    )
    sections = _sections(placed)
    groups = [
        {"section": section, "articles": [a for a in placed if a.section_id == section.pk]}
        for section in sections
    ]
    composing = issue.status == S.DRAFTING
    query, waiting = _waiting(request) if composing else ("", None)
    current_lines = lines_by_kind(issue)
    line_forms = lines or {}
    footer = []
    for kind in LineKind:
        line = current_lines.get(kind)
        form = line_forms.get(kind) or FooterLineForm(
            kind=kind,
            initial={"groups": list(line.groups.all()) if line else [], "text": line.text if line else ""},
        )
        footer.append({"kind": kind, "label": kind.label, "line": line, "form": form})
    transitions = [
        transition
        for transition in issue_services.available_transitions(issue, request.user)
        if transition.action in ("send_for_signoff", "take_back")
    ]
    return {
        "issue": issue,
        "groups": groups,
        "sections": sections,
        "composing": composing,
        "waiting": waiting,
        "query": query,
        "waiting_query": f"q={query}" if query else "",
        "masthead": masthead or MastheadForm.for_issue(issue),
        "footer": footer,
        "problems": issue_services.issue_problems(issue) if composing else [],
        "warnings": issue_warnings(issue) if composing else [],
        "transitions": transitions,
        "log": list(issue.transitions.select_related("actor").order_by("-created", "-pk")[:10]),
    }


def _compose_response(request, issue: Issue, *, status: int = 200, **forms):
    template = "desk/_compose_body.html" if request.htmx else "desk/compose.html"
    return render(request, template, _compose_context(request, issue, **forms), status=status)


@require_safe
@desk_view(Role.EDITOR)
def compose(request, pk: int):
    return _compose_response(request, _issue_or_404(pk))


def _after_change(request, issue: Issue, anchor: str = ""):
    """htmx: the compose body again (with the messages); otherwise back to the page."""
    if request.htmx:
        return _compose_response(request, issue)
    url = reverse("desk:compose", args=[issue.pk])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _posted_article(request, queryset=None) -> Article:
    try:
        pk = int(request.POST.get("article", ""))
    except ValueError:
        raise Http404 from None
    return get_in_scope_or_404(
        queryset if queryset is not None else Article.objects.all(), request.user, pk=pk
    )


def _posted_int(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if not 0 < number < 100_000:
        raise Http404
    return number


@require_POST
@desk_view(Role.EDITOR)
def compose_place(request, pk: int):
    """编入 (and every drag): the article into ``section`` at ``position`` (1-based; default: last)."""
    issue = _issue_or_404(pk)
    article = _posted_article(request)
    section_pk = _posted_int(request, "section")
    section = Section.objects.filter(pk=section_pk).first() if section_pk else None
    try:
        article_place(
            article=article,
            actor=request.user,
            issue=issue,
            section=section,
            position=_posted_int(request, "position"),
        )
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is in 【%(section)s】, position %(position)s.")
            % {"title": article.title, "section": section.name, "position": article.position},
        )
    return _after_change(request, issue, f"article-{article.pk}")


@require_POST
@desk_view(Role.EDITOR)
def compose_move(request, pk: int):
    issue = _issue_or_404(pk)
    article = _posted_article(request, issue.articles.all())
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    try:
        issue_services.issue_move_article(
            issue=issue, article=article, actor=request.user, direction=direction
        )
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    return _after_change(request, issue, f"article-{article.pk}")


@require_POST
@desk_view(Role.EDITOR)
def compose_remove(request, pk: int):
    issue = _issue_or_404(pk)
    article = _posted_article(request, issue.articles.all())
    try:
        article_remove(article=article, actor=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” was taken out of the issue; it waits in the list of adopted articles.")
            % {"title": article.title},
        )
    return _after_change(request, issue)


@require_POST
@desk_view(Role.EDITOR)
def compose_masthead(request, pk: int):
    issue = _issue_or_404(pk)
    form = MastheadForm.for_issue(issue, request.POST)
    if form.is_valid():
        try:
            issue_services.issue_update_masthead(issue=issue, actor=request.user, data=form.cleaned_data)
        except WorkflowError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The masthead was saved."))
            return _after_change(request, issue, "masthead")
    return _compose_response(request, issue, masthead=form, status=400)


@require_POST
@desk_view(Role.EDITOR)
def compose_footer(request, pk: int, kind: str):
    if kind not in LineKind.values:
        raise Http404
    issue = _issue_or_404(pk)
    form = FooterLineForm(request.POST, kind=kind)
    if form.is_valid():
        try:
            issue_line_set(
                issue=issue,
                actor=request.user,
                kind=kind,
                groups=form.cleaned_data["groups"],
                text=form.cleaned_data["text"],
            )
        except WorkflowError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The line “%(kind)s” was saved.") % {"kind": LineKind(kind).label})
            return _after_change(request, issue, "footer")
    return _compose_response(request, issue, lines={kind: form}, status=400)


# --- 送签 and 退回编辑 -------------------------------------------------------------------------------


ISSUE_STEPS = {
    "send_for_signoff": issue_services.issue_send_for_signoff,
    "take_back": issue_services.issue_take_back,
}


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def compose_step(request, pk: int, action: str):
    """送签 (with a note for the signer) and 退回编辑 (an issue waiting for sign-off back to drafting):
    a page that says what will happen and to whom; the POST does it."""
    if action not in ISSUE_STEPS:
        raise Http404
    issue = _issue_or_404(pk)
    transition = issue_services.TRANSITIONS[action]
    note = (request.POST.get("note") or "").strip()
    errors = []
    if request.method == "POST":
        if "\x00" in note or len(note) > 5000:
            errors.append(_("The note is too long or contains a character that cannot be stored."))
        else:
            try:
                ISSUE_STEPS[action](issue=issue, actor=request.user, note=note)
            except WorkflowError as error:
                errors.extend(error.messages)
            else:
                if action == "send_for_signoff":
                    messages.success(
                        request,
                        _("%(issue)s was sent for sign-off. The signers were told by e-mail.")
                        % {"issue": issue.label},
                    )
                    return redirect(reverse("desk:issue_list") + f"?status={S.PENDING_SIGNOFF}")
                messages.success(request, _("%(issue)s is being drafted again.") % {"issue": issue.label})
                return redirect("desk:compose", issue.pk)
    signers = (
        [display_name(user) for user in users_with_role(Role.SIGNER)] if action == "send_for_signoff" else []
    )
    return render(
        request,
        "desk/compose_step.html",
        {
            "issue": issue,
            "action": action,
            "transition": transition,
            "note": note,
            "errors": errors,
            "problems": issue_services.issue_problems(issue) if action == "send_for_signoff" else [],
            "state_problem": issue_services.state_problem(issue, transition),
            "signers": signers,
        },
        status=409 if errors else 200,
    )
