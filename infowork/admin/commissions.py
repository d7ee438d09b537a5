"""Commissions (约稿) in the admin: read only but for the actions, which call the same services as the
desk."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.services.errors import WorkflowError
from contributors.admin_mixins import SafeInputAdmin

from .. import services
from ..models import Commission, CommissionAnswer, CommissionUnit

# --- Commissions (约稿) --------------------------------------------------------------------------------


class CommissionUnitInline(admin.TabularInline):
    model = CommissionUnit
    extra = 0
    can_delete = False
    fields = ["unit", "reminders", "reminded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommissionAnswerInline(admin.TabularInline):
    model = CommissionAnswer
    extra = 0
    can_delete = False
    fields = ["article", "answered_by", "created"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, call, done_message):
    done = 0
    for commission in queryset:
        try:
            call(commission)
        except (WorkflowError, ValidationError) as error:
            text = error.message if isinstance(error, WorkflowError) else "；".join(error.messages)
            modeladmin.message_user(request, f"{commission.title}：{text}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Commission)
class CommissionAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Commissions are made on the desk (新建约稿), where the units are chosen and told; here they are
    read, and reminded or closed through the services."""

    list_display = ["title", "deadline", "status", "created_by", "created"]
    list_filter = ["status", "deadline", "created"]
    list_select_related = ["created_by"]
    search_fields = ["title", "brief"]
    date_hierarchy = "deadline"
    fields = [
        "title",
        "brief",
        "deadline",
        "status",
        "created_by",
        "created",
        "ended_by",
        "ended_at",
        "end_note",
    ]
    readonly_fields = fields
    inlines = [CommissionUnitInline, CommissionAnswerInline]
    actions = ["remind_late", "close", "mark_overdue"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Remind the units that have not answered"))
    def remind_late(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda commission: services.commission_remind(actor=request.user, commission=commission),
            _("Reminders sent for %(count)d commission(s)."),
        )

    @admin.action(description=gettext_lazy("Close the chosen commissions"))
    def close(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda commission: services.commission_close(
                actor=request.user, commission=commission, note=_("Closed in the administration.")
            ),
            _("%(count)d commission(s) closed; the units that had not answered were told by e-mail."),
        )

    @admin.action(description=gettext_lazy("Mark open commissions past their deadline as overdue"))
    def mark_overdue(self, request, queryset):
        marked = services.commissions_mark_overdue()
        self.message_user(
            request, _("%(count)d commission(s) marked overdue.") % {"count": len(marked)}, messages.SUCCESS
        )


# --- end of commissions ------------------------------------------------------------------------------
