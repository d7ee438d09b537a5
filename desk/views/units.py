"""The editor's unit list (单位): every contributing unit with its former names (曾用名), the units an
archive import created that nobody has checked yet (新建待核对) with the units they may really be,
and the three things an editor does with a unit — confirm it as a unit of its own, add a former name,
merge it into another unit — each through a page that says what will happen.

Every change goes through ``contributors.services``; the pages only show and confirm."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from contributors.matching import MatchIndex
from contributors.models import Unit, UnitEvent, UnitFormerName, descendant_ids
from contributors.roles import Role
from contributors.services import (
    UnitError,
    merge_plan,
    merge_problem,
    unit_add_former_name,
    unit_confirm,
    unit_merge,
)

from ..access import desk_view
from ..forms_units import FormerNameForm, MergeForm, UnitSearchForm

PAGE_SIZE = 30
CHOICES = 20
FORMER = Prefetch("former_names", queryset=UnitFormerName.objects.order_by("-until_year", "name"))


def _rows(queryset):
    """Units with their parent, former names and number of articles: three queries for a page."""
    return (
        queryset.select_related("parent")
        .prefetch_related(FORMER)
        .annotate(article_count=Count("articles"))
        .order_by("position", "name", "pk")
    )


def _search(queryset, q: str):
    if not q:
        return queryset
    former = UnitFormerName.objects.filter(unit_id=OuterRef("pk"), name__icontains=q)
    return queryset.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Exists(former))


def _tabs(current: str) -> list[dict]:
    waiting = Unit.objects.filter(needs_review=True).count()
    return [
        {"url_name": "desk:unit_list", "label": _("All units"), "count": None, "current": current == "all"},
        {
            "url_name": "desk:unit_review",
            "label": _("New, to be checked"),
            "count": waiting,
            "current": current == "review",
        },
    ]


class Suggestions:
    """The units each name may be (same place under another level, or 总 written or not), from one
    read of every unit's current, short and former names."""

    def __init__(self):
        self.units = {
            pk: (name, active)
            for pk, name, active in Unit.objects.order_by().values_list("pk", "name", "active")
        }
        pairs = [(pk, name) for pk, (name, _active) in self.units.items()]
        pairs += list(Unit.objects.exclude(short_name="").order_by().values_list("pk", "short_name"))
        pairs += list(UnitFormerName.objects.order_by().values_list("unit_id", "name"))
        self.index = MatchIndex(pairs)

    def for_unit(self, unit: Unit) -> list[dict]:
        found = self.index.matches(unit.name, exclude=unit.pk)
        if unit.short_name:
            found |= self.index.matches(unit.short_name, exclude=unit.pk)
        return sorted(
            ({"pk": pk, "name": self.units[pk][0]} for pk in found if pk in self.units and self.units[pk][1]),
            key=lambda row: row["name"],
        )


def _list_page(request, *, queryset, current: str, template: str, suggest: bool):
    form = UnitSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    units = _search(queryset, q) if form.is_valid() or not form.is_bound else queryset.none()
    page = Paginator(_rows(units), PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = Suggestions() if suggest and page.object_list else None
    rows = [
        {"unit": unit, "matches": suggestions.for_unit(unit) if suggestions else []}
        for unit in page.object_list
    ]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "tabs": _tabs(current),
            "query": f"q={q}" if q else "",
            "searched": bool(q),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_safe
@desk_view(Role.EDITOR)
def unit_list(request):
    return _list_page(
        request, queryset=Unit.objects.all(), current="all", template="desk/unit_list.html", suggest=False
    )


@require_safe
@desk_view(Role.EDITOR)
def unit_review(request):
    return _list_page(
        request,
        queryset=Unit.objects.filter(needs_review=True),
        current="review",
        template="desk/unit_review.html",
        suggest=True,
    )


def _unit_or_404(pk: int) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), pk=pk)


@require_safe
@desk_view(Role.EDITOR)
def unit_detail(request, pk: int):
    unit = _unit_or_404(pk)
    return render(
        request,
        "desk/unit_detail.html",
        {
            "unit": unit,
            "former_names": unit.former_names.order_by("-until_year", "name"),
            "articles": unit.articles.count(),
            "staff": unit.staff.count(),
            "children": unit.children.order_by("position", "name"),
            "history": UnitEvent.objects.filter(unit=unit).select_related("actor")[:20],
            "matches": Suggestions().for_unit(unit) if unit.needs_review else [],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def unit_confirm_view(request, pk: int):
    unit = _unit_or_404(pk)
    error = "" if unit.needs_review else _("%(unit)s has already been confirmed.") % {"unit": unit.name}
    if request.method == "POST" and not error:
        try:
            unit_confirm(actor=request.user, unit=unit)
        except UnitError as exc:
            error = exc.message
        else:
            messages.success(request, _("%(unit)s is confirmed as a unit of its own.") % {"unit": unit.name})
            return redirect("desk:unit_review")
    return render(
        request,
        "desk/unit_confirm.html",
        {"unit": unit, "error": error, "matches": Suggestions().for_unit(unit)},
        status=409 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def unit_former_name(request, pk: int):
    unit = _unit_or_404(pk)
    form = FormerNameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit_add_former_name(
                actor=request.user,
                unit=unit,
                name=data["name"],
                until_year=data["until_year"],
                note=data["note"],
            )
        except UnitError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(
                request,
                _("%(name)s is now a former name of %(unit)s; imports of that name count for %(unit)s.")
                % {"name": data["name"], "unit": unit.name},
            )
            return redirect("desk:unit_detail", unit.pk)
    existing = Unit.objects.filter(name=form.data.get("name", "").strip()).exclude(pk=unit.pk).first()
    return render(
        request,
        "desk/unit_former_name.html",
        {"unit": unit, "form": form, "other": existing},
        status=400 if form.is_bound else 200,
    )


@require_safe
@desk_view(Role.EDITOR)
def unit_merge_choose(request, pk: int):
    unit = _unit_or_404(pk)
    form = UnitSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    below = descendant_ids([unit.pk])
    candidates = []
    if q:
        candidates = list(
            _search(Unit.objects.filter(active=True).exclude(pk__in=below), q)
            .select_related("parent")
            .order_by("position", "name")[:CHOICES]
        )
    matches = [match for match in Suggestions().for_unit(unit) if match["pk"] not in below]
    return render(
        request,
        "desk/unit_merge_choose.html",
        {"unit": unit, "form": form, "q": q, "candidates": candidates, "matches": matches},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def unit_merge_confirm(request, pk: int, target_pk: int):
    source = _unit_or_404(pk)
    target = Unit.objects.select_related("parent").filter(pk=target_pk).first()
    error = merge_problem(source, target)
    form = MergeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not error and form.is_valid():
        try:
            unit_merge(actor=request.user, source=source, target=target, note=form.cleaned_data["note"])
        except UnitError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s; its name is now a former name of %(target)s.")
                % {"source": source.name, "target": target.name},
            )
            return redirect("desk:unit_detail", target.pk)
    plan = merge_plan(source, target) if target is not None and not error else None
    if error:
        status = 404 if target is None else 409
    else:
        status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "desk/unit_merge_confirm.html",
        {"source": source, "target": target, "plan": plan, "form": form, "error": error},
        status=status,
    )
