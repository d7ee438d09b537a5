"""The public reader site (URLs are contracts: see DESIGN.md)."""

from django.urls import path

from . import feeds, search_views, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("issues/", views.IssueArchiveView.as_view(), name="issue_archive"),
    path("issues/feed/", feeds.LatestIssuesFeed(), name="issue_feed"),
    path("issues/<int:year>/<int:number>/", views.IssueDetailView.as_view(), name="issue_detail"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("sections/<slug:slug>/", views.SectionDetailView.as_view(), name="section_detail"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("feed/", feeds.LatestArticlesFeed(), name="article_feed"),
    path("search/", search_views.ArticleSearchView.as_view(), name="search"),  # /search/?q=
]
