"""Whole-issue downloads in each export format: /issues/<year>/<number>.<format>.

Reverse with ``reverse("issue_export", kwargs={"year": 2012, "number": 2, "format": "txt"})``; the
formats are the modules of ``formats.exporters`` (an unknown suffix is a 404).
"""

from django.urls import path

from .views import IssueExportView, StaffIssueExportView

urlpatterns = [
    path("issues/<int:year>/<int:number>.<slug:format>", IssueExportView.as_view(), name="issue_export"),
    # The editorial office downloads any issue, published or not (unpublished ones say 样稿).
    path(
        "backoffice/issues/<int:pk>.<slug:format>", StaffIssueExportView.as_view(), name="issue_export_staff"
    ),
]
