"""Small admin building blocks shared by the apps."""

from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .fields import BIGINT_LIMIT, BoundedModelChoiceField, BoundedModelMultipleChoiceField
from .roles import is_office_staff


def _valid_choice(model_field, value) -> bool:
    try:
        python = model_field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return not (isinstance(model_field, models.IntegerField) and abs(python) >= BIGINT_LIMIT)


class ValidSelectionAutocompleteMixin(AutocompleteMixin):
    """Django's autocomplete widget looks the posted values up as they came (``units=abc`` raises
    ValueError, a 20-digit id OverflowError on SQLite) when it redraws a form with errors. This one
    leaves out values that cannot be ids; the form field still reports them as a form error."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [v for v in value if _valid_choice(target, v)], attr)


class SafeInputAdmin:
    """A ModelAdmin that survives posted values that are not ids: in its autocomplete widgets
    (``units=abc``) and among the rows selected for an action (a 20-digit id overflows SQLite)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        valid = [value for value in selected if _valid_choice(self.model._meta.pk, value)]
        if valid != selected:
            post = request.POST.copy()
            post.setlist(helpers.ACTION_CHECKBOX_NAME, valid)
            request.POST = post
        return super().response_action(request, queryset, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)
        if isinstance(inner, AutocompleteMixin) and not isinstance(inner, ValidSelectionAutocompleteMixin):
            inner.__class__ = type(
                f"ValidSelection{type(inner).__name__}", (ValidSelectionAutocompleteMixin, type(inner)), {}
            )
        return formfield


class ReadOnlyLogAdmin:
    """A log in the admin: listed and opened, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OfficeAuditLogAdmin(ReadOnlyLogAdmin):
    """A workflow audit log: for the editorial office (editors, signers) only."""

    def has_view_permission(self, request, obj=None):
        return is_office_staff(request.user) and super().has_view_permission(request, obj)


DEFAULT_ACTIONS = {
    "add": gettext_noop("Can add %(model)s"),
    "change": gettext_noop("Can change %(model)s"),
    "delete": gettext_noop("Can delete %(model)s"),
    "view": gettext_noop("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """``app | model | name`` as Django shows a permission, every part in the user's language."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    action, _sep, rest = permission.codename.partition("_")
    if action in DEFAULT_ACTIONS and rest == opts.model_name:
        name = _(DEFAULT_ACTIONS[action]) % {"model": opts.verbose_name}
    else:
        name = _(permission.name)
    return f"{opts.app_config.verbose_name} | {opts.verbose_name} | {name}"


class TranslatedPermissionsMixin:
    """For the user and group admins: their permission pickers list translated names. Django
    stores a permission's name in English when it creates it ("Can add log entry")."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field
