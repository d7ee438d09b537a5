"""Who is mailed for a unit in information work (约稿通知, 催报, 领导批示): its active correspondents
(信息员); a unit without one falls back to its staff in the correspondent role. Active accounts with
an e-mail address only."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from contributors.roles import Role

from .models import Correspondent


def recipients_by_unit(unit_ids: Iterable[int]) -> dict[int, list]:
    """Each unit id with the people mailed for it (ordered by account), an empty list where nobody
    can be mailed. Two queries at most."""
    unit_ids = list(dict.fromkeys(unit_ids))
    found: dict[int, list] = {pk: [] for pk in unit_ids}
    named = (
        Correspondent.objects.filter(active=True, staff__unit_id__in=unit_ids, staff__user__is_active=True)
        .exclude(staff__user__email="")
        .select_related("staff__user")
        .order_by("staff__user_id")
    )
    for correspondent in named:
        found[correspondent.staff.unit_id].append(correspondent.staff.user)
    without = [pk for pk in unit_ids if not found[pk]]
    if without:
        fallback = (
            get_user_model()
            .objects.filter(is_active=True, staff__unit_id__in=without, groups__name=Role.CORRESPONDENT.value)
            .exclude(email="")
            .select_related("staff")
            .distinct()
            .order_by("pk")
        )
        for user in fallback:
            found[user.staff.unit_id].append(user)
    return found
