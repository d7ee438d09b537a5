"""The four roles of DESIGN.md, kept as Django groups of the same names."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    CORRESPONDENT = "correspondent"
    EDITOR = "editor"
    SIGNER = "signer"
    READER = "reader"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CORRESPONDENT: _("Correspondent"),
    Role.EDITOR: _("Editor"),
    Role.SIGNER: _("Signer"),
    Role.READER: _("Reader"),
}


def user_roles(user) -> set[Role]:
    """The roles a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_bulletin_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        user._bulletin_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    """True when the user holds any of the given roles. Superusers hold every role."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(user_roles(user) & set(roles))


def is_office_staff(user) -> bool:
    """Editors and signers see every unit's work."""
    return has_role(user, Role.EDITOR, Role.SIGNER)
