"""约稿 on the desk: the editor's list, 新建约稿, a commission's page with who answered, who is late
and who is still writing, and the confirm pages of 催报, 结束 and 取消. A correspondent sees the
commissions sent to their unit (anything else is 404) and answers one with 写稿应约.

Every change goes through ``infowork.services``; the pages read through ``infowork.selectors``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from articles.notifications import display_name
from articles.services import WorkflowError
from contributors.permissions import unit_scope
from contributors.roles import Role, has_role
from infowork import selectors, services
from infowork.models import Commission

from ..access import desk_view
from ..forms_commissions import CommissionForm, EndForm, RemindForm

C = Commission.Status
PAGE_SIZE = 20
RUNNING = (C.OPEN, C.OVERDUE)

# The tabs of the list, in the office's words; "" is every commission, the running ones first.
TABS = {
    "": pgettext_lazy("commission tab", "All"),
    C.OPEN: pgettext_lazy("commission state", "Open"),
    C.OVERDUE: pgettext_lazy("commission state", "Overdue"),
    C.CLOSED: pgettext_lazy("commission state", "Closed"),
    C.CANCELLED: pgettext_lazy("commission state", "Cancelled"),
}
# The two endings: (the service, the page's heading and button, its button style).
ENDINGS = {
    "close": (services.commission_close, pgettext_lazy("desk action", "Close the commission"), "primary"),
    "cancel": (services.commission_cancel, pgettext_lazy("desk action", "Cancel the commission"), "danger"),
}


def _is_office(user) -> bool:
    return has_role(user, Role.EDITOR)


def _commission_or_404(user, pk: int) -> Commission:
    commission = selectors.commission_for_user(user, pk)
    if commission is None:
        raise Http404
    return commission


# --- 约稿 list ------------------------------------------------------------------------------------------


@require_safe
@desk_view(Role.CORRESPONDENT, Role.EDITOR)
def commission_list(request):
    """The editor's list (every commission) or a correspondent's (those sent to their unit), by state."""
    current = request.GET.get("status", "")
    if current not in TABS:
        current = ""
    listed = selectors.commission_list(current or None, user=request.user)
    counts = selectors.commission_counts(user=request.user)
    tabs = [
        {
            "status": status,
            "label": label,
            "count": sum(counts.values()) if not status else counts.get(status, 0),
            "current": status == current,
        }
        for status, label in TABS.items()
    ]
    page = Paginator(listed.select_related("created_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/commission_list.html",
        {
            "tabs": tabs,
            "current": current,
            "page": page,
            "query": f"status={current}" if current else "",
            "office": _is_office(request.user),
        },
    )


# --- 新建约稿 -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@desk_view(Role.EDITOR)
def commission_create(request):
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commission = services.commission_create(
                actor=request.user,
                title=data["title"],
                brief=data["brief"],
                deadline=data["deadline"],
                units=list(data["units"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except WorkflowError as error:
            form.add_error(None, error.message)
        else:
            told = _told([target.unit for target in commission.targets.select_related("unit")])
            done = _("The commission “%(title)s” was sent.") % {"title": commission.title}
            done += " " + (
                _("Told by e-mail: %(names)s.") % {"names": told}
                if told
                else _("Nobody could be told by e-mail.")
            )
            messages.success(request, done)
            return redirect("desk:commission_detail", pk=commission.pk)
    return render(
        request,
        "desk/commission_form.html",
        {"form": form, "groups": form.unit_groups()},
        status=400 if form.is_bound else 200,
    )


def _people(recipients) -> list[dict]:
    return [
        {"unit": unit, "names": "、".join(display_name(user) for user in users)}
        for unit, users in recipients.items()
    ]


def _told(units) -> str:
    """The people the commission's mails go to for ``units``, by name."""
    names = [display_name(user) for users in services.commission_recipients(units).values() for user in users]
    return "、".join(dict.fromkeys(names))


# --- A commission's page --------------------------------------------------------------------------------


@require_safe
@desk_view(Role.CORRESPONDENT, Role.EDITOR)
def commission_detail(request, pk: int):
    commission = _commission_or_404(request.user, pk)
    office = _is_office(request.user)
    scope = unit_scope(request.user)
    rows = selectors.commission_units(commission, unit_ids=scope)
    running = commission.status in RUNNING
    return render(
        request,
        "desk/commission_detail.html",
        {
            "commission": commission,
            "rows": rows,
            "office": office,
            "running": running,
            "answered": sum(1 for row in rows if row.answered),
            "unanswered": [row for row in rows if not row.answered],
            "write_url": reverse("desk:article_create") + f"?commission={commission.pk}",
            "log": commission.log.select_related("actor").order_by("-at", "-pk") if office else [],
        },
    )


# --- 催报 -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def commission_remind(request, pk: int):
    """GET names the late units and the people who will be mailed; POST sends the reminders."""
    commission = _commission_or_404(request.user, pk)
    error = ""
    if request.method == "POST":
        RemindForm(request.POST).is_valid()
        try:
            reminded = services.commission_remind(actor=request.user, commission=commission)
        except WorkflowError as exc:
            error = exc.message
        else:
            told = _told([target.unit for target in reminded])
            done = _("Reminders sent to %(units)s.") % {
                "units": "、".join(target.unit.name for target in reminded)
            }
            if told:
                done += " " + _("Told by e-mail: %(names)s.") % {"names": told}
            messages.success(request, done)
            return redirect("desk:commission_detail", pk=commission.pk)
    late = services.late_units(commission)
    problem = error
    if not problem and commission.status not in RUNNING:
        problem = _("The commission “%(title)s” is “%(status)s”; nothing more can be done with it.") % {
            "title": commission.title,
            "status": commission.get_status_display(),
        }
    elif not problem and not late:
        problem = _("Every unit asked has sent in its answer to “%(title)s”; there is nobody to remind.") % {
            "title": commission.title
        }
    return render(
        request,
        "desk/commission_remind.html",
        {
            "commission": commission,
            "people": _people(services.commission_recipients([target.unit for target in late])),
            "problem": problem,
            "error": error,
        },
        status=409 if error else 200,
    )


# --- 结束 and 取消 --------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def commission_end(request, pk: int, action: str):
    if action not in ENDINGS:
        raise Http404
    commission = _commission_or_404(request.user, pk)
    service, label, style = ENDINGS[action]
    form = EndForm(request.POST if request.method == "POST" else None, cancel=action == "cancel")
    status = 200
    error = ""
    late = services.late_units(commission) if commission.status in RUNNING else []
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, commission=commission, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 400
        except WorkflowError as exc:
            error = exc.message
            status = 409
        else:
            if action == "close":
                done = _("The commission “%(title)s” is closed.")
            else:
                done = _("The commission “%(title)s” is cancelled.")
            done = done % {"title": commission.title}
            told = _told([target.unit for target in late])
            if told:
                done += " " + _("Told by e-mail: %(names)s.") % {"names": told}
            messages.success(request, done)
            return redirect("desk:commission_detail", pk=commission.pk)
    problem = ""
    if commission.status not in RUNNING and not error:
        problem = _("The commission “%(title)s” is “%(status)s”; nothing more can be done with it.") % {
            "title": commission.title,
            "status": commission.get_status_display(),
        }
    return render(
        request,
        "desk/commission_end.html",
        {
            "commission": commission,
            "action": action,
            "label": label,
            "style": style,
            "form": form,
            "error": error,
            "problem": problem,
            "people": _people(services.commission_recipients([target.unit for target in late])),
        },
        status=status,
    )
