"""Whole-issue downloads in each export format: /issues/<year>/<number>.<format>.

Reverse with ``reverse("issue_export", kwargs={"year": 2012, "number": 2, "format": "txt"})``; the
formats are the modules of ``bulletin.exporters`` (an unknown suffix is a 404).
"""

from django.urls import path

from .export_views import IssueExportView

urlpatterns = [
    path("issues/<int:year>/<int:number>.<slug:format>", IssueExportView.as_view(), name="issue_export"),
]
