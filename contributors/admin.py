from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .admin_mixins import OfficeAuditLogAdmin, SafeInputAdmin, TranslatedPermissionsMixin
from .models import Staff, Unit, UnitEvent, UnitFormerName
from .permissions import units_for
from .signals import delete_blockers


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "title", "phone"]


class FormerNameInline(admin.TabularInline):
    """曾用名: validated by ``UnitFormerName.clean`` (no unit's current name, no other former name)."""

    model = UnitFormerName
    extra = 0
    fields = ["name", "until_year", "note"]


@admin.register(Unit)
class UnitAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "active", "needs_review", "position"]
    list_filter = ["kind", "active", "needs_review"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "former_names__name"]
    autocomplete_fields = ["parent"]
    fields = ["name", "short_name", "kind", "parent", "active", "needs_review", "position"]
    inlines = [FormerNameInline, StaffInline]

    def get_queryset(self, request):
        # A correspondent sees (and autocompletes) only their unit and the units below it.
        return super().get_queryset(request).filter(pk__in=units_for(request.user).values("pk"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    # --- Deleting: refused, with the reasons, for a unit other apps still count on (its points) ---

    def get_deleted_objects(self, objs, request):
        """A unit with reasons to stay (``contributors.signals.unit_delete_blockers``) counts as
        protected, so neither the delete page nor the bulk action deletes anything; the reasons are
        shown instead (the templates under admin/contributors/unit/)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        units = list(objs)
        names = {unit.pk: unit.name for unit in units}
        blockers = [{"unit": names[pk], "reasons": reasons} for pk, reasons in delete_blockers(units).items()]
        # Read by the templates (as ``request.unit_delete_blockers``) of both the page and the action.
        request.unit_delete_blockers = blockers
        if blockers:
            protected = [*protected, *(reason for item in blockers for reason in item["reasons"])]
        return deleted, counts, perms_needed, protected


@admin.register(UnitEvent)
class UnitEventAdmin(OfficeAuditLogAdmin, admin.ModelAdmin):
    list_display = ["created", "unit_name", "action", "actor", "summary"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["unit_name", "note"]
    fields = ["created", "unit", "unit_name", "action", "actor", "summary", "note"]
    readonly_fields = fields

    @admin.display(description=_("what happened"))
    def summary(self, obj):
        return obj.summary


@admin.register(Staff)
class StaffAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["user", "full_name", "unit", "title", "phone"]
    list_filter = ["unit__kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.user.get_full_name()


# The user page shows the unit link, so an account and its unit are set up in one place.
User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(TranslatedPermissionsMixin, GroupAdmin):
    """Django's group admin with the permissions named in Chinese."""


class UserStaffInline(admin.StackedInline):
    model = Staff
    max_num = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "title", "phone"]


@admin.register(User)
class StaffUserAdmin(TranslatedPermissionsMixin, UserAdmin):
    inlines = [*UserAdmin.inlines, UserStaffInline]
    list_display = ["username", "first_name", "email", "is_staff", "is_active", "unit_name"]
    list_select_related = ["staff__unit"]
    list_filter = [*UserAdmin.list_filter, "staff__unit__kind"]

    @admin.display(description=_("unit"), ordering="staff__unit__name")
    def unit_name(self, obj):
        staff = getattr(obj, "staff", None)
        return staff.unit.name if staff else "—"
