"""The correspondent's article form: title, body and the units that wrote it with them. Nothing
internal (version numbers, dates, placement) is on it; the hidden ``base_version`` only guards
against overwriting somebody else's save."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_ckeditor_5.widgets import CKEditor5Widget

from articles.text import validate_body_length
from contributors.fields import BoundedModelMultipleChoiceField
from contributors.models import Unit
from contributors.permissions import units_for
from contributors.roles import Role, has_role, is_office_staff
from infowork.models import CommissionAnswer

from .forms_commissions import commission_field


def own_unit(user) -> Unit | None:
    """The correspondent's own unit, always among an article's units; None for the office."""
    if is_office_staff(user) or not has_role(user, Role.CORRESPONDENT):
        return None
    staff = getattr(user, "staff", None)
    return staff.unit if staff is not None else None


class ArticleForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={
            "required": _("Enter the title of the article."),
            "max_length": _("The title can be at most %(limit_value)d characters long."),
        },
        widget=forms.TextInput(attrs={"class": "wide"}),
    )
    body = forms.CharField(
        label=pgettext_lazy("article field", "Text"),
        required=False,
        widget=CKEditor5Widget(config_name="default"),
    )
    units = BoundedModelMultipleChoiceField(
        label=_("Written together with"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Optional: other units that wrote this article with you."),
        error_messages={"invalid_choice": _("Choose units from the list offered.")},
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, article=None, commission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.article = article
        self._add_commission(commission)
        self.own_unit = own_unit(user)
        choices = units_for(user).filter(active=True)
        if self.own_unit is not None:
            choices = choices.exclude(pk=self.own_unit.pk)
        self.fields["units"].queryset = choices
        # Units already on the article that the user cannot choose stay as they are, shown as text.
        self.fixed_units = []
        if article is None:
            del self.fields["base_version"]
        else:
            current = list(article.units.all())
            choice_ids = set(choices.values_list("pk", flat=True))
            self.fixed_units = [
                unit for unit in current if unit.pk not in choice_ids and unit != self.own_unit
            ]
            if not self.is_bound:
                self.initial.setdefault("title", article.title)
                self.initial.setdefault("body", article.body)
                self.initial.setdefault("units", [unit for unit in current if unit.pk in choice_ids])
                self.initial.setdefault("base_version", article.version)

    def _add_commission(self, chosen) -> None:
        """The optional 应约 choice, when the user's units have running commissions (or the article
        answers one): pre-set from the article's answer, or from the “写稿应约” link."""
        answer = None
        if self.article is not None:
            answer = (
                CommissionAnswer.objects.select_related("commission").filter(article=self.article).first()
            )
        self.current_commission = answer.commission if answer is not None else None
        field = commission_field(self.user, current=self.current_commission)
        if not field.queryset.exists():
            return
        self.fields["commission"] = field
        if self.is_bound:
            return
        if self.current_commission is not None:
            self.initial["commission"] = self.current_commission.pk
        elif chosen is not None and field.queryset.filter(pk=chosen).exists():
            self.initial["commission"] = chosen

    def commission_changed(self) -> bool:
        """True when the form chose another commission (or none) than the article answers."""
        if "commission" not in self.fields or self.add_prefix("commission") not in self.data:
            return False
        return self.cleaned_data.get("commission") != self.current_commission

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        validate_body_length(body)
        return body

    def chosen_units(self) -> list[Unit]:
        """Every unit the article is attributed to after the save: the own unit, the fixed ones and
        the chosen ones, in that order."""
        units = []
        for unit in [self.own_unit, *self.fixed_units, *self.cleaned_data.get("units", [])]:
            if unit is not None and unit not in units:
                units.append(unit)
        return units
