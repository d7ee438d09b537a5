"""Forms of the information-work pages of the points part: correspondents (信息员), the scoring rules
(积分规则) and the yuan per point (稿费标准). The numbers are checked by the services' own cleaners,
so the page and the service give the same Chinese sentence."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contributors.models import Staff
from infowork.models import Correspondent, ScoringRule
from infowork.services.scoring import clean_points, clean_rate, clean_year

from .forms import day_field

PHONE_MAX = Correspondent._meta.get_field("phone").max_length
NOTE_MAX = Correspondent._meta.get_field("note").max_length


def _field_message(error: ValidationError, field: str) -> list[str]:
    return error.message_dict.get(field, error.messages) if hasattr(error, "error_dict") else error.messages


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.user.get_full_name() or obj.user.get_username()
        return f"{name}（{obj.title}）" if obj.title else name


class CorrespondentForm(forms.Form):
    """Change an active correspondent: phone, since, note."""

    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=PHONE_MAX,
        help_text=_("For the editorial office's use only; units do not see it."),
        error_messages={"max_length": _("A phone number has at most %(limit_value)d characters.")},
    )
    note = forms.CharField(
        label=pgettext_lazy("correspondent", "Note"),
        required=False,
        max_length=NOTE_MAX,
        error_messages={"max_length": _("A note has at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"] = day_field(_("Correspondent since"))
        self.order_fields(["staff", "phone", "since", "note"])


class CorrespondentNameForm(CorrespondentForm):
    """Name one of a unit's staff members its correspondent."""

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffChoiceField(
            label=_("Staff member"),
            queryset=Staff.objects.filter(unit=unit)
            .exclude(correspondent__active=True)
            .select_related("user")
            .order_by("user__first_name", "user__username"),
            empty_label=_("Choose a staff member"),
            error_messages={
                "required": _("Choose the staff member who will be the correspondent."),
                "invalid_choice": _("Choose one of the unit's staff members offered."),
            },
        )
        self.order_fields(["staff", "phone", "since", "note"])


class ScoringRulesForm(forms.Form):
    """Every rule's points and split option in one form: fields ``points_<pk>`` and ``split_<pk>``."""

    def __init__(self, *args, rules: list[ScoringRule], **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[f"points_{rule.pk}"] = forms.CharField(
                label=str(rule),
                initial=_plain(rule.points),
                error_messages={"required": _("Enter the points (0 for none).")},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )
            self.fields[f"split_{rule.pk}"] = forms.BooleanField(
                label=_("Split between the units: %(rule)s") % {"rule": rule},
                required=False,
                initial=rule.split,
            )

    def rows(self):
        return [(rule, self[f"points_{rule.pk}"], self[f"split_{rule.pk}"]) for rule in self.rules]

    def clean(self):
        data = super().clean()
        for rule in self.rules:
            name = f"points_{rule.pk}"
            if name not in data:
                continue
            try:
                data[name] = clean_points(data[name])
            except ValidationError as error:
                for message in _field_message(error, "points"):
                    self.add_error(name, message)
        return data

    def changes(self) -> list[tuple[ScoringRule, object, bool]]:
        return [
            (rule, self.cleaned_data[f"points_{rule.pk}"], self.cleaned_data[f"split_{rule.pk}"])
            for rule in self.rules
        ]


class PayRateForm(forms.Form):
    year = forms.CharField(
        label=_("Year"),
        error_messages={"required": _("Enter the year as four digits, such as 2026.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    yuan_per_point = forms.CharField(
        label=_("Yuan per point"),
        error_messages={"required": _("Enter the yuan per point (0 for no pay).")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
    )

    def clean_year(self):
        try:
            return clean_year(self.cleaned_data["year"])
        except ValidationError as error:
            raise ValidationError(_field_message(error, "year")) from None

    def clean_yuan_per_point(self):
        try:
            return clean_rate(self.cleaned_data["yuan_per_point"])
        except ValidationError as error:
            raise ValidationError(_field_message(error, "yuan_per_point")) from None


def _plain(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
