"""积分规则与稿费标准: the table of scoring rules (event × level) in one form, and the yuan per point
per year. Editors change them; every change goes through ``infowork.services`` (logged)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from articles.services.errors import WorkflowError
from contributors.roles import Role
from infowork.models import PayRate, ScoringRule
from infowork.services import pay_rate_set, scoring_rule_update

from ..access import desk_view
from ..forms_points import PayRateForm, ScoringRulesForm


def _rules() -> list[ScoringRule]:
    return list(ScoringRule.objects.order_by("pk"))


def _page(request, *, rules_form=None, pay_form=None, error="", status=200):
    rules = rules_form.rules if rules_form is not None else _rules()
    return render(
        request,
        "desk/scoring.html",
        {
            "rules_form": rules_form or ScoringRulesForm(rules=rules),
            "pay_form": pay_form or PayRateForm(),
            "rates": list(PayRate.objects.select_related("updated_by").order_by("-year")),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@desk_view(Role.EDITOR)
def scoring(request):
    if request.method != "POST":
        return _page(request)
    form = ScoringRulesForm(request.POST, rules=_rules())
    if not form.is_valid():
        return _page(request, rules_form=form, status=400)
    changed = 0
    try:
        with transaction.atomic():
            for rule, points, split in form.changes():
                if (rule.points, rule.split) != (points, split):
                    scoring_rule_update(actor=request.user, rule=rule, points=points, split=split)
                    changed += 1
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, rules_form=form, status=400)
    except WorkflowError as error:
        return _page(request, rules_form=form, error=" ".join(error.messages), status=403)
    if changed:
        messages.success(request, _("The scoring rules were saved (%(count)s changed).") % {"count": changed})
    else:
        messages.success(request, _("Nothing was changed."))
    return redirect("desk:scoring")


@require_POST
@desk_view(Role.EDITOR)
def pay_rate(request):
    form = PayRateForm(request.POST)
    if not form.is_valid():
        return _page(request, pay_form=form, status=400)
    try:
        rate = pay_rate_set(
            actor=request.user,
            year=form.cleaned_data["year"],
            yuan_per_point=form.cleaned_data["yuan_per_point"],
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, pay_form=form, status=400)
    except WorkflowError as error:
        return _page(request, pay_form=form, error=" ".join(error.messages), status=403)
    messages.success(
        request,
        _("The yuan per point for %(year)s is now %(rate)s.")
        % {"year": rate.year, "rate": rate.yuan_per_point},
    )
    return redirect("desk:scoring")
