"""The audit log of information work: every service writes one row through :func:`log_action`."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import InfoworkLog


def _plain(value: Any) -> Any:
    """A JSON-safe copy: dates, decimals and model instances as text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    encoded = DjangoJSONEncoder().default(value) if not hasattr(value, "_meta") else str(value)
    return encoded


def log_action(
    *, actor, action: InfoworkLog.Action, commission=None, article=None, unit=None, **detail
) -> InfoworkLog:
    """Write one log row: who (``None`` for the system), what, on which records, with the details
    (field values, recipients, notes) as plain JSON."""
    return InfoworkLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        commission=commission,
        article=article,
        unit=unit,
        detail=_plain(detail),
    )


# --- Reading a row's detail in the user's words --------------------------------------------------------

DETAIL_LABELS = {
    "title": _("Title"),
    "deadline": _("Deadline"),
    "units": _("Units"),
    "unit": _("Unit"),
    "recipients": _("Mailed to"),
    "people": _("People"),
    "name": _("Name"),
    "email": _("E-mail"),
    "note": _("Note"),
    "reason": _("Reason"),
    "before": _("Before"),
    "after": _("After"),
    "previous": _("Before"),
    "answered": _("Answered"),
    "article": _("Article"),
    "commission": _("Commission"),
    "adoption": _("Upward adoption"),
    "instruction": _("Leader instruction"),
    "feedback": _("Feedback"),
    "date": _("Date"),
    "day": _("Date"),
    "done_on": _("Date done"),
    "leader": _("Leader"),
    "level": _("Level"),
    "outlet": _("Outlet"),
    "text": _("Text"),
    "told": _("Told"),
    "rule": _("Scoring rule"),
    "event": _("Event"),
    "points": _("Points"),
    "split": _("Split between units"),
    "year": _("Year"),
    "yuan_per_point": _("Yuan per point"),
    "staff": _("Staff member"),
    "reported_by": _("reported by"),
    "phone": _("Phone"),
    "since": _("Since"),
    "active": _("Active"),
    "status": _("Status"),
}


def _code_labels() -> dict[str, str]:
    from .models import Commission, Level, ScoringRule

    labels: dict[str, str] = {}
    for choices in (Level.choices, ScoringRule.Event.choices, Commission.Status.choices):
        labels.update({value: str(label) for value, label in choices})
    return labels


def _value_html(value, codes) -> str:
    if isinstance(value, dict):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}：{}</li>",
                ((str(DETAIL_LABELS.get(key, key)), _value_html(item, codes)) for key, item in value.items()),
            ),
        )
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return conditional_escape(
                "、".join(str(codes.get(item, item)) for item in value if item is not None)
            )
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((_value_html(item, codes),) for item in value)),
        )
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return conditional_escape(str(codes.get(value, value)) if isinstance(value, str) else str(value))


def detail_html(detail: dict) -> str:
    """A log row's ``detail`` as a list with the user's words for its keys and codes."""
    if not detail:
        return "—"
    return mark_safe(_value_html(detail, _code_labels()))  # noqa: S308 — built with format_html
