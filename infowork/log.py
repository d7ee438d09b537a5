"""The audit log of information work: every service writes one row through :func:`log_action`."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

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
