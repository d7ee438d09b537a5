"""Filters of the PDF template (templates/formats/issue_pdf.html)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from formats.exporters.titles import title_lines

register = template.Library()


@register.filter
def balanced_title(title: str):
    """The title with ``<br>`` where :func:`~formats.exporters.titles.title_lines` breaks it."""
    return mark_safe("<br>".join(conditional_escape(line) for line in title_lines(title or "")))  # noqa: S308  every line escaped
