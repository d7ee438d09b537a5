"""Adoption statistics (采用统计): the back-office page, its downloads and the printable notice."""

from django.urls import path

from . import views

urlpatterns = [
    path("stats/", views.stats_page, name="stats"),
    path("stats.csv", views.stats_csv, name="stats_csv"),
    path("stats.xlsx", views.stats_xlsx, name="stats_xlsx"),
    path("stats/notice/", views.stats_notice, name="stats_notice"),
    path("stats/notice.pdf", views.stats_notice_pdf, name="stats_notice_pdf"),
]
