from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Issue, Publication, Section


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "editing_unit", "default_visibility", "is_default"]
    list_filter = ["default_visibility", "is_default"]
    search_fields = ["title", "editing_unit"]
    prepopulated_fields = {}


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "layout", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["layout", "active"]
    search_fields = ["name", "slug"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["label", "publication", "issue_date", "status", "visibility", "article_count", "copies"]
    list_filter = ["status", "visibility", "publication", "year"]
    list_select_related = ["publication"]
    search_fields = ["=year", "=number", "=total_number"]
    date_hierarchy = "issue_date"
    autocomplete_fields = ["publication"]
    readonly_fields = ["status", "signed_by", "signed_at", "published_at", "created", "updated"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "publication",
                    ("year", "number", "total_number"),
                    "issue_date",
                    "visibility",
                    "copies",
                ]
            },
        ),
        (
            _("Sign-off and publication"),
            {"fields": ["status", "signed_by", "signed_at", "publish_at", "published_at"]},
        ),
        (_("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = []  # the distribution app adds the footer lines

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("issue"), ordering="number")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


admin.site.site_header = _("Union work bulletin")
admin.site.site_title = _("Union work bulletin editorial system")
admin.site.index_title = _("Editorial office")
