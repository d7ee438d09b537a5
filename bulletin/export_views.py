"""Whole-issue downloads: /issues/<year>/<number>.txt (and .pdf, .docx once those formats exist)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View

from .exporters import export_errors, get_format
from .selectors import get_visible_issue_or_404


class IssueExportView(View):
    """A published issue the visitor may read, rendered in the format named by the URL suffix."""

    def get(self, request, *, year: int, number: int, format: str):
        export_format = get_format(format)
        if export_format is None:
            raise Http404
        issue = get_visible_issue_or_404(request.user, year=year, number=number)
        try:
            content = export_format.render(issue=issue)
        except export_errors() as error:
            return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
        response = HttpResponse(content, content_type=export_format.content_type)
        disposition = "inline" if export_format.is_text else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{export_format.filename(issue=issue)}"'
        return response
