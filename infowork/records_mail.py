"""The e-mails of upward adoptions and leader instructions: a new instruction to the article's
units, feedback on one to the editors. Runs after the transaction committed (queued by
``infowork.services.records`` through ``transaction.on_commit`` and the ``django.tasks`` API)."""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse

from articles.notifications import absolute_url, display_name, send_to_each

from .models import Instruction, InstructionFeedback


@task
def send_records_mail(kind: str, pk: int, user_ids: list[int]) -> int:
    """Mail the people ``user_ids`` about a new instruction (``kind`` "instruction", ``pk`` its id)
    or new feedback ("feedback", the feedback's id); returns how many messages went out."""
    return notify_records(kind, pk, user_ids)


def notify_records(kind: str, pk: int, user_ids: list[int]) -> int:
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk")
    if kind == "instruction":
        instruction = Instruction.objects.select_related("article", "recorded_by").filter(pk=pk).first()
        if instruction is None:
            return 0
        context = {
            "instruction": instruction,
            "article": instruction.article,
            "editor_name": display_name(instruction.recorded_by),
            "link": absolute_url(reverse("desk:unit_instructions")),
        }
        return send_to_each("instruction_recorded", users, context)
    if kind == "feedback":
        feedback = (
            InstructionFeedback.objects.select_related("instruction__article", "reported_by")
            .filter(pk=pk)
            .first()
        )
        if feedback is None:
            return 0
        context = {
            "feedback": feedback,
            "instruction": feedback.instruction,
            "article": feedback.instruction.article,
            "reporter_name": display_name(feedback.reported_by),
            "link": absolute_url(reverse("desk:instruction_list")),
        }
        return send_to_each("instruction_feedback", users, context)
    return 0
