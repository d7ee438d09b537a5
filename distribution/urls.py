"""Public URLs of distribution: the personal reading link."""

from django.urls import path

from . import views

app_name = "distribution"

urlpatterns = [
    path("r/<str:token>/", views.ReadingLinkView.as_view(), name="reading_link"),
]
