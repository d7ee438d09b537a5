"""Correspondents, scoring rules and pay rates in the admin: read only, they change on the desk; and
the audit log of information work."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contributors.admin_mixins import OfficeAuditLogAdmin, ReadOnlyLogAdmin

from ..log import detail_html
from ..models import Correspondent, InfoworkLog, PayRate, ScoringRule

# --- Points part: correspondents, scoring rules, pay rates -------------------------------------------
# Read-only here: every change goes through ``infowork.services`` on the desk (/desk/correspondents/,
# /desk/scoring/), which checks the role, refuses bad input and writes the log.


class ReadOnlyAdmin(ReadOnlyLogAdmin, admin.ModelAdmin):
    """Shown here, changed on the desk."""


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


# --- The audit log of information work --------------------------------------------------------------


@admin.register(InfoworkLog)
class InfoworkLogAdmin(OfficeAuditLogAdmin, admin.ModelAdmin):
    """Who did what, when, to which commission, article or unit: for the editorial office."""

    list_display = ["at", "actor", "action", "commission", "article", "unit"]
    list_filter = ["action"]
    list_select_related = ["actor", "commission", "article", "unit"]
    search_fields = ["commission__title", "article__title", "unit__name", "actor__username"]
    date_hierarchy = "at"
    fields = ["at", "actor", "action", "commission", "article", "unit", "what"]
    readonly_fields = fields

    @admin.display(description=_("Detail"))
    def what(self, entry):
        return detail_html(entry.detail)
