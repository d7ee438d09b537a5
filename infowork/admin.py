"""Information work in the admin (for administrators; the office works on the desk)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Correspondent, PayRate, ScoringRule

# --- Points part: correspondents, scoring rules, pay rates -------------------------------------------
# Read-only here: every change goes through ``infowork.services`` on the desk (/desk/correspondents/,
# /desk/scoring/), which checks the role, refuses bad input and writes the log.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Correspondent)
class CorrespondentAdmin(ReadOnlyAdmin):
    list_display = ["staff", "unit_name", "phone", "since", "active"]
    list_filter = ["active"]
    list_select_related = ["staff__unit", "staff__user"]
    search_fields = ["staff__user__username", "staff__user__first_name", "staff__unit__name"]

    @admin.display(description=_("unit"), ordering="staff__unit__position")
    def unit_name(self, obj):
        return obj.staff.unit.name


@admin.register(ScoringRule)
class ScoringRuleAdmin(ReadOnlyAdmin):
    list_display = ["event", "level", "points", "split", "updated", "updated_by"]


@admin.register(PayRate)
class PayRateAdmin(ReadOnlyAdmin):
    list_display = ["year", "yuan_per_point", "updated", "updated_by"]


# --- End of the points part ----------------------------------------------------------------------------
