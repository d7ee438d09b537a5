"""``/desk/``: where each role starts its day."""

from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from contributors.roles import Role, has_role

from ..access import desk_view


@require_safe
@desk_view()
def home(request):
    """Correspondents start at their articles, editors at the review queue, signers at the issues
    waiting for them. Someone who holds several roles starts where the office's work is."""
    user = request.user
    if has_role(user, Role.EDITOR):
        return redirect("desk:review_queue")
    if has_role(user, Role.SIGNER):
        return redirect("desk:signoff_queue")
    return redirect("desk:my_articles")
