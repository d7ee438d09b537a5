"""Object scoping by contributing unit: the one place that decides which units a user may see.

Out of scope is 404, not 403, so object ids do not leak.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Exists, OuterRef
from django.http import Http404

from .models import Unit, descendant_ids
from .roles import Role, has_role, is_office_staff


def unit_scope(user) -> set[int] | None:
    """The ids of the units whose work the user may see, or ``None`` for every unit.

    Editors, signers and superusers see everything. A correspondent sees their own unit and the
    units below it (a county union's correspondent also covers its town unions). Anybody else sees
    nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if is_office_staff(user):
        return None
    if not has_role(user, Role.CORRESPONDENT):
        return set()
    staff = getattr(user, "staff", None)
    if staff is None:
        return set()
    return descendant_ids([staff.unit_id])


def units_for(user):
    """Units the user may attribute work to or browse, as a queryset."""
    scope = unit_scope(user)
    queryset = Unit.objects.all()
    return queryset if scope is None else queryset.filter(pk__in=scope)


def scope_by_unit(queryset, user, field: str = "units"):
    """Restrict a queryset of unit-owned objects (through ``field``) to the user's scope.

    When ``field`` is the model's own many-to-many to units (``Article.units``), the test is an
    EXISTS on the link table: no join, so no duplicate rows to remove with DISTINCT, and counts,
    sorting and paging work on the model's rows alone (PostgreSQL plans it as a semi-join). Longer
    paths (``article__units``) keep the join."""
    scope = unit_scope(user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    relation = _own_many_to_many(queryset.model, field)
    if relation is not None:
        links = relation.remote_field.through.objects.filter(
            **{relation.m2m_field_name(): OuterRef("pk"), f"{relation.m2m_reverse_field_name()}__in": scope}
        )
        return queryset.filter(Exists(links))
    return queryset.filter(**{f"{field}__in": scope}).distinct()


def _own_many_to_many(model, field: str):
    if "__" in field:
        return None
    try:
        relation = model._meta.get_field(field)
    except FieldDoesNotExist:
        return None
    return relation if getattr(relation, "many_to_many", False) and not relation.auto_created else None


def get_in_scope_or_404(queryset, user, field: str = "units", **lookup):
    """The object matching ``lookup`` within the user's scope, else 404."""
    try:
        return scope_by_unit(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def in_scope(user, unit_ids) -> bool:
    """True when the user may see work attributed to any of ``unit_ids``."""
    scope = unit_scope(user)
    if scope is None:
        return True
    return bool(scope & set(unit_ids))


def check_in_scope_or_404(user, unit_ids) -> None:
    """Raise 404 unless the user may see work attributed to one of ``unit_ids``."""
    if not in_scope(user, unit_ids):
        raise Http404


def can_enter_back_office(user) -> bool:
    """Correspondents, editors, signers and superusers work in the back office; readers never do."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return False
    return has_role(user, Role.CORRESPONDENT, Role.EDITOR, Role.SIGNER)
