"""What every desk page's frame needs: the menu, the user's name and roles, the admin link."""

from django.utils.translation import gettext as _

from contributors.roles import is_office_staff, user_roles

from .navigation import menu


def desk_context(request) -> dict:
    user = request.user
    roles = sorted(user_roles(user), key=lambda role: list(type(role)).index(role))
    return {
        "desk_menu": menu(request),
        # Correspondents work for their unit, not in the editorial office: their desk says so.
        "desk_name": _("Editorial desk") if is_office_staff(user) else _("Correspondent's desk"),
        "desk_user_name": user.get_full_name() or user.get_username(),
        "desk_roles": [role.label for role in roles],
        # Administration (units, staff, recipient groups, sections) stays in the admin.
        "desk_admin": user.is_superuser or user.has_perm("contributors.change_unit"),
    }


def desk_frame(request) -> dict:
    """Template context processor: the frame's values for every desk page (the desk's own views and
    the Word import, which another app's view renders), computed only if a template uses them —
    other pages pay nothing."""
    from django.utils.functional import SimpleLazyObject

    values = SimpleLazyObject(lambda: desk_context(request))
    return {
        name: SimpleLazyObject(lambda name=name: values[name])
        for name in ("desk_menu", "desk_name", "desk_user_name", "desk_roles", "desk_admin")
    }
