"""The desk at /desk/ (names in the ``desk`` namespace), and the adoption statistics pages at their
old addresses (/stats/…, names without a namespace: they are contracts)."""

from django.urls import include, path

from .views import home
from .views import stats as stats_views

desk_patterns = [
    path("", home.home, name="home"),
]

urlpatterns = [
    path("desk/", include((desk_patterns, "desk"))),
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats.csv", stats_views.stats_csv, name="stats_csv"),
    path("stats.xlsx", stats_views.stats_xlsx, name="stats_xlsx"),
    path("stats/notice/", stats_views.stats_notice, name="stats_notice"),
    path("stats/notice.pdf", stats_views.stats_notice_pdf, name="stats_notice_pdf"),
]
