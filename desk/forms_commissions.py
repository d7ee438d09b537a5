"""The desk's commission forms (约稿): a new commission, the note of closing or cancelling, and the
“written for a commission” choice of the article form and the submit page.

The rules (a deadline not in the past, at least one active unit, a reason to cancel) are the
services' (``infowork.services``): the fields here only turn the posted text into values, and the
views put the services' errors on the fields."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contributors.fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from contributors.models import Unit
from infowork.models import Commission
from infowork.selectors import running_commissions_for_user

from .forms import day_field


class CommissionForm(forms.Form):
    title = forms.CharField(
        label=_("Topic"),
        required=False,
        widget=forms.TextInput(attrs={"class": "wide"}),
        help_text=_("What the office asks for, e.g. 职工疗休养工作经验."),
    )
    brief = forms.CharField(
        label=_("What to write about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The angle, the length, what to include: the units' correspondents read this."),
    )
    units = BoundedModelMultipleChoiceField(
        label=_("Units asked"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose units from the list offered."),
            "invalid_pk_value": _("Choose units from the list offered."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"] = day_field(_("Deadline"))
        self.fields["deadline"].help_text = _("The last day to submit, YYYY-MM-DD.")
        self.order_fields(["title", "brief", "deadline", "units"])
        # Inactive units are listed too, so that choosing one meanwhile deactivated gets the
        # service's sentence rather than “not one of the choices”; the page offers active ones only.
        self.fields["units"].queryset = Unit.objects.order_by("position", "name")

    def unit_groups(self) -> list[dict]:
        """The active units as checkboxes grouped by kind, in the kinds' order, the chosen ones ticked."""
        chosen = {str(value) for value in (self["units"].value() or [])}
        groups: dict[str, dict] = {}
        for unit in Unit.objects.filter(active=True).order_by("position", "name").only("pk", "name", "kind"):
            group = groups.setdefault(unit.kind, {"label": Unit.Kind(unit.kind).label, "units": []})
            group["units"].append({"unit": unit, "checked": str(unit.pk) in chosen})
        order = list(Unit.Kind.values)
        return [groups[kind] for kind in sorted(groups, key=order.index)]


class EndForm(forms.Form):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, cancel: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Reason for cancelling") if cancel else _("Note (optional)")


class RemindForm(forms.Form):
    """Nothing to fill in: the confirm page names the units and the people."""


class CommissionChoiceField(BoundedModelChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(title)s (due %(deadline)s)") % {
            "title": obj.title,
            "deadline": obj.deadline.isoformat(),
        }


def commission_field(user, *, current: Commission | None = None) -> forms.ModelChoiceField:
    """The optional “written for a commission” choice: the running commissions sent to the user's
    units (every running one for the office), and the article's current one."""
    queryset = running_commissions_for_user(user)
    if current is not None:
        queryset = Commission.objects.filter(pk__in=[*queryset.values_list("pk", flat=True), current.pk])
    field = CommissionChoiceField(
        label=_("Written for a commission"),
        queryset=queryset.order_by("deadline", "pk"),
        required=False,
        empty_label=_("Not for a commission"),
        help_text=_("If the editorial office asked your unit for this article, choose its commission."),
        error_messages={"invalid_choice": _("Choose one of the commissions offered.")},
    )
    return field


class SubmitCommissionForm(forms.Form):
    """The submit page's choice of the commission the article answers."""

    def __init__(self, *args, user, current: Commission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"] = commission_field(user, current=current)
        if current is not None and not self.is_bound:
            self.initial["commission"] = current.pk
