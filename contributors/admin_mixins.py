"""Small admin building blocks shared by the apps."""

from .roles import is_office_staff


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
