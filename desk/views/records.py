"""Upward adoptions (上级采用) and leader instructions (领导批示) on the desk.

The editor records both from a published article's review page (a form on its own page each),
deletes them on a confirm page, and keeps two lists: 上级采用登记簿 (every adoption, by year, level
and unit) and 领导批示 (those waiting for feedback first, with how long they have waited). A
correspondent sees their unit's adoptions and instructions on their article pages and reports what
was done (落实情况) on 批示落实.

Every change goes through ``infowork.services``; reads through ``infowork.selectors``. Out of the
user's unit scope is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from articles.notifications import display_name
from articles.services import WorkflowError
from contributors.permissions import get_in_scope_or_404, scope_by_unit
from contributors.roles import Role, has_role
from infowork import selectors, services
from infowork.models import Instruction, Level, UpwardAdoption
from infowork.stats import office_today

from ..access import desk_view
from ..forms_records import AdoptionFilterForm, AdoptionForm, DeleteForm, FeedbackForm, InstructionForm

PAGE_SIZE = 20
PUBLISHED = Article.Status.PUBLISHED
FEEDBACK_ROLES = (Role.CORRESPONDENT, Role.EDITOR)
# The office's lists: editors work on them, signers read them.
READERS = (Role.EDITOR, Role.SIGNER)


def article_records(article: Article) -> dict | None:
    """What the article pages show of its adoptions and instructions (``None`` when it has none and
    is not published: then there is nothing to show or record)."""
    adoptions, instructions = selectors.article_records(article)
    if article.status != PUBLISHED and not adoptions and not instructions:
        return None
    return {"adoptions": adoptions, "instructions": instructions, "published": article.status == PUBLISHED}


def _published_article_or_404(user, pk: int) -> Article:
    return get_in_scope_or_404(
        Article.objects.select_related("issue").defer("body", "search_text"), user, pk=pk
    )


def _back(article: Article) -> str:
    return reverse("desk:review", args=[article.pk]) + "#records"


# --- 登记上级采用 / 登记领导批示 ------------------------------------------------------------------


def _record_page(request, pk: int, *, kind: str, form_class, not_published, record, done, audience=None):
    """The form page that records an adoption or an instruction on a published article: ``record``
    (article, cleaned data) calls the service, ``done`` is the success message (``%(title)s``), and
    ``audience`` (article → users), if given, names who is told by e-mail."""
    article = _published_article_or_404(request.user, pk)
    form = form_class(request.POST if request.method == "POST" else None)
    told = [display_name(user) for user in audience(article)] if audience else None
    error, status = "", 200
    if article.status != PUBLISHED:
        error = not_published % {"title": article.title}
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                record(article, form.cleaned_data)
            except WorkflowError as exc:
                error, status = exc.message, 409
            except ValidationError as exc:
                form.apply(exc)
            else:
                message = done % {"title": article.title}
                if told:
                    message += " " + _("Told by e-mail: %(names)s.") % {"names": "、".join(told)}
                messages.success(request, message)
                return redirect(_back(article))
    context = {
        "article": article,
        "form": form,
        "error": error,
        "kind": kind,
        "possible": article.status == PUBLISHED,
    }
    if told is not None:
        context["told"] = told
    return render(request, "desk/records_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def adoption_create(request, pk: int):
    return _record_page(
        request,
        pk,
        kind="adoption",
        form_class=AdoptionForm,
        not_published=_("“%(title)s” is not published; only a published article can be recorded as adopted."),
        record=lambda article, data: services.upward_adoption_record(
            actor=request.user,
            article=article,
            level=data["level"],
            outlet=data["outlet"],
            date=data["date"],
            note=data["note"],
        ),
        done=_("The upward adoption of “%(title)s” was recorded."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def instruction_create(request, pk: int):
    return _record_page(
        request,
        pk,
        kind="instruction",
        form_class=InstructionForm,
        not_published=_(
            "“%(title)s” is not published; instructions are recorded on published articles only."
        ),
        record=lambda article, data: services.instruction_record(
            actor=request.user,
            article=article,
            leader=data["leader"],
            level=data["level"],
            date=data["date"],
            text=data["text"],
        ),
        done=_("The instruction on “%(title)s” was recorded."),
        audience=services.instruction_audience,
    )


# --- 删除 ----------------------------------------------------------------------------------------


def _delete(request, record, *, kind: str, service):
    article = record.article
    form = DeleteForm(request.POST if request.method == "POST" else None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                service(actor=request.user, reason=form.cleaned_data["reason"], **{kind: record})
            except WorkflowError as exc:
                error, status = exc.message, 409
            except ValidationError as exc:
                form.apply(exc)
            else:
                if kind == "adoption":
                    done = _("The upward adoption (%(outlet)s) was deleted.") % {"outlet": record.outlet}
                else:
                    done = _("The instruction of %(leader)s was deleted.") % {"leader": record.leader}
                messages.success(request, done)
                return redirect(_back(article))
    return render(
        request,
        "desk/records_delete.html",
        {"record": record, "article": article, "kind": kind, "form": form, "error": error},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def adoption_delete(request, pk: int):
    adoption = get_object_or_404(UpwardAdoption.objects.select_related("article", "recorded_by"), pk=pk)
    return _delete(request, adoption, kind="adoption", service=services.upward_adoption_delete)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def instruction_delete(request, pk: int):
    instruction = get_object_or_404(
        Instruction.objects.select_related("article", "recorded_by").prefetch_related("feedback"), pk=pk
    )
    return _delete(request, instruction, kind="instruction", service=services.instruction_delete)


# --- 上级采用登记簿 ------------------------------------------------------------------------------


@require_safe
@desk_view(*READERS)
def adoption_list(request):
    form = AdoptionFilterForm(request.GET or None)
    filters, query = {}, ""
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
        query = request.GET.copy()
        query.pop("page", None)
        query = query.urlencode()
    adoptions = selectors.upward_adoptions(user=request.user, **filters)
    if form.is_bound and not form.is_valid():
        adoptions = adoptions.none()
    page = Paginator(adoptions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {row["level"]: row["n"] for row in _level_counts(adoptions)}
    return render(
        request,
        "desk/records_adoptions.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": form.is_bound,
            "level_counts": [(label, counts.get(value, 0)) for value, label in Level.choices],
            "editor": has_role(request.user, Role.EDITOR),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _level_counts(adoptions):
    from django.db.models import Count

    return adoptions.order_by().values("level").annotate(n=Count("pk"))


# --- 领导批示 (the editor's list) ----------------------------------------------------------------


def _waiting_rows(instructions) -> list[dict]:
    today = office_today()
    return [
        {"instruction": item, "days": selectors.waiting_days(item, today), "units": _units(item)}
        for item in instructions
    ]


def _units(instruction) -> str:
    return "、".join(unit.name for unit in instruction.article.units.all())


@require_safe
@desk_view(*READERS)
def instruction_list(request):
    waiting = _waiting_rows(selectors.instructions_waiting(user=request.user))
    page = Paginator(selectors.instructions_answered(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    answered = [{"instruction": item, "units": _units(item)} for item in page.object_list]
    return render(
        request,
        "desk/records_instructions.html",
        {
            "waiting": waiting,
            "answered": answered,
            "page": page,
            "office": True,
            "editor": has_role(request.user, Role.EDITOR),
        },
    )


# --- 批示落实 (the correspondent's list) and 反馈落实情况 ------------------------------------------


@require_safe
@desk_view(Role.CORRESPONDENT)
def unit_instructions(request):
    waiting, answered = selectors.instructions_for_user(request.user)
    page = Paginator(answered, PAGE_SIZE).get_page(request.GET.get("page"))
    adoptions = selectors.upward_adoptions(user=request.user)[:PAGE_SIZE]
    return render(
        request,
        "desk/records_instructions.html",
        {
            "waiting": _waiting_rows(waiting),
            "answered": [{"instruction": item, "units": _units(item)} for item in page.object_list],
            "page": page,
            "office": False,
            "adoptions": list(adoptions),
        },
    )


def _instruction_or_404(user, pk: int) -> Instruction:
    queryset = Instruction.objects.select_related("article", "recorded_by").prefetch_related("feedback")
    if not has_role(user, Role.EDITOR):
        queryset = queryset.filter(article__in=scope_by_unit(Article.objects.all(), user).values("pk"))
    return get_object_or_404(queryset, pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(*FEEDBACK_ROLES)
def instruction_feedback(request, pk: int):
    instruction = _instruction_or_404(request.user, pk)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    error, status = "", 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.instruction_feedback_record(
                    actor=request.user,
                    instruction=instruction,
                    text=form.cleaned_data["text"],
                    done_on=form.cleaned_data["done_on"],
                )
            except WorkflowError as exc:
                error, status = exc.message, 409
            except ValidationError as exc:
                form.apply(exc)
            else:
                editors = [display_name(user) for user in services.feedback_audience(exclude=request.user)]
                done = _("Your feedback was sent to the editorial office.")
                if editors:
                    done += " " + _("Told by e-mail: %(names)s.") % {"names": "、".join(editors)}
                messages.success(request, done)
                if has_role(request.user, Role.EDITOR):
                    return redirect("desk:instruction_list")
                return redirect("desk:unit_instructions")
    return render(
        request,
        "desk/records_feedback.html",
        {
            "instruction": instruction,
            "article": instruction.article,
            "form": form,
            "error": error,
            "editors": [display_name(user) for user in services.feedback_audience(exclude=request.user)],
            "back": "desk:instruction_list"
            if has_role(request.user, Role.EDITOR)
            else "desk:unit_instructions",
        },
        status=status,
    )
