"""The desk at /desk/ (names in the ``desk`` namespace), and the adoption statistics pages at their
old addresses (/stats/…, names without a namespace: they are contracts)."""

from django.urls import include, path

from .views import home, signer
from .views import stats as stats_views

desk_patterns = [
    path("", home.home, name="home"),
    path("signoff/", signer.signoff_queue, name="signoff_queue"),
    path("issues/<int:pk>/", signer.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/<slug:action>/", signer.issue_action, name="issue_action"),
]

urlpatterns = [
    path("desk/", include((desk_patterns, "desk"))),
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats.csv", stats_views.stats_csv, name="stats_csv"),
    path("stats.xlsx", stats_views.stats_xlsx, name="stats_xlsx"),
    path("stats/notice/", stats_views.stats_notice, name="stats_notice"),
    path("stats/notice.pdf", stats_views.stats_notice_pdf, name="stats_notice_pdf"),
]
