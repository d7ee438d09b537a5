"""Whole-issue downloads: /issues/<year>/<number>.txt (and .pdf, .docx once those formats exist)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.http import parse_etags, quote_etag
from django.views import View

from bulletin.models import Issue
from bulletin.selectors import get_visible_issue_or_404

from .exporters import export_errors, get_format
from .exporters.stored import render_stored


def download(request, issue: Issue, format_name: str, *, cache_control: str) -> HttpResponse:
    """The issue's file in ``format_name``, made once per issue version; 304 for a repeat request."""
    export_format = get_format(format_name)
    if export_format is None:
        raise Http404
    try:
        content, version = render_stored(issue, export_format)
    except export_errors() as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    etag = quote_etag(f"{format_name}-{version}")
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=export_format.content_type)
        disposition = "inline" if export_format.is_text else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{export_format.filename(issue=issue)}"'
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


class IssueExportView(View):
    """A published issue the visitor may read, in the format named by the URL suffix."""

    def get(self, request, *, year: int, number: int, format: str):
        if get_format(format) is None:
            raise Http404
        issue = get_visible_issue_or_404(request.user, year=year, number=number)
        public = issue.visibility == "public"
        return download(
            request, issue, format, cache_control="public, max-age=300" if public else "private, no-cache"
        )


@method_decorator(staff_member_required, name="dispatch")
class StaffIssueExportView(View):
    """Any issue, published or not, for the editorial office (unpublished ones marked 样稿)."""

    def get(self, request, *, pk: int, format: str):
        if not request.user.has_perm("bulletin.view_issue"):
            raise PermissionDenied
        issue = get_object_or_404(Issue.objects.select_related("publication"), pk=pk)
        return download(request, issue, format, cache_control="private, no-cache")
