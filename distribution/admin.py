from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from bulletin.admin import IssueAdmin

from .models import IssueLine, Recipient, RecipientGroup


class RecipientInline(admin.TabularInline):
    model = Recipient
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "name", "title", "email", "active"]


class IssueLineInline(admin.TabularInline):
    model = IssueLine
    extra = 0
    autocomplete_fields = ["groups"]
    fields = ["kind", "groups", "text"]


@admin.register(RecipientGroup)
class RecipientGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position", "active", "member_count"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active", "default_for"]
    search_fields = ["name"]
    filter_horizontal = ["default_for"]
    inlines = [RecipientInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "user", "email", "active"]
    list_filter = ["group", "active"]
    list_select_related = ["group", "user"]
    search_fields = ["name", "email", "user__username", "user__first_name", "group__name"]
    autocomplete_fields = ["group", "user"]


@admin.register(IssueLine)
class IssueLineAdmin(admin.ModelAdmin):
    list_display = ["issue", "kind", "display_text"]
    list_filter = ["kind"]
    list_select_related = ["issue"]
    search_fields = ["text", "groups__name"]
    autocomplete_fields = ["issue", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


# Footer lines are edited on the issue page; distribution depends on bulletin, not the reverse.
IssueAdmin.inlines = [*IssueAdmin.inlines, IssueLineInline]
