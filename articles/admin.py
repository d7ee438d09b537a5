from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contributors.permissions import scope_by_unit, units_for
from contributors.roles import is_office_staff

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "byline", "status", "issue", "section", "position", "author", "updated"]
    list_filter = ["status", "section", "issue__year", "units__kind"]
    list_select_related = ["issue", "section", "author"]
    search_fields = ["title", "byline", "units__name"]
    autocomplete_fields = ["issue", "section", "units", "author"]
    readonly_fields = ["status", "submitted_at", "accepted_at", "published_at", "created", "updated"]
    date_hierarchy = "created"
    fieldsets = [
        (None, {"fields": ["title", "body", "units", "byline"]}),
        (_("Placement"), {"fields": ["issue", "section", "position"]}),
        (_("Workflow"), {"fields": ["status", "author", "submitted_at", "accepted_at", "published_at"]}),
        (_("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return scope_by_unit(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_office_staff(request.user):
            # Correspondents write; placement and authorship belong to the editorial office.
            fields += ["issue", "section", "position", "author"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["queryset"] = units_for(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        staff = getattr(request.user, "staff", None)
        if staff is not None and not is_office_staff(request.user) and not form.instance.units.exists():
            # A correspondent's article belongs to their unit unless they chose one of its sub-units.
            form.instance.units.add(staff.unit)
