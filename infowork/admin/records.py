"""Upward adoptions and leader instructions in the admin: read only; they are recorded on the desk
through ``infowork.services``."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from contributors.admin_mixins import ReadOnlyLogAdmin
from contributors.permissions import unit_scope

from ..models import Instruction, InstructionFeedback, UpwardAdoption

# --- Upward adoptions and leader instructions (上级采用、领导批示) ----------------------------------
# Recorded, deleted and answered on the desk (infowork.services.records): read only here, filtered
# by level and year, scoped like the desk (a correspondent sees their own units' records).


def _in_scope(queryset, user):
    scope = unit_scope(user)
    if scope is None:
        return queryset
    links = Article.units.through.objects.filter(article_id=OuterRef("article_id"), unit_id__in=scope)
    return queryset.filter(Exists(links))


class YearFilter(admin.SimpleListFilter):
    """The year of the record's day (adopted or instructed)."""

    title = _("year")
    parameter_name = "year"
    date_field = ""

    def lookups(self, request, model_admin):
        days = model_admin.get_queryset(request).dates(self.date_field, "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in days]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 4:
            return queryset.filter(**{f"{self.date_field}__year": int(value)})
        return queryset


class AdoptedYearFilter(YearFilter):
    date_field = "adopted_on"


class InstructedYearFilter(YearFilter):
    date_field = "instructed_on"


@admin.register(UpwardAdoption)
class UpwardAdoptionAdmin(ReadOnlyLogAdmin, admin.ModelAdmin):
    list_display = ["adopted_on", "article", "level", "outlet", "recorded_by", "created"]
    list_filter = ["level", AdoptedYearFilter]
    list_select_related = ["article", "recorded_by"]
    search_fields = ["outlet", "article__title", "note"]
    date_hierarchy = "adopted_on"
    fields = ["article", "level", "outlet", "adopted_on", "note", "recorded_by", "created"]
    readonly_fields = fields

    def get_queryset(self, request):
        return _in_scope(super().get_queryset(request), request.user)


class InstructionFeedbackInline(admin.TabularInline):
    model = InstructionFeedback
    fields = ["done_on", "text", "reported_by", "created"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyLogAdmin, admin.ModelAdmin):
    list_display = ["instructed_on", "article", "leader", "level", "recorded_by", "created"]
    list_filter = ["level", InstructedYearFilter]
    list_select_related = ["article", "recorded_by"]
    search_fields = ["leader", "text", "article__title"]
    date_hierarchy = "instructed_on"
    fields = ["article", "leader", "level", "instructed_on", "text", "recorded_by", "created"]
    readonly_fields = fields
    inlines = [InstructionFeedbackInline]

    def get_queryset(self, request):
        return _in_scope(super().get_queryset(request), request.user)
