"""The e-mails of information work. Everything here runs after the transaction committed (queued by
the services through ``transaction.on_commit`` and the ``django.tasks`` API)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.notifications import absolute_url, display_name, send_to_each

from .models import Commission

# kind → e-mail template name (templates/emails/<name>_subject.txt, _body.txt, _body.html)
TEMPLATES = {
    "created": "commission_created",
    "reminder": "commission_reminder",
    Commission.Status.CLOSED: "commission_closed",
    Commission.Status.CANCELLED: "commission_cancelled",
}


def notify_commission(kind: str, commission_id: int, user_ids: list[int]) -> int:
    commission = Commission.objects.select_related("created_by").filter(pk=commission_id).first()
    if commission is None or kind not in TEMPLATES:
        return 0
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk")
    context = {
        "commission": commission,
        "editor_name": display_name(commission.created_by),
        "link": absolute_url(reverse("desk:commission_detail", args=[commission.pk])),
    }
    return send_to_each(TEMPLATES[kind], users, context)
