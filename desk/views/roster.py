"""信息员: every unit with its correspondents (the phone numbers are for the office: editors and
signers see this page, editors change it), naming, changing and ending a correspondent on small
forms and a confirm page. Every change goes through ``infowork.services`` (logged)."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.services.errors import WorkflowError
from contributors.models import Unit
from contributors.roles import Role, has_role
from infowork.models import Correspondent
from infowork.services import correspondent_change, correspondent_end, correspondent_set

from ..access import desk_view
from ..forms import apply_service_errors
from ..forms_points import CorrespondentForm, CorrespondentNameForm


def _name(correspondent: Correspondent) -> str:
    user = correspondent.staff.user
    return user.get_full_name() or user.get_username()


@require_http_methods(["GET", "HEAD"])
@desk_view(Role.EDITOR, Role.SIGNER)
def correspondent_list(request):
    active = (
        Correspondent.objects.filter(active=True)
        .select_related("staff__user", "staff__unit")
        .order_by("staff__user__first_name", "pk")
    )
    by_unit = defaultdict(list)
    for correspondent in active:
        by_unit[correspondent.staff.unit_id].append(correspondent)
    units = [
        {"unit": unit, "correspondents": by_unit.get(unit.pk, [])}
        for unit in Unit.objects.order_by("position", "name", "pk")
        if unit.active or by_unit.get(unit.pk)
    ]
    missing = [row for row in units if not row["correspondents"] and row["unit"].kind != Unit.Kind.DEPARTMENT]
    return render(
        request,
        "desk/correspondents.html",
        {
            "units": units,
            "missing": missing,
            "may_change": has_role(request.user, Role.EDITOR),
        },
    )


def _done(request, message: str):
    messages.success(request, message)
    return redirect("desk:correspondent_list")


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def correspondent_name(request, unit_pk: int):
    unit = get_object_or_404(Unit, pk=unit_pk)
    form = CorrespondentNameForm(request.POST if request.method == "POST" else None, unit=unit)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            named = correspondent_set(
                actor=request.user,
                staff=data["staff"],
                phone=data["phone"],
                since=data["since"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            error = " ".join(exc.messages)
        else:
            return _done(
                request,
                _("%(name)s is now the correspondent of %(unit)s.")
                % {"name": _name(named), "unit": unit.name},
            )
    return render(
        request,
        "desk/correspondent_form.html",
        {"form": form, "unit": unit, "error": error, "naming": True},
        status=200 if request.method != "POST" else (409 if error else 400),
    )


def _correspondent_or_404(pk: int) -> Correspondent:
    return get_object_or_404(
        Correspondent.objects.select_related("staff__user", "staff__unit"), pk=pk, active=True
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def correspondent_edit(request, pk: int):
    correspondent = _correspondent_or_404(pk)
    initial = {"phone": correspondent.phone, "since": correspondent.since, "note": correspondent.note}
    form = CorrespondentForm(request.POST if request.method == "POST" else None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correspondent_change(
                actor=request.user,
                correspondent=correspondent,
                phone=data["phone"],
                since=data["since"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except WorkflowError as exc:
            error = " ".join(exc.messages)
        else:
            return _done(request, _("The details of %(name)s were saved.") % {"name": _name(correspondent)})
    return render(
        request,
        "desk/correspondent_form.html",
        {"form": form, "unit": correspondent.staff.unit, "correspondent": correspondent, "error": error},
        status=200 if request.method != "POST" else (409 if error else 400),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def correspondent_stop(request, pk: int):
    correspondent = _correspondent_or_404(pk)
    error = ""
    if request.method == "POST":
        try:
            correspondent_end(actor=request.user, correspondent=correspondent)
        except WorkflowError as exc:
            error = " ".join(exc.messages)
        else:
            return _done(
                request,
                _("%(name)s is no longer the correspondent of %(unit)s.")
                % {"name": _name(correspondent), "unit": correspondent.staff.unit.name},
            )
    others = Correspondent.objects.filter(active=True, staff__unit=correspondent.staff.unit).exclude(
        pk=correspondent.pk
    )
    return render(
        request,
        "desk/correspondent_end.html",
        {
            "correspondent": correspondent,
            "name": _name(correspondent),
            "unit": correspondent.staff.unit,
            "last_one": not others.exists(),
            "error": error,
        },
        status=409 if error else 200,
    )
