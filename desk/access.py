"""Who may open a desk page. Anonymous visitors go to the login page (and come back after it);
readers and people without the page's role get 403. Unit scoping of the objects themselves stays
with ``contributors.permissions`` (out of scope is 404) and the services' own checks."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contributors.permissions import can_enter_back_office
from contributors.roles import Role, has_role

CORRESPONDENT = (Role.CORRESPONDENT,)
EDITOR = (Role.EDITOR,)
SIGNER = (Role.SIGNER,)
ANY = (Role.CORRESPONDENT, Role.EDITOR, Role.SIGNER)


def may_use_desk(user, roles=ANY) -> bool:
    return can_enter_back_office(user) and has_role(user, *roles)


def desk_view(*roles: Role):
    """Decorate a view so that only the holders of ``roles`` (default: any desk role) open it."""
    roles = roles or ANY

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("login"))
            if not may_use_desk(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
