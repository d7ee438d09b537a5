"""Admin for the login log, with the unlock action. Registered from the app config so the
contributors admin module stays about units and staff."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import login_guard
from .admin_mixins import ReadOnlyLogAdmin
from .models import LoginEvent


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyLogAdmin, admin.ModelAdmin):
    list_display = ["created", "kind", "username", "user", "ip", "cleared"]
    list_filter = ["kind", "cleared", "created"]
    list_select_related = ["user"]
    search_fields = ["username", "ip"]
    date_hierarchy = "created"
    actions = ["unlock_selected"]

    @admin.action(description=_("Unlock the accounts and addresses of the selected events"))
    def unlock_selected(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only administrators can unlock logins."), messages.ERROR)
            return
        usernames = set(queryset.values_list("username", flat=True))
        ips = set(queryset.exclude(ip__isnull=True).values_list("ip", flat=True))
        cleared = login_guard.unlock(usernames=usernames, ips=ips, actor=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed login cleared; the lock is lifted.",
                "%(count)d failed logins cleared; the locks are lifted.",
                cleared,
            )
            % {"count": cleared},
            messages.SUCCESS,
        )
